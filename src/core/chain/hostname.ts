/**
 * Reference identities: DNS names and IP addresses (RFC 6125 §6.4, CA/B
 * Forum BR §7.1.4.2/§7.1.4.3, RFC 5952 for IPv6 text).
 */
import type { GeneralName } from './names.js';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A DNS name as a SAN may carry it (RFC 5280 §4.2.1.6 "preferred name
 * syntax"; CABF wildcard: only `*` as the whole leftmost label, never alone).
 */
export function isValidDnsName(name: string, allowWildcard: boolean): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.toLowerCase().split('.');
  if (labels.length < 2 && labels[0] === '*') return false;
  return labels.every((l, i) => LABEL.test(l) || (allowWildcard && i === 0 && l === '*' && labels.length > 1));
}

/**
 * RFC 6125 §6.4.3 with the CA/B Forum rules: `*` only as the whole leftmost
 * label, matching exactly one label, and never over a single remaining label
 * (`*.com`). Case and one trailing dot are ignored on both sides.
 *
 * @example dnsMatches('*.example.com', 'www.example.com') // true
 */
export function dnsMatches(pattern: string, host: string): boolean {
  const p = trimDot(pattern.toLowerCase());
  const h = trimDot(host.toLowerCase());
  if (!p) return false;
  if (!p.startsWith('*.')) return p === h;
  const rest = p.slice(2);
  if (!rest.includes('.') || rest.includes('*')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === rest;
}

function trimDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

/** Strict dotted-quad or RFC 4291 §2.2 IPv6 text → bytes; undefined when not an address. */
export function parseIp(text: string): Uint8Array | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p, i) => p > 255 || (text.split('.')[i]!.length > 1 && text.split('.')[i]!.startsWith('0')))) return undefined;
    return Uint8Array.from(parts);
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text;
  const tailV4: number[] = [];
  const v4 = /:(\d{1,3}(\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const b = parseIp(v4[1]!);
    if (!b) return undefined;
    tailV4.push(...b);
    head = text.slice(0, v4.index + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  if (tailV4.length) out.set(tailV4, 12);
  return out;
}

/** Canonical text of an address: dotted quad, or RFC 5952 §4 for IPv6. */
export function ipToText(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i]! << 8) | b[i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hexes = g.map((x) => x.toString(16));
  if (best < 0) return hexes.join(':');
  return `${hexes.slice(0, best).join(':')}::${hexes.slice(best + bestLen).join(':')}`;
}

/** Does the leaf's SAN cover the expected peer? Hostnames come from the SAN only (RFC 6125 §6.4.4, CABF). */
export function matchesPeer(san: readonly GeneralName[], peer: { kind: 'dns' | 'ip'; value: string }): boolean {
  if (peer.kind === 'ip') {
    const want = parseIp(peer.value);
    return !!want && san.some((n) => n.kind === 'ip' && n.bytes.length === want.length && n.bytes.every((x, i) => x === want[i]));
  }
  const host = peer.value.endsWith('.') ? peer.value.slice(0, -1) : peer.value;
  if (!isValidDnsName(host, false)) return false;
  return san.some((n) => n.kind === 'dns' && n.ascii && isValidDnsName(n.text, true) && dnsMatches(n.text, host));
}
