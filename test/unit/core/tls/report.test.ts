/** buildEndpointReport on synthetic probe results built from a generated PKI (no network). */
import assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { analyzeServedChainFallback } from '../../../../src/core/tls/fallback-chain';
import { buildEndpointReport } from '../../../../src/core/tls/report';
import type { AnalyzeServedChain, ChainAnalysisContext } from '../../../../src/core/tls/report-types';
import { servedChainToPem } from '../../../../src/core/tls/served-cert';
import type { ProbeResult } from '../../../../src/core/tls/types';
import { makePki, removePki, type Pki } from '../../../support/tls-servers';

let pki: Pki;
/** The run's clock, read after the PKI exists: certificates are issued "now" (to the second). */
let now: Date;
before(() => {
  pki = makePki();
  now = new Date();
});
after(() => {
  if (pki) removePki(pki);
});

function probe(chain: string[], extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    target: 'localhost:443',
    host: 'localhost',
    port: 443,
    servername: 'localhost',
    tls: { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: null, handshakeMs: 1 },
    servedChain: chain.map((n) => pki.der(n)),
    clientCertificateRequested: false,
    clientCertificateSent: false,
    capture: { source: 'handshake-bytes', notes: [] },
    ...extra,
  };
}
const codes = (r: { problems: { code: string }[] }): string[] => r.problems.map((p) => p.code).sort();
const ctx = (): ChainAnalysisContext => ({ servername: 'localhost', now, anchors: [], systemTrust: true });

describe('analyzeServedChainFallback', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['leaf, int', ['leaf.pem', 'int.pem'], []],
    ['leaf, int, root', ['leaf.pem', 'int.pem', 'root.pem'], ['chain-root-included']],
    ['leaf, root, int', ['leaf.pem', 'root.pem', 'int.pem'], ['chain-misordered', 'chain-root-included']],
    ['int, leaf (leaf not first)', ['int.pem', 'leaf.pem'], []],
    ['leaf, unrelated self-signed', ['leaf.pem', 'selfsigned.pem'], ['chain-root-included']],
    ['leaf only', ['leaf.pem'], []],
    ['self-signed only', ['selfsigned.pem'], []],
    ['leaf, client (unrelated, same issuer), int', ['leaf.pem', 'client.pem', 'int.pem'], ['chain-misordered']],
  ];
  for (const [name, chain, want] of cases) {
    it(name, async () => {
      const f = await analyzeServedChainFallback(
        chain.map((n) => pki.der(n)),
        ctx(),
      );
      assert.deepEqual(f.map((x) => x.code).sort(), want);
    });
  }
  it('an undecodable certificate: no chain claims', async () => {
    assert.deepEqual(await analyzeServedChainFallback([pki.der('leaf.pem'), new Uint8Array([0x30, 0x03, 1, 2, 3])], ctx()), []);
  });
});

describe('servedChainToPem', () => {
  it('round-trips through openssl-compatible PEM in served order', () => {
    const chain = [pki.der('leaf.pem'), pki.der('root.pem'), pki.der('int.pem')];
    const pem = servedChainToPem(chain);
    assert.equal(pem, pki.pem('leaf.pem') + pki.pem('root.pem') + pki.pem('int.pem'));
  });
});

