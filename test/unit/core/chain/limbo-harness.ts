/**
 * Maps one x509-limbo test case onto validatePath. Shared by
 * scripts/conformance.ts and the limbo regression test.
 */
import { EKU_OIDS, validatePath, type CertInput, type PeerName } from '../../../../src/core/chain/index.js';

/** Features deliberately not implemented (see docs/conformance.md). */
export const SKIPPED_FEATURES: readonly string[] = [
  'rfc5280-incompatible-with-webpki',
  'pedantic-public-suffix-wildcard',
  'pedantic-rfc5280',
];

export interface LimboCase {
  id: string;
  features: string[];
  validation_kind: 'SERVER' | 'CLIENT';
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  validation_time: string | null;
  expected_peer_name: { kind: string; value: string } | null;
  extended_key_usage: string[];
  max_chain_depth: number | null;
  /** PEM CRLs (feature has-crl). */
  crls?: string[];
  expected_result: 'SUCCESS' | 'FAILURE';
}

export interface LimboOutcome {
  result: 'SUCCESS' | 'FAILURE';
  context: string;
}

const EKU_NAMES: Record<string, string> = {
  serverAuth: EKU_OIDS.serverAuth,
  clientAuth: EKU_OIDS.clientAuth,
  codeSigning: EKU_OIDS.codeSigning,
  emailProtection: EKU_OIDS.emailProtection,
  timeStamping: EKU_OIDS.timeStamping,
  OCSPSigning: EKU_OIDS.ocspSigning,
  anyExtendedKeyUsage: EKU_OIDS.any,
};

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/**
 * @param nullTime the clock for cases with `validation_time: null` (limbo
 * means "now"); the regression test pins it so it never depends on the date.
 */
export async function runLimboCase(c: LimboCase, nullTime?: Date): Promise<LimboOutcome> {
  const certs = (pems: string[], prefix: string): CertInput<string>[] => pems.map((p, i) => ({ der: pemToDer(p), ref: `${prefix}[${i}]` }));
  const peerKind = c.expected_peer_name?.kind;
  const peer: PeerName | undefined =
    peerKind === 'DNS'
      ? { kind: 'dns', value: c.expected_peer_name!.value }
      : peerKind === 'IP'
        ? { kind: 'ip', value: c.expected_peer_name!.value }
        : undefined;
  const r = await validatePath<string>({
    target: { der: pemToDer(c.peer_certificate), ref: 'peer' },
    intermediates: certs(c.untrusted_intermediates, 'untrusted'),
    anchors: certs(c.trusted_certs, 'trusted').map((a) => ({ ...a, source: 'extra' as const })),
    now: c.validation_time ? new Date(c.validation_time) : (nullTime ?? new Date()),
    ...(peer ? { peer } : {}),
    // Like pyca's ServerVerifier, a SERVER validation always wants serverAuth.
    requiredEkus:
      c.extended_key_usage.length > 0
        ? c.extended_key_usage.map((e) => EKU_NAMES[e] ?? e)
        : c.validation_kind === 'SERVER'
          ? [EKU_OIDS.serverAuth]
          : [],
    kind: c.validation_kind === 'SERVER' ? 'server' : 'client',
    ...(c.max_chain_depth !== null ? { maxDepth: c.max_chain_depth } : {}),
    // With CRLs, limbo expects a status the CRLs cannot determine to fail (RFC 5280 §6.3.3).
    ...(c.crls && c.crls.length > 0
      ? { crls: c.crls.map((p, i) => ({ der: pemToDer(p), ref: `crl[${i}]` })), requireRevocation: true }
      : {}),
  });
  if (r.ok) return { result: 'SUCCESS', context: `path ${r.best!.certs.map((x) => x.ref).join(' -> ')}` };
  const why = r.reason ? `${r.reason.code} at ${String(r.reason.culprit)}: ${r.reason.message}` : 'no path';
  return { result: 'FAILURE', context: why };
}
