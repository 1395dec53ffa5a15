/**
 * Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)/(c), §6.1.4 (g)).
 *
 * Each CA's constraints are checked on their own against every later name
 * in the path. A name must satisfy every CA's permitted set for its type, so
 * this is the intersection of §6.1.4 (g) without materialising it.
 */
import type { NameConstraints, ParsedCert } from './certificate.js';
import { isValidDnsName } from './hostname.js';
import { OID_CN, OID_EMAIL_ATTR, attributeTexts, type DistinguishedName, type GeneralName } from './names.js';

export interface NcOutcome {
  readonly ok: boolean;
  readonly message?: string;
  /** Comparisons performed, charged to the caller's budget. */
  readonly work: number;
  /** The check was refused because it would exceed the comparison limit. */
  readonly overLimit?: boolean;
}

/** The names of `cert` subject to constraints: SAN, subject DN, subject e-mail attributes, and CN as web PKI does. */
export function constrainedNames(cert: ParsedCert, isLeaf: boolean): GeneralName[] {
  const names: GeneralName[] = [...(cert.san?.names ?? [])];
  if (cert.subject.rdns.length > 0) names.push({ kind: 'dn', dn: cert.subject });
  for (const e of attributeTexts(cert.subject, OID_EMAIL_ATTR)) names.push({ kind: 'email', text: e, ascii: true });
  // Web PKI (Chrome, Go, BetterTLS): without a SAN, a leaf's CN that looks
  // like a hostname is treated as one, so constraints cannot be evaded by it.
  if (isLeaf && !cert.san?.names.some((n) => n.kind === 'dns' || n.kind === 'ip')) {
    for (const cn of attributeTexts(cert.subject, OID_CN))
      if (isValidDnsName(cn.toLowerCase(), true)) names.push({ kind: 'dns', text: cn, ascii: true });
  }
  return names;
}

/** Constraint well-formedness (RFC 5280 §4.2.1.10); returns why a subtree is unusable. */
export function invalidConstraint(c: GeneralName): string | undefined {
  switch (c.kind) {
    case 'dns':
      if (c.text === '') return undefined;
      return c.ascii && isValidDnsName(c.text, false) ? undefined : `malformed dNSName constraint "${c.text}"`;
    case 'ip': {
      if (c.bytes.length !== 8 && c.bytes.length !== 32) return 'iPAddress constraint is not address+mask';
      const mask = c.bytes.subarray(c.bytes.length / 2);
      let seenZero = false;
      for (const b of mask)
        for (let j = 7; j >= 0; j--) {
          const bit = (b >> j) & 1;
          if (bit && seenZero) return 'iPAddress constraint mask is not contiguous';
          if (!bit) seenZero = true;
        }
      return undefined;
    }
    case 'email':
      return c.ascii && (c.text.match(/@/g) ?? []).length <= 1 ? undefined : `malformed rfc822Name constraint "${c.text}"`;
    default:
      return undefined;
  }
}

function dnsWithin(name: string, base: string): boolean {
  return base === '' || name === base || name.endsWith(`.${base}`);
}

/** `*.x` as the set of one-label children of x. */
function dnsPermitted(name: string, base: string): boolean {
  return name.startsWith('*.') ? dnsWithin(name.slice(2), base) : dnsWithin(name, base);
}
function dnsExcluded(name: string, base: string): boolean {
  if (!name.startsWith('*.')) return dnsWithin(name, base);
  const rest = name.slice(2);
  // The wildcard's set meets the subtree when the subtree contains rest's children or lies under one of them.
  return dnsWithin(rest, base) || base.endsWith(`.${rest}`);
}

function emailMatches(name: string, base: string): boolean {
  const at = name.lastIndexOf('@');
  const host = name.slice(at + 1).toLowerCase();
  if (base.includes('@')) {
    const b = base.lastIndexOf('@');
    return name.slice(0, at) === base.slice(0, b) && host === base.slice(b + 1).toLowerCase();
  }
  const lb = base.toLowerCase();
  return lb.startsWith('.') ? host.endsWith(lb) : host === lb;
}

function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  return m && m[1] ? m[1].toLowerCase() : undefined;
}

function uriMatches(host: string, base: string): boolean {
  const b = base.toLowerCase();
  return b.startsWith('.') ? host.endsWith(b) : host === b;
}

