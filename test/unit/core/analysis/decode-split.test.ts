import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodePemInto, decodeText, type DecodedFile, type DecodeSink } from '../../../../src/core/analysis/decode';
import { decodeSplitPart, mergeSplit, planSplit, splitJobs } from '../../../../src/core/analysis/decode-split';
import { buildFileReport } from '../../../../src/core/analysis/file-report';
import { encodeBase64, toPem } from '../../../../src/core/pem/base64';
import { scanPem } from '../../../../src/core/pem/scanner';
import { YAML_LIMITS } from '../../../../src/core/util/yaml-limits';
import { parseYamlDocuments } from '../../../../src/core/k8s/parse-yaml';
import { nobleDigest } from '../../../../src/core/x509/digest';

const FIX = join(__dirname, '../../../fixtures');
const read = (p: string): string => readFileSync(join(FIX, p), 'utf8');
const b64 = (s: string | Uint8Array): string => encodeBase64(typeof s === 'string' ? new TextEncoder().encode(s) : s);
const der = (name: string): Uint8Array => scanPem(read(`certs/${name}`)).blocks[0]?.der ?? new Uint8Array(0);
const NOW = new Date('2025-06-01T00:00:00Z');

/** The split path as the CLI runs it, each job and result passed through structuredClone as through a worker. */
async function decodeInParts(text: string, weights: readonly number[]): Promise<DecodedFile | undefined> {
  const plan = planSplit(text, weights);
  if (!plan) return undefined;
  const pem: DecodeSink = { items: [], problems: [], digest: nobleDigest };
  await decodePemInto(text, pem);
  const parts = [];
  for (const job of splitJobs(text, plan, pem.items)) parts.push(structuredClone(await decodeSplitPart(structuredClone(job), nobleDigest)));
  return mergeSplit(plan, pem, parts);
}

/** Two to five parts, and two parts cut at every twentieth of the text. */
const WEIGHTS: number[][] = [[1, 1], [1, 1, 1], [1, 2, 1, 3, 1], ...Array.from({ length: 19 }, (_, f) => [f + 1, 19 - f])];

/** Every split of `text` that the weights reach gives exactly the whole text's decode; returns how many splits were tried. */
async function assertIdentity(text: string, expectedSplits = 1, weightsList = WEIGHTS): Promise<number> {
  const whole = await decodeText(text, { structured: true });
  let tried = 0;
  const seen = new Set<string>();
  for (const weights of weightsList) {
    const plan = planSplit(text, weights);
    const key = JSON.stringify(plan?.parts);
    if (!plan || seen.has(key)) continue;
    seen.add(key);
    tried++;
    assert.deepStrictEqual(await decodeInParts(text, weights), whole, `parts ${key}`);
  }
  assert.ok(tried >= expectedSplits, `only ${tried} distinct splits`);
  return tried;
}

function secret(i: number, data: Record<string, string>, type = 'kubernetes.io/tls'): string {
  const fields = Object.entries(data).map(([k, v]) => `  ${k}: ${v}\n`);
  return `apiVersion: v1\nkind: Secret\ntype: ${type}\nmetadata:\n  name: s${i}\n  namespace: default\ndata:\n${fields.join('')}`;
}

