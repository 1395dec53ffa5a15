/**
 * Per-certificate checks of RFC 5280 §6.1.3/§6.1.4 and the web PKI profile
 * (CA/B Forum BR §7.1), split by the role a certificate plays in a path.
 */
import { EXT, type ParsedCert } from './certificate.js';
import { keyInfo, type KeyInfo } from './crypto.js';
import { bytesEqual } from '../util/bytes.js';
import { ipToText, matchesPeer, parseIp } from './hostname.js';
import { OID_CN, attributeTexts } from './names.js';
import { EKU_OIDS, type AnchorSource, type PeerName, type ProfileRule, type ReasonCode } from './types.js';

export interface Rejection {
  readonly code: ReasonCode;
  readonly message: string;
  readonly rule?: ProfileRule;
}

export interface CheckContext {
  /** Validation time in ms, truncated to whole seconds (certificate times have second precision). */
  readonly now: number;
  readonly server: boolean;
  readonly requiredEkus: readonly string[];
  readonly peer?: PeerName;
  /**
   * Skip the "conforming CA" rules of RFC 5280 §4 and the CABF profile
   * (criticality, AKI/SKI presence, serial form…): they bind issuers, while
   * §6 path validation does not check them (NIST PKITS 4.6.4, 4.8.6).
   */
  readonly validationOnly?: boolean;
}

/** Extensions we process; any other critical one rejects the certificate (RFC 5280 §4.2). */
const KNOWN = new Set<string>([
  EXT.SKI,
  EXT.KU,
  EXT.SAN,
  EXT.BC,
  EXT.NC,
  EXT.POLICIES,
  EXT.POLICY_MAPPINGS,
  EXT.AKI,
  EXT.POLICY_CONSTRAINTS,
  EXT.EKU,
  EXT.INHIBIT_ANY,
]);
const KU_KEY_CERT_SIGN = 5;

const keyCache = new WeakMap<ParsedCert, KeyInfo>();
export function certKey(c: ParsedCert): KeyInfo {
  let k = keyCache.get(c);
  if (!k) keyCache.set(c, (k = keyInfo(c.spki)));
  return k;
}

const fail = (code: ReasonCode, message: string, rule?: ProfileRule): Rejection => ({ code, message, ...(rule && { rule }) });

/**
 * The position a certificate takes. Anchors from the trust store are accepted
 * on the store's authority (Mozilla/OS policy already vetted them, and several
 * current Mozilla roots predate the CABF root profile), so profile rules apply
 * to leaves, intermediates and caller-supplied ('extra') anchors only.
 */
export type Role = 'leaf' | 'intermediate' | 'anchor' | 'store-anchor';

/** Checks every certificate gets, whatever its position. */
export function commonChecks(c: ParsedCert, ctx: CheckContext, role: Role): Rejection | undefined {
  const d = c.defects[0];
  if (d) return d;
  // RFC 5280 §4.1.2.5: both bounds inclusive.
  if (ctx.now < c.notBefore) return fail('not-yet-valid', `not valid before ${new Date(c.notBefore).toISOString()}`);
  if (ctx.now > c.notAfter) return fail('expired', `expired ${new Date(c.notAfter).toISOString()}`);
  const key = certKey(c);
  if (key.weak) return fail('weak-key', key.weak);
  for (const [oid, e] of c.extensions)
    if (e.critical && !KNOWN.has(oid)) return fail('unknown-critical-extension', `unknown critical extension ${oid}`);
  return role === 'store-anchor' || ctx.validationOnly ? undefined : profileChecks(c, ctx, role);
}

