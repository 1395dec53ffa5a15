/**
 * An online OCSP query for a served leaf (RFC 6960), planned in the pure
 * core: the responder URL from the leaf's AIA (`http:` only, as RFC 6960
 * Appendix A.1 and every public CA use), the issuer among the served chain
 * and the user's anchors (the candidate whose key verifies the leaf), and the
 * DER OCSPRequest with a SHA-1 CertID (§4.1.1: issuerNameHash and
 * issuerKeyHash over the issuer's DN and subjectPublicKey BIT STRING value,
 * SHA-1 being what responders are required to understand). No nonce: many
 * responders serve pre-signed responses and ignore or reject one (RFC 8954).
 * The HTTP exchange itself is `src/node/ocsp-client.ts`.
 */
import * as pkijs from 'pkijs';
import { summarizeCertificate } from '../x509/certificate';

export type OcspPlan =
  | { readonly ok: true; readonly url: string; readonly request: Uint8Array; readonly issuer: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/**
 * @example
 * const plan = await planOcspQuery(leafDer, [intermediateDer]);
 * if (plan.ok) response = await postOcsp(plan.url, plan.request);
 */
export async function planOcspQuery(leafDer: Uint8Array, issuerCandidates: readonly Uint8Array[]): Promise<OcspPlan> {
  try {
    const summary = await summarizeCertificate(leafDer);
    const url = summary.ocspUrls.find((u) => /^http:\/\//i.test(u));
    if (!url) {
      return {
        ok: false,
        reason: summary.ocspUrls.length
          ? `the certificate names no http: OCSP responder (${summary.ocspUrls.join(', ')})`
          : 'the certificate names no OCSP responder (AIA)',
      };
    }
    const leaf = pkijs.Certificate.fromBER(leafDer as Uint8Array<ArrayBuffer>);
    const issuer = await findIssuer(leaf, issuerCandidates);
    if (!issuer)
      return { ok: false, reason: 'the issuer certificate was not served (add it as an extra trust anchor) so no CertID can be made' };
    const req = new pkijs.OCSPRequest();
    await req.createForCertificate(leaf, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer.cert });
    return { ok: true, url, request: new Uint8Array(req.toSchema(true).toBER()), issuer: issuer.der };
  } catch (e) {
    return { ok: false, reason: `cannot build the OCSP request: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function findIssuer(
  leaf: pkijs.Certificate,
  candidates: readonly Uint8Array[],
): Promise<{ cert: pkijs.Certificate; der: Uint8Array } | undefined> {
  let byName: { cert: pkijs.Certificate; der: Uint8Array } | undefined;
  for (const der of candidates) {
    let cert: pkijs.Certificate;
    try {
      cert = pkijs.Certificate.fromBER(der as Uint8Array<ArrayBuffer>);
    } catch {
      continue;
    }
    if (!cert.subject.isEqual(leaf.issuer)) continue;
    byName ??= { cert, der };
    if (await leaf.verify(cert).catch(() => false)) return { cert, der };
  }
  return byName;
}