describe('buildEndpointReport', () => {
  it('good chain: ok verdict, roles and countdowns', async () => {
    const r = await buildEndpointReport(probe(['leaf.pem', 'int.pem']), { now });
    assert.equal(r.verdict.status, 'ok');
    assert.match(r.verdict.text, /^OK localhost:443: TLSv1\.3, 2 certificates served, leaf expires in 8\d days$/);
    assert.deepEqual(
      r.servedChain.map((c) => c.role),
      ['leaf', 'intermediate'],
    );
    assert.equal(r.servedChain[0]?.subjectAltNames.join(), 'DNS:localhost,IP:127.0.0.1,IP:::1');
    assert.equal(r.servedChain[0]?.keyAlgorithm, 'EC');
    assert.equal(r.servedChain[0]?.keySize, 256);
    assert.equal(r.servedChain[0]?.signatureAlgorithm, 'ecdsa-with-SHA256');
    assert.match(r.servedChain[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
    const spki = createHash('sha256')
      .update(createPublicKey(pki.pem('leaf.pem')).export({ type: 'spki', format: 'der' }))
      .digest('hex');
    assert.equal(r.servedChain[0]?.spkiSha256, spki);
    assert.deepEqual(r.problems, []);
  });
  it('hostname-mismatch against the SNI', async () => {
    const r = await buildEndpointReport(probe(['leaf.pem', 'int.pem'], { servername: 'www.example.org' }), { now });
    assert.deepEqual(codes(r), ['hostname-mismatch']);
    assert.equal(r.verdict.status, 'error');
  });
  it('IP target without SNI: checked against the IP SANs', async () => {
    const r = await buildEndpointReport(probe(['leaf.pem'], { host: '127.0.0.1', servername: null }), { now });
    assert.deepEqual(codes(r), []);
  });
  it('expired leaf: cert-expired error on #1', async () => {
    const r = await buildEndpointReport(probe(['leaf-expired.pem', 'int.pem']), { now });
    const p = r.problems.find((x) => x.code === 'cert-expired');
    assert.equal(p?.certIndex, 0);
    assert.equal(p?.severity, 'error');
  });
  it('unreachable: endpoint-unreachable with the reason; verdict says why', async () => {
    const r = await buildEndpointReport(
      probe([], {
        tls: undefined,
        error: { code: 'refused', message: 'connection refused by localhost:443 (nothing is listening there)' },
      } as Partial<ProbeResult>),
      { now },
    );
    assert.deepEqual(codes(r), ['endpoint-unreachable']);
    assert.equal(r.verdict.text, 'ERROR localhost:443: connection refused by localhost:443 (nothing is listening there)');
  });
  it('handshake succeeded but nothing could be read: served-chain-unreadable', async () => {
    const r = await buildEndpointReport(
      probe([], { capture: { source: 'none', notes: ['could not decrypt a TLS 1.3 handshake record'] } }),
      { now },
    );
    assert.deepEqual(codes(r), ['served-chain-unreadable']);
  });
  it('the injected analyzer receives the served chain in served order, and its findings replace the fallback', async () => {
    let seen: { chain: string[]; ctx: ChainAnalysisContext } | undefined;
    const analyze: AnalyzeServedChain = async (chain, c) => {
      seen = { chain: chain.map((d) => Buffer.from(d).toString('hex')), ctx: c };
      return [{ code: 'chain-missing-intermediate', severity: 'error', message: 'missing CN=X', certIndex: 0 }];
    };
    const anchors = [pki.der('root.pem')];
    const r = await buildEndpointReport(probe(['leaf.pem', 'root.pem', 'int.pem']), {
      now,
      anchors,
      systemTrust: false,
      analyzeServedChain: analyze,
    });
    assert.deepEqual(
      seen?.chain,
      ['leaf.pem', 'root.pem', 'int.pem'].map((n) => Buffer.from(pki.der(n)).toString('hex')),
    );
    assert.equal(seen?.ctx.now, now);
    assert.equal(seen?.ctx.servername, 'localhost');
    assert.equal(seen?.ctx.systemTrust, false);
    assert.deepEqual(seen?.ctx.anchors, anchors);
    assert.deepEqual(codes(r), ['chain-missing-intermediate']);
  });
  it('an analyzer that throws becomes a warning, not a crash', async () => {
    const r = await buildEndpointReport(probe(['leaf.pem']), { now, analyzeServedChain: () => Promise.reject(new Error('boom')) });
    assert.deepEqual(codes(r), ['chain-analysis-failed']);
  });
  it('an undecodable served certificate: der-malformed', async () => {
    const r = await buildEndpointReport({ ...probe(['leaf.pem']), servedChain: [pki.der('leaf.pem'), new Uint8Array([1, 2, 3])] }, { now });
    assert.ok(codes(r).includes('der-malformed'));
    assert.equal(r.servedChain[1]?.role, 'unparsable');
  });
  it('the report is JSON-serialisable', async () => {
    const r = await buildEndpointReport(probe(['leaf.pem', 'int.pem']), { now });
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  });
});
