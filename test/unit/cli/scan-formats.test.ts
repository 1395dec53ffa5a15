/**
 * `certlens scan --format …`, `--policy` and `scan -` through `main`, on the
 * lifecycle fixtures (scripts/gen-lifecycle-fixtures.sh, clock 2026-06-01).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { main } from '../../../src/cli/main';
import { parseOpenMetrics } from '../core/report/openmetrics-parser';

const ROOT = join(__dirname, '..', '..', '..');
const LIFECYCLE = join(ROOT, 'test', 'fixtures', 'lifecycle');
const NOW = '2026-06-01T00:00:00Z';

async function run(args: string[], cwd = LIFECYCLE, stdin?: string | Uint8Array) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    now: () => new Date('2000-01-01T00:00:00Z'),
    ...(stdin !== undefined && { stdin: async () => (typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin) }),
  });
  return { code, stdout, stderr };
}

describe('certlens scan --format', () => {
  it('--json is --format json', async () => {
    const a = await run(['scan', 'gap', '--no-chain', '--now', NOW, '--json']);
    const b = await run(['scan', 'gap', '--no-chain', '--now', NOW, '--format', 'json']);
    assert.equal(a.stdout, b.stdout);
    const json = JSON.parse(a.stdout) as { files: Array<{ path: string; problems: Array<{ code: string }> }> };
    assert.deepEqual(
      json.files
        .find((f) => f.path === 'gap/api-new.pem')!
        .problems.map((p) => p.code)
        .sort(),
      ['cert-not-yet-valid', 'rotation-gap'],
    );
    assert.equal(a.code, 1);
  });

  const usage: Array<[string, string[], RegExp]> = [
    [
      'unknown format',
      ['--format', 'xml'],
      /^certlens scan: --format: one of text, json, csv, markdown, html, sarif, openmetrics; got "xml"\n$/,
    ],
    ['--json with another format', ['--json', '--format', 'csv'], /--json conflicts with --format csv/],
    ['unreadable --policy-file', ['--policy-file', 'nope.yaml'], /--policy-file nope\.yaml: cannot read \(ENOENT\)/],
    ['bad --overlap-minimum', ['--overlap-minimum', 'soon'], /--overlap-minimum: expected a non-negative number/],
  ];
  for (const [name, extra, stderr] of usage)
    it(`usage error: ${name}`, async () => {
      const r = await run(['scan', 'gap', '--no-chain', '--now', NOW, ...extra]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, stderr);
    });

  it('sarif validates against the SARIF 2.1.0 schema and carries the lifecycle codes', async () => {
    const raw = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const { $schema: _drop, id, ...rest } = raw;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s));
    ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    const validate = ajv.compile({ ...rest, $id: String(id) });
    const r = await run(['scan', '.', '--no-chain', '--now', NOW, '--format', 'sarif']);
    const log = JSON.parse(r.stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
    };
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const where = (code: string) =>
      log.runs[0]!.results.filter((x) => x.ruleId === code)
        .map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)
        .sort();
    assert.deepEqual(where('trust-bundle-dropped-old-ca'), ['ca-rotation/ca-bundle-new.pem', 'cross-signed/trust-2026.pem']);
    assert.deepEqual(where('rotation-overlap-short'), ['overlap/web-2026.pem']);
  });

  it('openmetrics parses and ends with # EOF', async () => {
    const r = await run(['scan', 'superseded', '--no-chain', '--now', NOW, '--format', 'openmetrics']);
    const fams = parseOpenMetrics(r.stdout);
    assert.equal(fams.find((f) => f.name === 'certlens_finding')!.samples[0]!.labels.code, 'cert-superseded');
    assert.equal(fams.find((f) => f.name === 'x509_cert_expired')!.samples.length, 3);
  });

  it('csv, markdown and html render the same certificates', async () => {
    const csv = (await run(['scan', 'overlap', '--no-chain', '--now', NOW, '--format', 'csv'])).stdout;
    assert.equal(csv.split('\r\n').filter(Boolean).length, 4);
    const md = (await run(['scan', 'overlap', '--no-chain', '--now', NOW, '--format', 'markdown'])).stdout;
    assert.match(md, /rotation-overlap-short/);
    const html = (await run(['scan', 'overlap', '--no-chain', '--now', NOW, '--format', 'html'])).stdout;
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<svg /);
  });
});

describe('certlens scan --policy', () => {
  it('applies the policy found in the working directory', async () => {
    const r = await run(['scan', '.', '--no-chain', '--now', NOW], join(LIFECYCLE, 'policy'));
    const codes = [...r.stdout.matchAll(/\[(policy-[a-z-]+)\]/g)].map((m) => m[1]);
    assert.deepEqual(codes, ['policy-lifetime-exceeded', 'policy-key-not-allowed', 'policy-issuer-not-allowed', 'policy-san-missing']);
    assert.match(r.stdout, /^devices\/dev1\.pem:1:1: error \[policy-san-missing\]/m);
  });

  it('a bad policy file is one finding on it, and the scan still reports the rest', async () => {
    const r = await run(['scan', '.', '--no-chain', '--now', NOW, '--policy-file', 'bad/.certlens.yaml'], join(LIFECYCLE, 'policy'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^bad\/\.certlens\.yaml:3:9: error \[policy-invalid\] policy not applied: lifetime: leaf/m);
    assert.equal([...r.stdout.matchAll(/policy-/g)].length, 1);
    assert.match(r.stdout, /devices\/dev2\.pem: 1 item\(s\), no problems/);
  });
});

describe('certlens scan - (stdin)', () => {
  const b64 = (f: string) => readFileSync(join(LIFECYCLE, f)).toString('base64');
  const secret = (ns: string, name: string, crt: string) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { namespace: ns, name },
    data: { 'tls.crt': b64(crt) },
  });

  it('kubectl get certificates,secrets -A -o json: findings named namespace/name', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        secret('prod', 'api-old', 'gap/api-old.pem'),
        secret('prod', 'api-new', 'gap/api-new.pem'),
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'Certificate',
          metadata: { namespace: 'prod', name: 'api' },
          spec: { secretName: 'api-new', dnsNames: ['api.example.com'], issuerRef: { name: 'ca' } },
        },
      ],
    };
    const r = await run(['scan', '-', '--no-chain', '--now', NOW], LIFECYCLE, JSON.stringify(list));
    assert.match(r.stdout, /^prod\/api-new:\d+:\d+: error \[rotation-gap\]/m);
    assert.match(r.stdout, /^prod\/api-old:\d+:\d+: error \[cert-expiring\]/m);
    assert.match(r.stdout, /^prod\/api:/m);
  });

  it('kubectl get secrets -A -o yaml, with files as well', async () => {
    const yaml = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: web\n    namespace: edge\n  data:\n    tls.crt: ${b64('overlap/web-2026.pem')}\n`;
    const r = await run(['scan', '-', 'overlap/web-2025.pem', '--no-chain', '--now', NOW, '--format', 'json'], LIFECYCLE, yaml);
    const json = JSON.parse(r.stdout) as { files: Array<{ path: string; problems: Array<{ code: string }> }> };
    assert.deepEqual(json.files.map((f) => f.path).sort(), ['edge/web', 'overlap/web-2025.pem']);
    assert.ok(json.files.find((f) => f.path === 'edge/web')!.problems.some((p) => p.code === 'rotation-overlap-short'));
  });

  const streams: Array<[string, string | Uint8Array, RegExp]> = [
    ['PEM', readFileSync(join(LIFECYCLE, 'gap/api-old.pem'), 'utf8'), /^<stdin>:1:1: error \[cert-expiring\]/m],
    [
      'DER',
      new Uint8Array(Buffer.from(readFileSync(join(LIFECYCLE, 'gap/api-old.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64')),
      /^<stdin>:1:1: error \[cert-expiring\]/m,
    ],
    ['junk', 'hello\n', /^<stdin>:1:1: error \[stdin-unreadable\]/m],
    ['empty', '', /^<stdin>:1:1: error \[stdin-unreadable\]/m],
    [
      'broken YAML with a PEM block',
      `a: [\n${readFileSync(join(LIFECYCLE, 'gap/api-old.pem'), 'utf8')}`,
      /^<stdin>:\d+:1: error \[cert-expiring\]/m,
    ],
    ['truncated JSON list', '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1"', /^<stdin>:1:1: error \[stdin-unreadable\]/m],
  ];
  for (const [name, input, expected] of streams)
    it(`stdin ${name}`, async () => {
      const r = await run(['scan', '-', '--no-chain', '--now', NOW], LIFECYCLE, input);
      assert.match(r.stdout, expected);
    });
});