/** Each kind of document the embedded reader and the TLS Secret checks handle, in turn. */
function generated(n: number): string {
  const leaf = toPem('CERTIFICATE', der('left5of90.pem'));
  const chain = read('certs/chain.pem');
  const p7 = read('certs/chain.p7b');
  const key = read('certs/healthy.key');
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    switch (i % 9) {
      case 0:
        docs.push(secret(i, { 'tls.crt': b64(chain), 'tls.key': b64(key), 'ca.crt': b64(read('certs/root.pem')) }));
        break;
      case 1:
        docs.push(secret(i, { 'tls.crt': b64(read('certs/chain-misordered.pem')), 'tls.key': b64(key) }));
        break;
      case 2:
        docs.push(secret(i, { 'tls.crt': 'bm90IGJhc2U2NA=!', 'tls.key': '""' }));
        break;
      case 3:
        docs.push(
          `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: pem${i}\nstringData:\n  tls.crt: |\n${leaf.replace(/^/gm, '    ').trimEnd()}\n  ca.crt: |\n${read('certs/int.pem').replace(/^/gm, '    ').trimEnd()}\n`,
        );
        break;
      case 4:
        docs.push(
          `apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    client-certificate-data: ${b64(read('certs/healthy.pem'))}\n    client-key-data: ${b64(key)}\n`,
        );
        break;
      case 5:
        docs.push(
          `apiVersion: v1\nkind: List\nitems:\n- ${secret(i, { 'tls.crt': b64(p7) })
            .replace(/\n/g, '\n  ')
            .trimEnd()}\n`,
        );
        break;
      case 6:
        docs.push(read('k8s/csr-v1.yaml'));
        break;
      case 7:
        docs.push(
          `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nwebhooks:\n- name: w\n  clientConfig:\n    caBundle: "${b64(der('root.pem'))}"\n`,
        );
        break;
      default:
        docs.push(secret(i, { 'tls.crt': '', 'tls.key': b64(key) }));
    }
  }
  return docs.join('---\n');
}

