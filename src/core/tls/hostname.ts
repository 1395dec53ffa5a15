/**
 * Server identity check (RFC 6125 §6.4, with the CA/Browser Forum wildcard
 * rules): DNS names against dNSName SANs, the subject CN only when the
 * certificate has no DNS SAN; IP addresses against iPAddress SANs only.
 * Pure. A small local helper until the chain validator's matcher lands.
 */
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
    return cert.subjectAltNames.some((s) => s.startsWith('IP:') && equalBytes(ipBytes(s.slice(3)), want));
  }
  const dns = cert.subjectAltNames.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  // §6.4.4: fall back to CN only when there is no DNS-ID at all.
  const ids = dns.length > 0 ? dns : commonNames(cert.subject);
  return ids.some((id) => dnsMatches(host, id));
}

/** §6.4.3: a wildcard only as the whole left-most label, matching exactly one label, never a public suffix-like `*.com`. */
export function dnsMatches(host: string, pattern: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (!p) return false;
  if (!p.startsWith('*.')) return p === host;
  const rest = p.slice(2);
  if (!rest.includes('.') || rest.includes('*')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === rest;
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

function equalBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}
