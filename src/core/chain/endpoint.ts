/**
 * The RFC 5280 validator as the TLS report's `AnalyzeServedChain`: the
 * served chain, in served order, judged in endpoint mode (serverAuth
 * required, no private roots, `chain-untrusted-root` for a root nobody
 * trusts). Hostname matching stays the report's own `hostname-mismatch`.
 */
import { analyzeChains, prepareChains, type ChainAnchor, type ChainPoolCert } from './findings';
import type { CertificateItem } from '../analysis/decode';
import type { AnalyzeServedChain, EndpointFinding } from '../tls/report-types';
import { summarizeCertificate } from '../x509/certificate';

/**
 * @param storeAnchors the trust store (already honouring `--no-system-trust`)
 *   plus any extra anchors; `ctx.anchors` (the `--ca` DER) is added as well.
 * @example
 *   buildEndpointReport(probe, { now, analyzeServedChain: servedChainAnalyzer(store) })
 */
export function servedChainAnalyzer(storeAnchors: readonly ChainAnchor[]): AnalyzeServedChain {
  return async (served, ctx) => {
    const certs: ChainPoolCert[] = [];
    for (const [index, der] of served.entries()) {
      try {
        const item: CertificateItem = {
          kind: 'certificate',
          span: { start: 0, end: 0 },
          label: 'CERTIFICATE',
          der,
          certificate: await summarizeCertificate(der),
        };
        certs.push({ ref: { file: 'served', index }, item });
      } catch {
        // The report already says `der-malformed` for this position.
      }
    }
    if (certs[0]?.ref.index !== 0) return [];
    const anchors: ChainAnchor[] = [
      ...storeAnchors,
      ...ctx.anchors.map((der) => ({ der, source: 'extra' as const, label: 'extra trust anchor' })),
    ];
    const prepared = prepareChains(certs, ctx.systemTrust ? anchors : anchors.filter((a) => a.source === 'extra'), 'endpoint');
    const { problems } = await analyzeChains(prepared, certs, { now: ctx.now, ...(ctx.servername ? { servername: ctx.servername } : {}) });
    return problems.map((p): EndpointFinding => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      certIndex: p.ref.index,
      ...(p.data && { data: p.data }),
    }));
  };
}
