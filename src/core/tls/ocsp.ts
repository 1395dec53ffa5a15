/**
 * Stapled OCSP response analysis (RFC 6960): status, times, and the
 * responder signature checked against the leaf's issuer, either directly
 * or through a delegated responder certificate that the issuer signed and
 * that carries id-kp-OCSPSigning (§4.2.2.2). Pure; WebCrypto via pkijs.
 * Never throws.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toHex } from '../util/bytes';
import { CRL_REASONS } from '../revocation/crl-parse';

export type OcspStatus = 'good' | 'revoked' | 'unknown';

export interface OcspSummary {
  /** Overall OCSPResponseStatus (§4.2.1): `successful`, `tryLater`, … */
  readonly responseStatus: string;
  /** Certificate status for the leaf; absent when the response carries none for it. */
  readonly status?: OcspStatus;
  readonly thisUpdate?: string;
  readonly nextUpdate?: string;
  readonly producedAt?: string;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
  /** `valid`: signed by the issuer or its delegate; `invalid`: not; `no-issuer`: the issuer was not available to check. */
  readonly signature: 'valid' | 'invalid' | 'no-issuer';
  /** Subject of the certificate whose key signed the response. */
  readonly signer?: string;
  /** Whether nextUpdate has passed at `now`. */
  readonly stale: boolean;
  /** Set when the response could not be parsed at all. */
  readonly error?: string;
}

const RESPONSE_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', '(4)', 'sigRequired', 'unauthorized'];
const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const ID_KP_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/**
 * @param leafDer the served leaf
 * @param issuerCandidates certificates that may have issued the leaf (served chain, anchors)
 */
export async function analyzeOcsp(
  responseDer: Uint8Array,
  leafDer: Uint8Array,
  issuerCandidates: readonly Uint8Array[],
  now: Date,
): Promise<OcspSummary> {
  try {
    return await analyze(responseDer, leafDer, issuerCandidates, now);
  } catch (e) {
    return { responseStatus: 'unparsable', signature: 'invalid', stale: false, error: e instanceof Error ? e.message : String(e) };
  }
}

async function analyze(responseDer: Uint8Array, leafDer: Uint8Array, candidates: readonly Uint8Array[], now: Date): Promise<OcspSummary> {
  const resp = pkijs.OCSPResponse.fromBER(responseDer as Uint8Array<ArrayBuffer>);
  const rs = resp.responseStatus.valueBlock.valueDec;
  const responseStatus = RESPONSE_STATUS[rs] ?? `(${rs})`;
  if (rs !== 0 || !resp.responseBytes) return { responseStatus, signature: 'invalid', stale: false };
  if (resp.responseBytes.responseType !== ID_PKIX_OCSP_BASIC) {
    return { responseStatus, signature: 'invalid', stale: false, error: `unsupported response type ${resp.responseBytes.responseType}` };
  }
  const basic = pkijs.BasicOCSPResponse.fromBER(resp.responseBytes.response.valueBlock.valueHexView as Uint8Array<ArrayBuffer>);
  const leaf = pkijs.Certificate.fromBER(leafDer as Uint8Array<ArrayBuffer>);
  const issuers = candidates.flatMap((d) => {
    try {
      return [pkijs.Certificate.fromBER(d as Uint8Array<ArrayBuffer>)];
    } catch {
      return [];
    }
  });
  const tbs = basic.tbsResponseData;
  const producedAt = tbs.producedAt?.toISOString();
  const leafSerial = hex(leaf.serialNumber.valueBlock.valueHexView);
  const single = tbs.responses.find((r) => hex(r.certID.serialNumber.valueBlock.valueHexView) === leafSerial);
  const issuer = single ? await findIssuer(single.certID, leaf, issuers) : issuers.find((i) => i.subject.isEqual(leaf.issuer));
  const sig = await checkSignature(basic, issuer);
  const base = { responseStatus, ...(producedAt ? { producedAt } : {}), ...sig };
  if (!single) return { ...base, stale: false, error: "the response does not cover the served leaf's serial number" };
  const status = certStatus(single.certStatus);
  const nextUpdate = single.nextUpdate?.toISOString();
  return {
    ...base,
    status: status.status,
    thisUpdate: single.thisUpdate.toISOString(),
    ...(nextUpdate ? { nextUpdate } : {}),
    ...(status.revokedAt ? { revokedAt: status.revokedAt } : {}),
    ...(status.reason ? { revocationReason: status.reason } : {}),
    stale: single.nextUpdate !== undefined && single.nextUpdate.getTime() < now.getTime(),
  };
}

