/**
 * FALLBACK served-chain analysis: the default of `buildEndpointReport` when no
 * `analyzeServedChain` is injected (pure core cannot load a trust store).
 * `certlens check` injects the RFC 5280 validator instead
 * (`core/chain/endpoint.ts`, `servedChainAnalyzer`).
 * It only reports what the served order itself shows:
 *  - `chain-misordered` (warning): the issuing path from the leaf, linked
 *    by name and confirmed by signature, is not a prefix of the served list;
 *  - `chain-root-included` (info): a self-signed certificate was sent after
 *    the leaf.
 * No trust, no path validation, no missing-intermediate detection: OpenSSL's
 * verdict (`authorizationError`) covers those until the merge.
 */
import type { EndpointFinding, ChainAnalysisContext } from './report-types';
import { decodeServed, verifiesWith } from './served-cert';

export async function analyzeServedChainFallback(served: readonly Uint8Array[], _ctx: ChainAnalysisContext): Promise<EndpointFinding[]> {
  const decoded = await Promise.all(served.map((der, i) => decodeServed(der, i)));
  const certs = decoded.flatMap((d) => (d.ok ? [d] : []));
  if (certs.length !== decoded.length || certs.length < 2) return [];
  const findings: EndpointFinding[] = [];

  const path = [0];
  for (let cur = certs[0]!; !cur.cert.selfSigned;) {
    let next: (typeof certs)[number] | undefined;
    for (const cand of certs) {
      if (path.includes(cand.cert.index) || cand.cert.subject !== cur.cert.issuer) continue;
      if (await verifiesWith(cur.parsed, cand.parsed)) {
        next = cand;
        break;
      }
    }
    if (!next) break;
    path.push(next.cert.index);
    cur = next;
  }
  if (path.some((sent, i) => sent !== i)) {
    const order = path.map((i) => `#${i + 1} (${certs[i]!.cert.subject})`).join(' → ');
    findings.push({
      code: 'chain-misordered',
      severity: 'warning',
      message: `the chain is served out of order: sent ${certs.map((c) => `#${c.cert.index + 1}`).join(', ')}, but the issuing order is ${order}`,
      data: { servedOrder: certs.map((c) => c.cert.index), issuingOrder: path },
    });
  }
  for (const c of certs.slice(1)) {
    if (!c.cert.selfSigned) continue;
    findings.push({
      code: 'chain-root-included',
      severity: 'info',
      certIndex: c.cert.index,
      message: `the server sends its root certificate (#${c.cert.index + 1} ${c.cert.subject}); clients use their own copy, so it only adds bytes`,
    });
  }
  return findings;
}