/** RFC 5280 §4.1/§4.2 "conforming CAs MUST" rules and the CABF profile. */
function profileChecks(c: ParsedCert, ctx: CheckContext, role: Role): Rejection | undefined {
  if (c.version !== 2) return fail('profile', `certificate is X.509 v${c.version + 1}, not v3 (CABF 7.1.1)`, 'version');
  const s = c.serial;
  // RFC 5280 §4.1.2.2: positive, at most 20 octets.
  if (role !== 'anchor' && (s.length > 20 || (s[0]! & 0x80) !== 0 || s.every((b) => b === 0)))
    return fail('profile', 'serial number is not a positive integer of at most 20 octets', 'serial');
  if (c.issuer.rdns.length === 0) return fail('profile', 'empty issuer name (RFC 5280 §4.1.2.4)');
  if (c.aki?.critical) return fail('profile', 'authorityKeyIdentifier is critical (RFC 5280 §4.2.1.1)');
  if (c.extensions.get(EXT.SKI)?.critical) return fail('profile', 'subjectKeyIdentifier is critical (RFC 5280 §4.2.1.2)');
  if (c.extensions.get(EXT.AIA)?.critical) return fail('profile', 'authorityInfoAccess is critical (RFC 5280 §4.2.2.1)');
  if (c.extensions.has(EXT.POLICY_CONSTRAINTS) && !c.extensions.get(EXT.POLICY_CONSTRAINTS)!.critical)
    return fail('profile', 'policyConstraints is not critical (RFC 5280 §4.2.1.11)');
  // Trust anchors are taken as name + key (RFC 5280 §6.1.1 (d)); a cross-signed root without AKI still anchors.
  if (role !== 'anchor' && !c.selfIssued && !c.aki?.keyId)
    return fail('profile', 'authorityKeyIdentifier keyIdentifier missing (RFC 5280 §4.2.1.1)');
  // CABF 7.1.2.1.3 root profile, for self-issued trust anchors.
  if (role === 'anchor' && c.selfIssued && c.aki) {
    if (!c.aki.keyId) return fail('profile', 'authorityKeyIdentifier without keyIdentifier (CABF 7.1.2.1.3)');
    if (c.aki.hasIssuer || c.aki.hasSerial) return fail('profile', 'root authorityKeyIdentifier carries issuer/serial (CABF 7.1.2.1.3)');
    if (c.ski && !bytesEqual(c.ski, c.aki.keyId)) return fail('profile', 'self-issued certificate whose AKI differs from its SKI');
  }
  if (c.san) {
    if (c.subject.rdns.length === 0 && !c.san.critical)
      return fail('profile', 'empty subject with non-critical subjectAltName (RFC 5280 §4.2.1.6)', 'san-empty-subject');
    if (ctx.server && c.subject.rdns.length > 0 && c.san.critical)
      return fail('profile', 'critical subjectAltName with a non-empty subject (CABF 7.1.2.7.12)');
  }
  if (role === 'leaf') return undefined;
  if (c.basicConstraints && !c.basicConstraints.critical)
    return fail('profile', 'CA basicConstraints is not critical (RFC 5280 §4.2.1.9)', 'ca-profile');
  if (!c.ski) return fail('profile', 'CA certificate without subjectKeyIdentifier (RFC 5280 §4.2.1.2)', 'ca-profile');
  if (c.subject.rdns.length === 0) return fail('profile', 'CA certificate with an empty subject (RFC 5280 §4.1.2.6)');
  if (role === 'anchor' && c.eku && ctx.server && c.selfIssued && ctx.requiredEkus.length > 0)
    return fail('eku', 'root certificate carries extendedKeyUsage (CABF 7.1.2.1.2)');
  return undefined;
}

export function isCa(c: ParsedCert): boolean {
  return c.basicConstraints?.ca === true;
}

/** The target certificate (RFC 5280 §6.1.5) plus the requested identity and EKU. */
export function leafChecks(c: ParsedCert, ctx: CheckContext): Rejection | undefined {
  const r = commonChecks(c, ctx, 'leaf');
  if (r) return r;
  if (ctx.validationOnly) return leafIdentity(c, ctx);
  if (!isCa(c) && c.keyUsage?.has(KU_KEY_CERT_SIGN))
    return fail('profile', 'keyCertSign asserted without basicConstraints cA (RFC 5280 §4.2.1.9)', 'ca-profile');
  if (isCa(c) && c.keyUsage && !c.keyUsage.has(KU_KEY_CERT_SIGN))
    return fail('profile', 'cA asserted without keyCertSign (RFC 5280 §4.2.1.9)', 'ca-profile');
  if (c.nameConstraints && !isCa(c)) return fail('profile', 'nameConstraints in an end-entity certificate (RFC 5280 §4.2.1.10)');
  if (c.eku) {
    for (const want of ctx.requiredEkus) if (!c.eku.oids.includes(want)) return fail('eku', `extendedKeyUsage lacks ${want}`);
    if (ctx.server && ctx.requiredEkus.length > 0 && c.eku.oids.includes(EKU_OIDS.any))
      return fail('eku', 'anyExtendedKeyUsage in a subscriber certificate (CABF 7.1.2.7.10)');
    if (ctx.server && ctx.requiredEkus.length > 0 && c.eku.critical)
      return fail('eku', 'critical extendedKeyUsage in a subscriber certificate (CABF 7.1.2.7.10)');
  }
  return leafIdentity(c, ctx) ?? (ctx.server ? cnConsistency(c) : undefined);
}