/** §4.1.1 CertID: the issuer is the candidate whose key hash (over the BIT STRING value) matches. */
async function findIssuer(id: pkijs.CertID, leaf: pkijs.Certificate, issuers: pkijs.Certificate[]): Promise<pkijs.Certificate | undefined> {
  const hash = HASHES[id.hashAlgorithm.algorithmId];
  const want = hex(id.issuerKeyHash.valueBlock.valueHexView);
  for (const c of issuers) {
    if (!c.subject.isEqual(leaf.issuer)) continue;
    if (!hash) return c;
    const key = c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
    const got = hex(new Uint8Array(await globalThis.crypto.subtle.digest(hash, key as Uint8Array<ArrayBuffer>)));
    if (got === want) return c;
  }
  return undefined;
}

async function checkSignature(
  basic: pkijs.BasicOCSPResponse,
  issuer: pkijs.Certificate | undefined,
): Promise<Pick<OcspSummary, 'signature' | 'signer'>> {
  if (!issuer) return { signature: 'no-issuer' };
  const engine = pkijs.getCrypto(true);
  const tbs = basic.tbsResponseData.tbsView as Uint8Array<ArrayBuffer>;
  const verify = (spki: pkijs.PublicKeyInfo): Promise<boolean> =>
    engine.verifyWithPublicKey(tbs, basic.signature, spki, basic.signatureAlgorithm).catch(() => false);
  if (await verify(issuer.subjectPublicKeyInfo)) return { signature: 'valid', signer: nameOf(issuer) };
  for (const delegate of basic.certs ?? []) {
    if (!(await verify(delegate.subjectPublicKeyInfo))) continue;
    const signedByIssuer = await delegate.verify(issuer).catch(() => false);
    if (signedByIssuer && hasOcspSigning(delegate)) return { signature: 'valid', signer: nameOf(delegate) };
    return { signature: 'invalid', signer: nameOf(delegate) };
  }
  return { signature: 'invalid' };
}

function hasOcspSigning(c: pkijs.Certificate): boolean {
  const ext = c.extensions?.find((e) => e.extnID === '2.5.29.37');
  const eku = ext?.parsedValue as pkijs.ExtKeyUsage | undefined;
  return eku?.keyPurposes?.includes(ID_KP_OCSP_SIGNING) ?? false;
}

/** CertStatus ::= CHOICE { good [0] NULL, revoked [1] RevokedInfo, unknown [2] NULL } */
function certStatus(s: asn1js.AsnType): { status: OcspStatus; revokedAt?: string; reason?: string } {
  const tag = (s as asn1js.BaseBlock).idBlock.tagNumber;
  if (tag === 0) return { status: 'good' };
  if (tag !== 1) return { status: 'unknown' };
  const parts = ((s as asn1js.Constructed).valueBlock?.value ?? []) as asn1js.AsnType[];
  const time = parts[0];
  const revokedAt = time instanceof asn1js.GeneralizedTime ? time.toDate().toISOString() : undefined;
  let reason: string | undefined;
  const r = parts[1] as asn1js.Constructed | undefined;
  const inner = r?.valueBlock?.value?.[0];
  if (inner instanceof asn1js.Enumerated) reason = CRL_REASONS[inner.valueBlock.valueDec] ?? String(inner.valueBlock.valueDec);
  return { status: 'revoked', ...(revokedAt ? { revokedAt } : {}), ...(reason ? { reason } : {}) };
}

function nameOf(c: pkijs.Certificate): string {
  return c.subject.typesAndValues.map((tv) => `${shortType(tv.type)}=${tv.value.valueBlock.value}`).join(', ');
}

function shortType(oid: string): string {
  return ({ '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C' } as Record<string, string>)[oid] ?? oid;
}

/** Serial-number style: lower-case hex without leading zero bytes. */
function hex(b: Uint8Array): string {
  return toHex(b).replace(/^(00)+(?=.)/, '');
}
