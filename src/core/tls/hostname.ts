/**
 * Server identity check (RFC 6125 §6.4, with the CA/Browser Forum wildcard
 * rules): DNS names against dNSName SANs, the subject CN only when the
 * certificate has no DNS SAN; IP addresses against iPAddress SANs only.
 * Pure. DNS patterns are matched by the chain validator's `dnsMatches`; the
 * IP parser is the lenient one of target.ts, since `name` is what the user typed.
 */
import { bytesEqual } from '../util/bytes';
import { dnsMatches } from '../chain/hostname';
import { isIPv4, isIPv6, parseIPv6 } from './target';

export interface IdentityInput {
  /** `DNS:…`, `IP:…` strings as produced by decodeServed. */
  readonly subjectAltNames: readonly string[];
  /** RFC 4514-ish subject string, e.g. `CN=example.com, O=Org`. */
  readonly subject: string;
}

/**
 * @example matchesHostname('www.example.com', {subjectAltNames: ['DNS:*.example.com'], subject: ''}) // true
 */
export function matchesHostname(name: string, cert: IdentityInput): boolean {
  const host = name.toLowerCase().replace(/\.$/, '');
  if (isIPv4(host) || isIPv6(host)) {
    const want = ipBytes(host);
    return cert.subjectAltNames.some((s) => s.startsWith('IP:') && equalIp(ipBytes(s.slice(3)), want));
  }
  const dns = cert.subjectAltNames.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  // §6.4.4: fall back to CN only when there is no DNS-ID at all.
  const ids = dns.length > 0 ? dns : commonNames(cert.subject);
  return ids.some((id) => dnsMatches(id, host));
}

function commonNames(subject: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[,+]\s*)CN=((?:\\.|[^,+])*)/g;
  for (let m = re.exec(subject); m; m = re.exec(subject)) out.push((m[1] ?? '').replace(/\\(.)/g, '$1').trim());
  return out;
}

function ipBytes(s: string): Uint8Array | undefined {
  if (isIPv4(s)) return new Uint8Array(s.split('.').map(Number));
  return parseIPv6(s);
}

function equalIp(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return !!a && !!b && bytesEqual(a, b);
}
