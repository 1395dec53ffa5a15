/** analyzeChains / servedChainAnalyzer on the generated fixtures, pure, at a fixed clock. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { servedChainAnalyzer } from '../../../../src/core/chain/endpoint';
import {
  analyzeChains,
  chainSeverity,
  prepareChains,
  type ChainAnchor,
  type ChainPoolCert,
  type ChainVerdict,
} from '../../../../src/core/chain/findings';
import { decodeText, type CertificateItem } from '../../../../src/core/analysis/decode';
import { poolCerts } from '../../../../src/core/chain/workspace';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'chain-findings');
const NOW = new Date('2026-01-01T00:00:00Z');
const text = (f: string): string => readFileSync(join(DIR, f), 'utf8');
async function certs(file: string, body = text(file)): Promise<ChainPoolCert[]> {
  return poolCerts(file, (await decodeText(body, { structured: /\.ya?ml$/.test(file) })).items);
}
async function rootAnchor(): Promise<ChainAnchor> {
  return { der: (await certs('root.pem'))[0]!.item.der, source: 'extra', label: '--ca root.pem' };
}
async function fileRun(files: string[], target: string, anchors: ChainAnchor[], bodies: Record<string, string> = {}) {
  const pool = (await Promise.all(files.map((f) => certs(f, bodies[f] ?? text(f))))).flat();
  const mine = await certs(target, bodies[target] ?? text(target));
  return analyzeChains(prepareChains(pool, anchors, 'file'), mine, { now: NOW });
}
const pemBlocks = (t: string): string[] => t.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
const b64 = (pem: string): string => Buffer.from(pem).toString('base64');
const summary = (r: { problems: { code: string; severity: string; ref: { index: number } }[] }): string[] =>
  r.problems.map((p) => `${p.code}/${p.severity}@${p.ref.index}`).sort();

describe('analyzeChains: concatenated fullchain files', () => {
  const CHAIN = join(__dirname, '..', '..', '..', 'fixtures', 'chain');
  const pem = (f: string): string => readFileSync(join(CHAIN, f), 'utf8');
  const run = async (body: string) => {
    const mine = await certs('bundle.pem', body);
    const root = { der: (await certs('root.pem', pem('root.pem')))[0]!.item.der, source: 'extra' as const, label: '--ca root.pem' };
    return analyzeChains(prepareChains(mine, [root], 'file'), mine, { now: new Date('2025-06-01T00:00:00Z') });
  };
  it('each leaf followed by its own copy of the intermediate and root: in order', async () => {
    const r = await run(['leaf.pem', 'ica.pem', 'root.pem', 'leaf-rsa1024.pem', 'ica.pem', 'root.pem'].map(pem).join(''));
    assert.deepEqual(
      r.problems.filter((p) => p.code === 'chain-misordered'),
      [],
    );
  });
  it('a CA listed before many leaves: one warning that says how many leaves it stands for', async () => {
    const r = await run(['ica.pem', 'root.pem', 'leaf.pem', 'leaf-sha1.pem', 'leaf-rsa1024.pem'].map(pem).join(''));
    const misordered = r.problems.filter((p) => p.code === 'chain-misordered');
    assert.equal(misordered.length, 1);
    assert.equal(misordered[0]?.ref.index, 0);
    assert.match(misordered[0]?.message ?? '', /would be blocks #3, #1, #2; so would 2 more leaves of the file after it$/);
    assert.equal(misordered[0]?.data?.moreLeaves, 2);
  });
  it('a leaf after the only copy of its intermediate: still misordered', async () => {
    const r = await run(['leaf.pem', 'ica.pem', 'root.pem', 'leaf-rsa1024.pem'].map(pem).join(''));
    assert.deepEqual(
      r.problems.filter((p) => p.code === 'chain-misordered').map((p) => p.ref.index),
      [1],
    );
  });
});

describe('analyzeChains (file mode)', () => {
  const cases: Array<{
    name: string;
    files: string[];
    target: string;
    trust: boolean;
    expect: string[];
    bodies?: () => Promise<Record<string, string>>;
  }> = [
    {
      name: 'sound chain → chain-ok on the leaf',
      files: ['chain-ok/fullchain.pem'],
      target: 'chain-ok/fullchain.pem',
      trust: true,
      expect: ['chain-ok/info@0'],
    },
    {
      name: 'reversed bundle → misordered on the first block',
      files: ['chain-misordered/fullchain.pem'],
      target: 'chain-misordered/fullchain.pem',
      trust: true,
      expect: ['chain-misordered/warning@0', 'chain-ok/info@1'],
    },
    {
      name: 'root untrusted but in the workspace: the leaf gets no finding of its own',
      files: ['chain-ok/fullchain.pem', 'root.pem'],
      target: 'chain-ok/fullchain.pem',
      trust: false,
      expect: [],
    },
    {
      name: 'root untrusted but in the workspace → private root, once, on the root',
      files: ['chain-ok/fullchain.pem', 'root.pem'],
      target: 'root.pem',
      trust: false,
      expect: ['chain-private-root/info@0'],
    },
    { name: 'a trusted root alone is no finding', files: ['root.pem'], target: 'root.pem', trust: true, expect: [] },
    {
      name: 'expired intermediate',
      files: ['chain-expired-intermediate/fullchain.pem'],
      target: 'chain-expired-intermediate/fullchain.pem',
      trust: true,
      expect: ['chain-expired-intermediate/error@1'],
    },
    {
      name: 'the intermediate in another file: the finding sits on the leaf',
      files: ['chain-expires-early/fullchain.pem'],
      target: 'chain-ok/fullchain.pem',
      trust: true,
      expect: ['chain-ok/info@0'],
    },
    {
      name: 'CRLF, BOM and junk between blocks change nothing',
      files: ['x.pem'],
      target: 'x.pem',
      trust: true,
      expect: ['chain-ok/info@0'],
      bodies: async () => ({
        'x.pem': `\uFEFFjunk\r\n${text('chain-ok/fullchain.pem').replace(/\n/g, '\r\n').replace('-----END CERTIFICATE-----\r\n', '-----END CERTIFICATE-----\r\nmore junk\r\n')}`,
      }),
    },
    {
      name: 'truncated base64 in the intermediate → its block is malformed, the leaf misses its issuer',
      files: ['x.pem'],
      target: 'x.pem',
      trust: true,
      expect: ['chain-missing-intermediate/warning@0'],
      bodies: async () => {
        const t = text('chain-ok/fullchain.pem');
        const second = t.indexOf('-----BEGIN', 10);
        return { 'x.pem': t.slice(0, second + 80) + t.slice(second + 200) };
      },
    },
    {
      name: 'kubeconfig: certificate-authority-data before client-certificate-data is no misorder',
      files: ['kubeconfig.yaml'],
      target: 'kubeconfig.yaml',
      trust: true,
      expect: ['chain-ok/info@1'],
      bodies: async () => {
        const [leaf, ica] = pemBlocks(text('chain-ok/fullchain.pem'));
        return {
          'kubeconfig.yaml': [
            'apiVersion: v1',
            'kind: Config',
            'clusters:',
            '- name: c',
            '  cluster:',
            `    certificate-authority-data: ${b64(ica!)}`,
            'users:',
            '- name: u',
            '  user:',
            `    client-certificate-data: ${b64(leaf!)}`,
            '',
          ].join('\n'),
        };
      },
    },
    {
      name: 'Secret: an intermediate before the leaf inside tls.crt is still misordered',
      files: ['secret.yaml'],
      target: 'secret.yaml',
      trust: true,
      expect: ['chain-misordered/warning@0', 'chain-ok/info@1'],
      bodies: async () => {
        const [leaf, ica] = pemBlocks(text('chain-ok/fullchain.pem'));
        const lines = ['apiVersion: v1', 'kind: Secret', 'type: kubernetes.io/tls', 'metadata:', '  name: s', 'data:'];
        return { 'secret.yaml': [...lines, `  tls.crt: ${b64(ica! + leaf!)}`, ''].join('\n') };
      },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await fileRun(c.files, c.target, c.trust ? [await rootAnchor()] : [], c.bodies ? await c.bodies() : {});
      assert.deepEqual(summary(r), c.expect.sort());
    });
  }

  it('an intermediate whose DER does not parse never throws', async () => {
    const [leaf, ica] = await certs('chain-ok/fullchain.pem');
    const broken: ChainPoolCert = { ref: ica!.ref, item: { ...ica!.item, der: ica!.item.der.subarray(0, 40) } as CertificateItem };
    const r = await analyzeChains(prepareChains([leaf!, broken], [await rootAnchor()], 'file'), [leaf!, broken], { now: NOW });
    assert.ok(r.verdicts.length >= 1);
  });

  it('verdict and hover path: leaf → ICA → anchor, with the anchor labelled', async () => {
    const r = await fileRun(['chain-ok/fullchain.pem'], 'chain-ok/fullchain.pem', [await rootAnchor()]);
    const v = r.verdicts[0]!;
    assert.equal(v.text, 'chain OK → CertLens CF Root');
    assert.deepEqual(
      v.path.map((s) => s.subject),
      ['CN=leaf.example.com', 'CN=CertLens CF ICA', 'CN=CertLens CF Root'],
    );
    assert.equal(v.path[2]!.anchor, '--ca root.pem');
    assert.deepEqual(v.path[1]!.where, { file: 'chain-ok/fullchain.pem', index: 1 });
  });

  // A bundle of 30,000 leaves of one CA kept 60,000 equal steps of the CA and its root: each node's step is made once per file.
  it('two leaves of one ICA share its step and the anchor step, with the same data as before', async () => {
    const ok = text('chain-ok/fullchain.pem');
    const body = ok + pemBlocks(text('chain-invalid/fullchain.pem'))[0]!;
    const r = await fileRun(['chain-ok/fullchain.pem'], 'two-leaves.pem', [await rootAnchor()], { 'two-leaves.pem': body });
    assert.equal(r.verdicts.length, 2);
    const [a, b] = r.verdicts as [ChainVerdict, ChainVerdict];
    assert.notEqual(a.path[0], b.path[0]);
    assert.deepEqual(a.path[1], {
      subject: 'CN=CertLens CF ICA',
      sha256: a.path[1]!.sha256,
      notAfter: a.path[1]!.notAfter,
      where: { file: 'chain-ok/fullchain.pem', index: 1 },
    });
    assert.match(a.path[1]!.sha256, /^[0-9a-f]{64}$/);
    assert.equal(a.path[1], b.path[1], 'one ICA step object');
    assert.equal(a.path[2], b.path[2], 'one anchor step object');
    assert.equal(a.path[2]!.anchor, '--ca root.pem');
  });

  it('missing intermediate carries the AIA caIssuers URL', async () => {
    const r = await fileRun(['chain-missing-intermediate/leaf.pem'], 'chain-missing-intermediate/leaf.pem', [await rootAnchor()]);
    assert.deepEqual(r.problems[0]!.data, { issuer: 'CN=CertLens CF Missing ICA', caIssuers: ['http://pki.example.test/missing-ica.der'] });
  });

  it('severities differ by mode only where issue 4 says so', () => {
    assert.equal(chainSeverity('chain-missing-intermediate', 'file'), 'warning');
    assert.equal(chainSeverity('chain-missing-intermediate', 'endpoint'), 'error');
    assert.equal(chainSeverity('chain-self-signed', 'endpoint'), 'warning');
  });
});

describe('servedChainAnalyzer (endpoint mode)', () => {
  const ders = async (f: string) => (await certs(f)).map((c) => c.item.der);
  const ctx = { servername: 'leaf.example.com', now: NOW, anchors: [] as Uint8Array[], systemTrust: false };
  const cases: Array<{ name: string; file: string; anchors: boolean; expect: string[] }> = [
    { name: 'sound chain', file: 'chain-ok/fullchain.pem', anchors: true, expect: ['chain-ok/info#0'] },
    {
      name: 'a private root the client does not trust → untrusted root',
      file: 'chain-untrusted-root/served.pem',
      anchors: false,
      expect: ['chain-root-included/info#2', 'chain-untrusted-root/error#2'],
    },
    {
      name: 'leaf only, issuer missing → error',
      file: 'chain-missing-intermediate/leaf.pem',
      anchors: true,
      expect: ['chain-missing-intermediate/error#0'],
    },
    {
      name: 'self-signed server certificate',
      file: 'chain-self-signed/self.pem',
      anchors: false,
      expect: ['chain-self-signed/warning#0', 'chain-untrusted-root/error#0'],
    },
    { name: 'clientAuth-only intermediate → chain-eku', file: 'chain-eku/fullchain.pem', anchors: true, expect: ['chain-eku/error#1'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const analyze = servedChainAnalyzer(c.anchors ? [await rootAnchor()] : []);
      const f = await analyze(await ders(c.file), ctx);
      assert.deepEqual(f.map((p) => `${p.code}/${p.severity}#${p.certIndex}`).sort(), c.expect.sort());
    });
  }
  it('leaf, root, intermediate → misordered at the intermediate, root included', async () => {
    const [leaf, ica, root] = await ders('chain-root-included/fullchain.pem');
    const f = await servedChainAnalyzer([await rootAnchor()])([leaf!, root!, ica!], ctx);
    assert.deepEqual(f.map((p) => `${p.code}/${p.severity}#${p.certIndex}`).sort(), [
      'chain-misordered/warning#1',
      'chain-ok/info#0',
      'chain-root-included/info#1',
    ]);
  });
  it('a served list that starts with junk yields nothing (the report says der-malformed)', async () => {
    const analyze = servedChainAnalyzer([]);
    assert.deepEqual(await analyze([new Uint8Array([0x30, 0x03, 1, 2, 3]), ...(await ders('chain-ok/fullchain.pem'))], ctx), []);
  });
});
