/**
 * SPIFFE X.509-SVIDs (spiffe/spiffe standards: X509-SVID.md, SPIFFE-ID.md),
 * on by context: a certificate with a `spiffe://` URI SAN.
 *
 * - X509-SVID §2: exactly one URI SAN, the SPIFFE ID.
 * - SPIFFE-ID §2: scheme `spiffe`, a trust domain of `[a-z0-9._-]` (no port,
 *   no user info, at most 255 characters), a path of non-empty segments of
 *   `[A-Za-z0-9._-]` other than `.` and `..`, no trailing `/`, no query or
 *   fragment, no percent-encoding; at most 2048 bytes in all.
 * - X509-SVID §4.1/§4.3: a leaf SVID has cA FALSE and a critical keyUsage
 *   with digitalSignature and without keyCertSign/cRLSign. A signing
 *   certificate (cA TRUE) has keyCertSign, and its SPIFFE ID, if any, has no
 *   path (§3).
 * - X509-SVID §4.4: a leaf's extendedKeyUsage, when present, holds both
 *   serverAuth and clientAuth.
 *
 * @example
 * lintSpiffe(item); // [['spiffe-uri-count', 'error', '2 URI SANs …']]
 */
import type { CertificateItem } from '../analysis/decode';
import type { CodedFinding } from '../types';
import type { CertificateSummary } from '../x509/certificate';

export const SPIFFE_CODES = {
  'spiffe-uri-count': 'An X.509-SVID (a certificate with a spiffe:// URI SAN) with more than one URI SAN (X509-SVID §2: exactly one).',
  'spiffe-id-invalid':
    'The SPIFFE ID breaks SPIFFE-ID §2: scheme, trust domain ([a-z0-9._-], no port or user info, ≤ 255 characters), path segments ([A-Za-z0-9._-], not empty, not . or ..), no query, fragment or trailing slash, ≤ 2048 bytes.',
  'spiffe-leaf-profile':
    'A leaf SVID that is a CA, or whose keyUsage is missing, not critical, lacks digitalSignature or has keyCertSign/cRLSign, or whose extendedKeyUsage lacks serverAuth or clientAuth (X509-SVID §4.1, §4.3, §4.4).',
  'spiffe-signing-profile':
    'A SPIFFE signing certificate (cA TRUE with a SPIFFE ID) whose SPIFFE ID has a path, or without keyUsage keyCertSign (X509-SVID §3, §4.3).',
} as const;

export type SpiffeCode = keyof typeof SPIFFE_CODES;

/** The SVID facts the hover and `--json` show. */
export interface SvidInfo {
  readonly spiffeId: string;
  readonly trustDomain: string;
  /** Lifetime notBefore → notAfter, in seconds. */
  readonly ttlSeconds: number;
}

const SPIFFE = /^spiffe:\/\//i;

/** The certificate's SPIFFE ID and TTL when it is an X.509-SVID (has a spiffe:// URI SAN). */
export function svidInfo(s: Pick<CertificateSummary, 'subjectAltNames' | 'notBefore' | 'notAfter'>): SvidInfo | undefined {
  const uri = s.subjectAltNames.find((n) => n.startsWith('URI:') && SPIFFE.test(n.slice(4)));
  if (!uri) return undefined;
  const spiffeId = uri.slice(4);
  const trustDomain = spiffeId.slice('spiffe://'.length).split('/')[0] ?? '';
  return { spiffeId, trustDomain, ttlSeconds: Math.max(0, Math.round((s.notAfter - s.notBefore) / 1000)) };
}

const TRUST_DOMAIN = /^[a-z0-9._-]+$/;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Why `id` is not a valid SPIFFE ID (SPIFFE-ID §2), or undefined. */
export function spiffeIdProblem(id: string): string | undefined {
  if (new TextEncoder().encode(id).length > 2048) return 'longer than 2048 bytes';
  if (!id.startsWith('spiffe://')) return 'the scheme must be "spiffe" in lower case';
  const rest = id.slice('spiffe://'.length);
  if (/[?#]/.test(rest)) return 'a query or fragment is not allowed';
  if (rest.includes('%')) return 'percent-encoding is not allowed';
  const slash = rest.indexOf('/');
  const td = slash < 0 ? rest : rest.slice(0, slash);
  if (td.length === 0) return 'the trust domain is empty';
  if (td.includes('@')) return `the trust domain "${td}" carries user info`;
  if (td.includes(':')) return `the trust domain "${td}" carries a port`;
  if (td.length > 255) return 'the trust domain is longer than 255 characters';
  if (!TRUST_DOMAIN.test(td)) return `the trust domain "${td}" may only hold lower-case letters, digits, ".", "-" and "_"`;
  if (slash < 0) return undefined;
  const path = rest.slice(slash);
  if (path === '/' || path.endsWith('/')) return 'the path must not end with "/"';
  for (const seg of path.slice(1).split('/')) {
    if (seg === '') return 'the path has an empty segment ("//")';
    if (seg === '.' || seg === '..') return `the path segment "${seg}" is not allowed`;
    if (!SEGMENT.test(seg)) return `the path segment "${seg}" may only hold letters, digits, ".", "-" and "_"`;
  }
  return undefined;
}

/** SVID findings of one certificate (empty when it has no spiffe:// URI SAN). Never throws. */
export function lintSpiffe(item: CertificateItem): CodedFinding<SpiffeCode>[] {
  const s = item.certificate;
  const info = svidInfo(s);
  if (!info) return [];
  const out: CodedFinding<SpiffeCode>[] = [];
  const uris = s.subjectAltNames.filter((n) => n.startsWith('URI:'));
  if (uris.length > 1)
    out.push(['spiffe-uri-count', 'error', `${uris.length} URI SANs; an X.509-SVID carries exactly one, its SPIFFE ID (X509-SVID §2)`]);
  const bad = spiffeIdProblem(info.spiffeId);
  if (bad) out.push(['spiffe-id-invalid', 'error', `SPIFFE ID "${info.spiffeId}": ${bad} (SPIFFE-ID §2)`]);
  const ku = s.keyUsage ?? [];
  const kuExt = s.extensions.find((e) => e.oid === '2.5.29.15');
  if (s.isCA) {
    const why: string[] = [];
    if (info.spiffeId.slice('spiffe://'.length).includes('/'))
      why.push("its SPIFFE ID has a path (a signing certificate's has none, and a leaf SVID is never a CA: X509-SVID §3, §4.1)");
    if (!ku.includes('keyCertSign')) why.push('keyUsage lacks keyCertSign (X509-SVID §4.3)');
    if (why.length) out.push(['spiffe-signing-profile', 'error', `SPIFFE signing certificate (cA TRUE): ${why.join('; ')}`]);
    return out;
  }
  const why: string[] = [];
  if (!kuExt) why.push('no keyUsage extension (it must be present and critical)');
  else {
    if (!kuExt.critical) why.push('keyUsage is not critical');
    if (!ku.includes('digitalSignature')) why.push('keyUsage lacks digitalSignature');
    const signing = ku.filter((k) => k === 'keyCertSign' || k === 'cRLSign');
    if (signing.length) why.push(`keyUsage asserts ${signing.join(' and ')}`);
  }
  const eku = s.extendedKeyUsage;
  if (eku) {
    const missing = ['serverAuth', 'clientAuth'].filter((k) => !eku.includes(k));
    if (missing.length) why.push(`extendedKeyUsage lacks ${missing.join(' and ')}`);
  }
  if (why.length) out.push(['spiffe-leaf-profile', 'error', `leaf SVID: ${why.join('; ')} (X509-SVID §4.3, §4.4)`]);
  return out;
}
