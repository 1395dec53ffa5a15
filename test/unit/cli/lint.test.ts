/**
 * `certlens lint` end to end through `main`: each rule fixture reports its
 * code on the marked line in `--format json`, SARIF validates against the
 * official SARIF 2.1.0 schema (shipped by @microsoft/jest-sarif), exit codes.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '../../..');
const RULES_DIR = 'test/fixtures/cert-manager/rules';
const NOW = '2026-11-22T00:00:00Z';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: ROOT, now: () => new Date(NOW) });
  return { code, out, err };
}

interface JsonOut {
  version: number;
  files: Array<{
    path: string;
    items: Array<{ name?: string; renewal: Record<string, string> }>;
    problems: Array<{ code: string; severity: string; range: { start: { line: number } } }>;
  }>;
}

describe('certlens lint --format json', () => {
  for (const f of readdirSync(join(ROOT, RULES_DIR))
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const code = f.slice(0, 5);
    it(`${f}: ${code} on the marked lines`, async () => {
      const r = await run(['lint', `${RULES_DIR}/${f}`, '--format', 'json', '--now', NOW]);
      const json = JSON.parse(r.out) as JsonOut;
      assert.equal(json.version, 1);
      assert.equal(json.files[0]!.path, `${RULES_DIR}/${f}`);
      const lines = [...new Set(json.files[0]!.problems.filter((p) => p.code === code).map((p) => p.range.start.line))].sort(
        (a, b) => a - b,
      );
      const text = readFileSync(join(ROOT, RULES_DIR, f), 'utf8');
      const want = text.split(/\r?\n/).flatMap((l, i) => (l.includes(`# <- ${code}`) ? [i] : []));
      assert.deepEqual(lines, want);
      const hasError = json.files[0]!.problems.some((p) => p.severity === 'error');
      assert.equal(r.code, hasError ? 1 : 0);
    });
  }
  it('Certificate items carry renewal with Go durations', async () => {
    const r = await run(['lint', 'test/fixtures/cert-manager/realistic/docs-letsencrypt-ingress.yaml', '--format', 'json', '--now', NOW]);
    const json = JSON.parse(r.out) as JsonOut;
    assert.deepEqual(json.files[0]!.items[0]!.renewal, {
      lifetime: '2160h0m0s',
      renewBefore: '720h0m0s',
      source: 'default',
      lifetimeSource: 'issuer',
    });
    assert.equal(r.code, 0);
  });
  it('--disable removes rules', async () => {
    const r = await run(['lint', `${RULES_DIR}/CM002-day-suffix.yaml`, '--format', 'json', '--disable', 'CM002,CM120']);
    const json = JSON.parse(r.out) as JsonOut;
    assert.ok(!json.files[0]!.problems.some((p) => p.code === 'CM002'));
    assert.equal(r.code, 0);
  });
});

describe('certlens lint exit codes', () => {
  const cases: Array<[string, string[], number, RegExp | undefined]> = [
    ['no path', ['lint'], 2, /no path given/],
    ['unreadable path', ['lint', 'does/not/exist.yaml'], 2, /cannot read/],
    ['bad format', ['lint', RULES_DIR, '--format', 'xml'], 2, /--format/],
    ['bad --now', ['lint', RULES_DIR, '--now', 'yesterday'], 2, /--now/],
    ['unknown option', ['lint', RULES_DIR, '--frobnicate'], 2, /unknown option/],
    ['clean file', ['lint', 'test/fixtures/cert-manager/realistic/linkerd-identity.yaml'], 0, undefined],
    ['folder with errors', ['lint', RULES_DIR], 1, undefined],
  ];
  for (const [name, args, code, stderr] of cases) {
    it(name, async () => {
      const r = await run(args);
      assert.equal(r.code, code, r.err);
      if (stderr) {
        assert.match(r.err, stderr);
        assert.equal(r.err.trim().split('\n').length, 1);
      }
    });
  }
});

describe('certlens lint --format sarif', () => {
  const raw = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  // The schema is draft-04; Ajv 8 reads it as draft-07 once `id` is `$id`
  // (it uses no draft-04-only keywords such as boolean exclusiveMinimum).
  const { $schema: _drop, id, ...rest } = raw;
  // unicodeRegExp: false because the official schema's `language` pattern has
  // a stray `]` that is only legal without the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile({ ...rest, $id: String(id) });

  it('validates against the SARIF 2.1.0 schema', async () => {
    const r = await run(['lint', RULES_DIR, '--format', 'sarif', '--now', NOW]);
    const log = JSON.parse(r.out) as {
      runs: Array<{
        results: Array<{
          ruleId: string;
          level: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
        }>;
        tool: { driver: { rules: Array<{ id: string }> } };
      }>;
    };
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const results = log.runs[0]!.results;
    assert.ok(results.length > 47);
    const cm005 = results.find((x) => x.ruleId === 'CM005')!;
    assert.equal(cm005.level, 'error');
    assert.deepEqual(cm005.locations[0]!.physicalLocation.artifactLocation.uri, `${RULES_DIR}/CM005-renew-before-not-shorter.yaml`);
    assert.deepEqual(
      [cm005.locations[0]!.physicalLocation.region.startLine, cm005.locations[0]!.physicalLocation.region.startColumn],
      [8, 16],
    );
    assert.ok(log.runs[0]!.tool.driver.rules.some((x) => x.id === 'CM122'));
  });
  it('a schema violation is detected (the validator can fail)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
  });
});
