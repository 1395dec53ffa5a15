/** pairKeys / checkDeclaredPairs on the generated key-mismatch fixtures. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type CertificateItem, type KeyItem } from '../../../../src/core/analysis/decode';
import { checkDeclaredPairs, pairKeys, type PairingFile } from '../../../../src/core/analysis/key-pairing';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'chain-findings', 'key-mismatch');
const text = (f: string): string => readFileSync(join(DIR, f), 'utf8');
async function file(name: string, body = text(name.replace(/^.*\//, ''))): Promise<PairingFile> {
  return { file: name, items: (await decodeText(body)).items };
}

describe('pairKeys', () => {
  const cases: Array<{ name: string; files: () => Promise<PairingFile[]>; lenses: string[]; mismatches: string[] }> = [
    {
      name: 'client.key matches client.crt; server.key does not match server.crt',
      files: async () => Promise.all(['tls/client.key', 'tls/client.crt', 'tls/server.key', 'tls/server.crt'].map((f) => file(f))),
      lenses: [
        'tls/client.key: matches client.crt (CN=client.example.com)',
        'tls/server.key: no certificate in the workspace uses this key',
      ],
      mismatches: ['tls/server.key'],
    },
    {
      name: 'same base name in another folder is no pair',
      files: async () => Promise.all(['a/server.key', 'b/server.crt'].map((f) => file(f))),
      lenses: ['a/server.key: no certificate in the workspace uses this key'],
      mismatches: [],
    },
    {
      name: 'cfssl names: server-key.pem pairs with server.pem',
      files: async () => [await file('x/server-key.pem', text('server.key')), await file('x/server.pem', text('server.crt'))],
      lenses: ['x/server-key.pem: no certificate in the workspace uses this key'],
      mismatches: ['x/server-key.pem'],
    },
    {
      name: 'combined PEM (haproxy style): key and a certificate of another key in one file',
      files: async () => [await file('combined.pem', `${text('server.crt')}\r\n${text('server.key')}`)],
      lenses: ['combined.pem: no certificate in the workspace uses this key'],
      mismatches: ['combined.pem'],
    },
    {
      name: 'combined PEM with its own certificate, CRLF and junk: matches this file',
      files: async () => [await file('c.pem', `junk\r\n${text('client.crt')}junk\r\n${text('client.key')}`.replace(/\n/g, '\r\n'))],
      lenses: ['c.pem: matches this file (CN=client.example.com)'],
      mismatches: [],
    },
    {
      name: 'a truncated key block decodes to nothing: no lens, no mismatch',
      files: async () => [
        await file('t/server.key', text('server.key').slice(0, 80) + '\n-----END PRIVATE KEY-----\n'),
        await file('t/server.crt', text('server.crt')),
      ],
      lenses: [],
      mismatches: [],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = pairKeys(await c.files());
      assert.deepEqual(r.lenses.map((l) => `${l.file}: ${l.text}`).sort(), c.lenses.sort());
      assert.deepEqual(
        [...r.problems.entries()].filter(([, ps]) => ps.length > 0).map(([f, ps]) => (assert.equal(ps[0]!.code, 'key-mismatch'), f)),
        c.mismatches,
      );
    });
  }
});

describe('pairKeys on a combined bundle of many pairs', () => {
  it('every copy of a stray key mismatches once per partner (its own file, the same-stem certificate file); the others match', async () => {
    const unit = `${text('client.crt')}${text('client.key')}${text('server.key')}`;
    const files = [await file('b/server.pem', unit.repeat(3)), await file('b/server.crt', text('client.crt'))];
    const r = pairKeys(files);
    assert.deepEqual(
      r.lenses.map((l) => l.text),
      Array.from({ length: 3 }, () => [
        'matches this file (CN=client.example.com) and 3 more',
        'no certificate in the workspace uses this key',
      ]).flat(),
    );
    const problems = r.problems.get('b/server.pem') ?? [];
    assert.equal(problems.length, 6);
    assert.deepEqual(
      problems.map((p) => p.message.includes('in server.crt')),
      [false, true, false, true, false, true],
    );
  });
});

describe('checkDeclaredPairs (Secret tls.key / tls.crt)', () => {
  it('reports a declared pair whose keys differ, on the key, and accepts a matching one', async () => {
    const key = (f: string) => decodeText(text(f)).then((d) => d.items[0] as KeyItem);
    const cert = (f: string) => decodeText(text(f)).then((d) => d.items[0] as CertificateItem);
    const out = checkDeclaredPairs([
      { key: await key('server.key'), certificates: [await cert('server.crt')], why: 'tls.key and tls.crt of one Secret' },
      { key: await key('client.key'), certificates: [await cert('client.crt')], why: 'tls.key and tls.crt of one Secret' },
      { key: await key('client.key'), certificates: [], why: 'no certificate' },
    ]);
    assert.deepEqual(
      out.map((p) => [p.code, p.severity]),
      [['key-mismatch', 'error']],
    );
    assert.match(out[0]!.message, /tls\.key and tls\.crt of one Secret/);
  });
});

describe('pairKeys: embedded Secret material (decode structured)', () => {
  const b64 = (f: string): string => Buffer.from(text(f)).toString('base64');
  const secret = (name: string, crt: string, key: string, eol = '\n'): string =>
    [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      `  name: ${name}`,
      'type: kubernetes.io/tls',
      'data:',
      `  tls.crt: ${crt}`,
      `  tls.key: ${key}`,
      '',
    ].join(eol);
  const cases: Array<{ name: string; yaml: () => string; mismatches: number }> = [
    { name: 'matching pair', yaml: () => secret('a', b64('client.crt'), b64('client.key')), mismatches: 0 },
    { name: 'key of another certificate', yaml: () => secret('a', b64('server.crt'), b64('server.key')), mismatches: 1 },
    { name: 'CRLF line endings', yaml: () => secret('a', b64('server.crt'), b64('server.key'), '\r\n'), mismatches: 1 },
    { name: 'tls.key not valid base64: nothing to compare', yaml: () => secret('a', b64('server.crt'), 'not*base64'), mismatches: 0 },
    {
      name: 'two Secrets in one file pair within each Secret only',
      yaml: () => `${secret('a', b64('client.crt'), b64('server.key'))}---\n${secret('b', b64('server.crt'), b64('client.key'))}`,
      mismatches: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const yaml = c.yaml();
      const items = (await decodeText(yaml, { structured: true })).items;
      const ps = pairKeys([{ file: 'k8s/secret.yaml', items }]).problems.get('k8s/secret.yaml') ?? [];
      assert.equal(ps.length, c.mismatches);
      for (const p of ps) {
        assert.equal(p.code, 'key-mismatch');
        assert.match(p.message, /tls\.key and tls\.crt of one Secret/);
        assert.ok(yaml.lastIndexOf('tls.key:', p.span.start) > yaml.lastIndexOf('tls.crt:', p.span.start), 'on the tls.key value');
      }
    });
  }
});