function ipMatches(addr: Uint8Array, c: Uint8Array): boolean {
  const n = c.length / 2;
  if (addr.length !== n) return false;
  for (let i = 0; i < n; i++) if ((addr[i]! & c[n + i]!) !== (c[i]! & c[n + i]!)) return false;
  return true;
}

function dnPrefix(name: DistinguishedName, base: DistinguishedName): boolean {
  if (base.rdns.length > name.rdns.length) return false;
  return base.rdns.every((rdn, i) => rdn.map((a) => a.key).join('+') === name.rdns[i]!.map((a) => a.key).join('+'));
}

/** Is the name well-formed enough to be judged at all? */
function invalidName(n: GeneralName): string | undefined {
  if (n.kind === 'dns' && !(n.ascii && isValidDnsName(n.text.toLowerCase(), true))) return `malformed dNSName "${n.text}"`;
  if (n.kind === 'ip' && n.bytes.length !== 4 && n.bytes.length !== 16) return 'malformed iPAddress SAN';
  if (n.kind === 'email' && (!n.ascii || (n.text.match(/@/g) ?? []).length !== 1 || /^@|@$/.test(n.text)))
    return `malformed rfc822Name "${n.text}"`;
  if (n.kind === 'uri' && !uriHost(n.text)) return `URI without a host "${n.text}"`;
  return undefined;
}

function sameKind(n: GeneralName, c: GeneralName): boolean {
  return n.kind === c.kind && (n.kind !== 'other' || (c.kind === 'other' && n.tag === c.tag));
}

function matches(n: GeneralName, c: GeneralName, excluded: boolean): boolean {
  if (n.kind === 'dns' && c.kind === 'dns') {
    const name = n.text.toLowerCase();
    const base = c.text.toLowerCase();
    return excluded ? dnsExcluded(name, base) : dnsPermitted(name, base);
  }
  if (n.kind === 'ip' && c.kind === 'ip') return ipMatches(n.bytes, c.bytes);
  if (n.kind === 'email' && c.kind === 'email') return emailMatches(n.text, c.text);
  if (n.kind === 'uri' && c.kind === 'uri') return uriMatches(uriHost(n.text) ?? '', c.text);
  if (n.kind === 'dn' && c.kind === 'dn') return dnPrefix(n.dn, c.dn);
  // RFC 5280 §4.2.1.10: a form we cannot process must lead to rejection; treat as a match when excluded, a miss when permitted.
  return n.kind === 'other' && c.kind === 'other' && n.tag === c.tag && excluded;
}

/** Checks `names` against one CA's constraints, spending at most `limit` comparisons. */
export function checkNameConstraints(nc: NameConstraints, names: readonly GeneralName[], limit: number): NcOutcome {
  const permitted = nc.permitted ?? [];
  const excluded = nc.excluded ?? [];
  const work = names.length * (permitted.length + excluded.length);
  if (work > limit)
    return { ok: false, work, overLimit: true, message: `name constraint check needs ${work} comparisons (limit ${limit})` };
  for (const c of [...permitted, ...excluded]) {
    const bad = invalidConstraint(c);
    if (bad) return { ok: false, work, message: bad };
  }
  for (const n of names) {
    const relevantP = permitted.filter((c) => sameKind(n, c));
    const relevantE = excluded.filter((c) => sameKind(n, c));
    if (relevantP.length === 0 && relevantE.length === 0) continue;
    const bad = invalidName(n);
    if (bad) return { ok: false, work, message: bad };
    if (relevantE.some((c) => matches(n, c, true))) return { ok: false, work, message: `${describe(n)} is in an excluded subtree` };
    if (relevantP.length > 0 && !relevantP.some((c) => matches(n, c, false)))
      return { ok: false, work, message: `${describe(n)} is outside the permitted subtrees` };
  }
  return { ok: true, work };
}

function describe(n: GeneralName): string {
  switch (n.kind) {
    case 'dn':
      return 'the subject name';
    case 'ip':
      return `IP ${Array.from(n.bytes).join('.')}`;
    case 'other':
      return 'an otherName/registeredID name';
    default:
      return `${n.kind} "${n.text}"`;
  }
}