/** The caller's required EKU and peer name, the part of the leaf checks §6 validation keeps. */
function leafIdentity(c: ParsedCert, ctx: CheckContext): Rejection | undefined {
  if (c.eku) for (const want of ctx.requiredEkus) if (!c.eku.oids.includes(want)) return fail('eku', `extendedKeyUsage lacks ${want}`);
  if (ctx.peer && !matchesPeer(c.san?.names ?? [], ctx.peer))
    return fail('hostname-mismatch', `certificate does not name ${ctx.peer.value}`);
  return undefined;
}

/**
 * CABF BR §7.1.4.3: a CN repeats one SAN entry verbatim, IPs in canonical
 * text. RFC 5280 itself sets no such rule and limbo's rfc5280:: cases carry
 * unrelated CNs, so we reject only a CN that is a variant spelling of an
 * identity (other case, non-canonical IP text, U-label vs A-label) or an IDN
 * absent from the SAN, never a CN that is merely a different name.
 */
function cnConsistency(c: ParsedCert): Rejection | undefined {
  const sans = c.san?.names ?? [];
  if (sans.length === 0) return undefined;
  const dns = sans.flatMap((n) => (n.kind === 'dns' ? [n.text] : []));
  const ipSans = sans.flatMap((n) => (n.kind === 'ip' ? [n.bytes] : []));
  const ips = ipSans.map(ipToText);
  for (const cn of attributeTexts(c.subject, OID_CN)) {
    if (dns.includes(cn) || ips.includes(cn)) continue;
    const lower = cn.toLowerCase();
    const asIp = lenientIp(lower);
    const ipLike = !!asIp && ipSans.some((b) => b.length === asIp.length && b.every((x, i) => x === asIp[i]));
    const variant = dns.some((d) => d.toLowerCase() === lower);
    const idn = !/^[\x20-\x7e]*$/.test(cn) || lower.split('.').some((l) => l.startsWith('xn--'));
    if (ipLike || variant || (idn && dns.length > 0))
      return fail('profile', `subject CN "${cn}" does not repeat a subjectAltName entry verbatim (CABF 7.1.4.3)`, 'cn-not-in-san');
  }
  return undefined;
}

/** An IP address in any common spelling: hex integer, zero-padded quads, any IPv6 text. */
function lenientIp(s: string): Uint8Array | undefined {
  if (/^0x[0-9a-f]{1,8}$/.test(s)) {
    const n = parseInt(s.slice(2), 16);
    return Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s))
    return parseIp(
      s
        .split('.')
        .map((p) => String(Number(p)))
        .join('.'),
    );
  return s.includes(':') ? parseIp(s) : undefined;
}

/** A certificate in issuer position: intermediate or trust anchor (RFC 5280 §6.1.4 (k), (n)). */
export function issuerChecks(c: ParsedCert, ctx: CheckContext, anchor: AnchorSource | undefined): Rejection | undefined {
  const role: Role = anchor === 'store' ? 'store-anchor' : anchor ? 'anchor' : 'intermediate';
  if (!c.basicConstraints) return fail('not-ca', 'issuer has no basicConstraints (RFC 5280 §6.1.4 (k))');
  if (!c.basicConstraints.ca) return fail('not-ca', 'issuer basicConstraints cA is FALSE (RFC 5280 §6.1.4 (k))');
  if (c.keyUsage && !c.keyUsage.has(KU_KEY_CERT_SIGN)) return fail('key-usage', 'issuer keyUsage lacks keyCertSign (RFC 5280 §6.1.4 (n))');
  const r = commonChecks(c, ctx, role);
  if (r) return r;
  // EKU chaining as web PKI clients do it: an issuer's EKU limits its subordinates.
  for (const want of c.eku ? ctx.requiredEkus : [])
    if (!c.eku!.oids.includes(want) && !c.eku!.oids.includes(EKU_OIDS.any)) return fail('eku', `issuer extendedKeyUsage lacks ${want}`);
  return undefined;
}