describe('a YAML text decoded in parts gives exactly the whole decode', () => {
  it('on the Kubernetes fixtures, one after another', async () => {
    const dir = join(FIX, 'k8s');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    const json = read('k8s/csr-v1beta1.json');
    await assertIdentity(['', ...texts, json, ...texts].join('---\n'), 5);
  });

  it('on the cert-manager fixtures, one after another', async () => {
    const dir = join(FIX, 'cert-manager', 'realistic');
    // Those that parse cleanly: a syntax error refuses the split (next test).
    const texts = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .filter((t) => parseYamlDocuments(t).every((d) => d.errors.length === 0));
    assert.ok(texts.length > 5);
    // Their own separators stay: several have more than one document.
    await assertIdentity(`${texts.join('\n---\n')}\n---\n${secret(0, { 'tls.crt': b64(read('certs/chain.pem')) })}`, 3);
  });

  it('on a generated file of Secrets, kubeconfigs, CSRs, Lists and webhooks: items, spans, pair keys, containers, findings', async () => {
    const text = generated(45);
    const n = await assertIdentity(text, 10);
    assert.ok(n >= 10);
    const whole = await decodeText(text, { structured: true });
    assert.ok(whole.items.some((i) => i.container !== undefined) && whole.items.some((i) => i.embedded?.pairKey?.startsWith('40:')));
    assert.ok(whole.secrets && whole.secrets.length > 10);
    const parts = await decodeInParts(text, [1, 1, 1]);
    assert.ok(parts);
    const report = async (decoded: DecodedFile) => (await buildFileReport({ file: 'g.yaml', text, decoded }, { now: NOW })).findings;
    const findings = await report(parts);
    assert.ok(findings.length > 20);
    assert.deepStrictEqual(findings, await report(whole));
  });

  it('with CRLF line ends and a byte-order mark', async () => {
    await assertIdentity(`\ufeff${generated(12).replace(/\n/g, '\r\n')}`, 5);
  });

  it('around what crosses a line: quoted and block scalars, flow collections, comments, document end markers', async () => {
    const tls = secret(1, { 'tls.crt': b64(read('certs/healthy.pem')) });
    const text = [
      `a: "multi-line\n  quoted"\n`,
      `b: [1, 2,\n  3]\nc: |\n  block\n\n`,
      `--- # a comment on the marker\n${tls}# trailing comment\n...\n# between\n`,
      `--- {d: 1}\n`,
      `---\t\n${tls}----x: not a marker\n---y: nor this\n`,
      `--- &x\ne: 1\nf: *x\ng: 'it''s'\n`,
      `--- |\n  top-level block\n`,
      `---\n${tls}`,
    ].join('---\n');
    await assertIdentity(text, 4);
  });

  it('refuses the parts when a document has a syntax error: an unterminated quote runs to the next quote character, wherever it is', async () => {
    const tls = secret(1, { 'tls.crt': b64(read('certs/healthy.pem')) });
    const texts = [
      `${tls}---\na: "unterminated\n---\n${tls}---\n${tls}`,
      `${tls}---\na: 'unterminated\n---\n${tls}---\nb: "x"\n---\n${tls}`,
      `${tls}---\nb: [1, 2,\n---\n${tls}---\n${tls}`,
    ];
    for (const text of texts) {
      let tried = 0;
      for (let f = 1; f < 10; f++) {
        if (!planSplit(text, [f, 10 - f])) continue;
        tried++;
        assert.equal(await decodeInParts(text, [f, 10 - f]), undefined);
      }
      assert.ok(tried > 0);
    }
  });

  it('past the document cap: the same yaml-limit-exceeded finding, and PEM after the cut still read', async () => {
    const docs = Array.from(
      { length: YAML_LIMITS.maxDocuments + 5 },
      (_, i) => `kind: Secret\nmetadata: {name: n${i}}\ndata:\n  tls.crt: ""\n`,
    );
    const tail = `stringData:\n  tls.crt: |\n${read('certs/healthy.pem').replace(/^/gm, '    ').trimEnd()}\n`;
    const text = `${secret(0, { 'tls.crt': b64(read('certs/chain.pem')) })}---\n${docs.join('---\n')}---\n${tail}`;
    const whole = await decodeText(text, { structured: true });
    assert.ok(whole.problems.some((p) => p.code === 'yaml-limit-exceeded'));
    assert.ok(whole.items.some((i) => i.embedded === undefined));
    await assertIdentity(text, 2, [
      [1, 1],
      [1, 2, 1],
    ]);
  });

  it('is refused where a split could change the result, or gains nothing', async () => {
    const tls = secret(1, { 'tls.crt': b64(read('certs/healthy.pem')) });
    const cases: Array<[string, string]> = [
      ['a directive', `${tls}---\n%YAML 1.2\n---\n${tls}`],
      ['a %TAG directive', `%TAG ! tag:example.com,2000:\n---\n${tls}---\n${tls}`],
      ['one document', tls],
      ['no embedded material and no TLS Secret', 'a: 1\n---\nb: 2\n---\nc: 3\n'],
      ['too many aliases', `${tls}---\n${'x: *a\n'.repeat(YAML_LIMITS.maxAliases + 1)}`],
      ['nesting past the depth cap', `${tls}---\nx: ${'['.repeat(YAML_LIMITS.maxDepth + 1)}\n`],
      ['a marker with no white space after it', `${tls}---x\n${tls}`],
    ];
    for (const [name, text] of cases) assert.equal(planSplit(text, [1, 1]), undefined, name);
    assert.equal(planSplit(`${tls}---\n${tls}`, [1]), undefined, 'one part');
    // A part may start one character in.
    const early = `\n---\n${tls}---\n${tls}`;
    assert.equal(planSplit(early, [0, 1])?.parts[1]?.start, 1);
    await assertIdentity(early, 2, [
      [0, 1],
      [1, 1],
    ]);
    assert.deepStrictEqual(planSplit(`${tls}---\n${tls}`, [1, 1])?.parts, [
      { start: 0, end: tls.length },
      { start: tls.length, end: 2 * tls.length + 4 },
    ]);
  });

  it('falls back when a part alone hits a YAML limit', async () => {
    const tls = secret(1, { 'tls.crt': b64(read('certs/healthy.pem')) });
    // An open `[` in a plain scalar stops the whole text's pre-scan from counting block depth; the part alone counts it.
    const deep = Array.from({ length: YAML_LIMITS.maxDepth + 2 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    const text = `${tls}x: a[b\n---\n${deep} 1\n`;
    const plan = planSplit(text, [1, 1]);
    assert.ok(plan, 'the whole text passes the pre-scan');
    const [, second] = splitJobs(text, plan, []);
    assert.ok(second);
    const result = await decodeSplitPart(second, nobleDigest);
    assert.equal(result.ok, false);
    assert.equal(mergeSplit(plan, { items: [], problems: [] }, [result, result]), undefined);
  });
});
