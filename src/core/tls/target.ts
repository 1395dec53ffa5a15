/**
 * Parses what a user types as an endpoint: `host`, `host:port`,
 * `[v6]:port`, a bare IPv6 literal, or a URL whose scheme implies the port
 * and, for plain-text protocols, the STARTTLS dialect. Pure.
 */
import { redactUrlCredentials } from '../util/redact-url';

export type StartTlsProtocol = 'smtp' | 'imap' | 'pop3' | 'ftp' | 'ldap' | 'postgres' | 'mysql';
export const STARTTLS_PROTOCOLS: readonly StartTlsProtocol[] = ['smtp', 'imap', 'pop3', 'ftp', 'ldap', 'postgres', 'mysql'];

export interface Target {
  /** Host name or IP literal, without brackets. */
  readonly host: string;
  readonly port: number;
  /** IP literal (v4 or v6): no SNI is sent unless overridden (RFC 6066 §3). */
  readonly isIp: boolean;
  /** STARTTLS implied by the scheme (`smtp://` → smtp); an option may override. */
  readonly starttls?: StartTlsProtocol;
  readonly scheme?: string;
}

export type TargetResult = { ok: true; target: Target } | { ok: false; reason: string };

interface SchemeInfo {
  readonly port: number;
  readonly starttls?: StartTlsProtocol;
}

/** Default ports (IANA service names registry). */
const SCHEMES: Readonly<Record<string, SchemeInfo>> = {
  https: { port: 443 },
  tls: { port: 443 },
  wss: { port: 443 },
  smtps: { port: 465 },
  submissions: { port: 465 },
  imaps: { port: 993 },
  pop3s: { port: 995 },
  ldaps: { port: 636 },
  ftps: { port: 990 },
  xmpps: { port: 5223 },
  smtp: { port: 25, starttls: 'smtp' },
  submission: { port: 587, starttls: 'smtp' },
  imap: { port: 143, starttls: 'imap' },
  pop3: { port: 110, starttls: 'pop3' },
  ftp: { port: 21, starttls: 'ftp' },
  ldap: { port: 389, starttls: 'ldap' },
  postgres: { port: 5432, starttls: 'postgres' },
  postgresql: { port: 5432, starttls: 'postgres' },
  mysql: { port: 3306, starttls: 'mysql' },
};

/** Default port when a STARTTLS protocol is chosen without one. */
export const STARTTLS_DEFAULT_PORT: Readonly<Record<StartTlsProtocol, number>> = {
  smtp: 25,
  imap: 143,
  pop3: 110,
  ftp: 21,
  ldap: 389,
  postgres: 5432,
  mysql: 3306,
};

/**
 * @example parseTarget('[::1]:8443') // {ok: true, target: {host: '::1', port: 8443, isIp: true}}
 * @example parseTarget('smtp://mail.example') // port 25, starttls 'smtp'
 */
export function parseTarget(typed: string, defaults: { starttls?: StartTlsProtocol } = {}): TargetResult {
  // Reasons quote the input, never with its credentials.
  const input = redactUrlCredentials(typed);
  let s = typed.trim();
  if (!s) return { ok: false, reason: 'empty target' };

  let scheme: string | undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s);
  if (m?.[1]) {
    scheme = m[1].toLowerCase();
    s = s.slice(m[0].length);
    s = s.replace(/[/?#].*$/, '');
    const at = s.lastIndexOf('@');
    if (at >= 0) s = s.slice(at + 1); // userinfo is never sent anywhere
  } else if (s.includes('@')) return { ok: false, reason: 'a target carries no user name or password; write host[:port] or a URL' };
  const info = scheme ? SCHEMES[scheme] : undefined;
  if (scheme && !info) return { ok: false, reason: `unknown scheme '${scheme}://'` };
  const starttls = defaults.starttls ?? info?.starttls;
  const defaultPort = info?.port ?? (defaults.starttls ? STARTTLS_DEFAULT_PORT[defaults.starttls] : 443);

  let host: string;
  let portText: string | undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return { ok: false, reason: `missing ']' in '${input}'` };
    host = s.slice(1, close);
    const rest = s.slice(close + 1);
    if (rest) {
      if (!rest.startsWith(':')) return { ok: false, reason: `unexpected '${rest}' after ']'` };
      portText = rest.slice(1);
    }
    if (!isIPv6(host)) return { ok: false, reason: `'${host}' is not an IPv6 address` };
  } else if ((s.match(/:/g) ?? []).length > 1) {
    // More than one colon without brackets: a bare IPv6 literal, no port.
    host = s;
    if (!isIPv6(host)) return { ok: false, reason: `'${s}' is not an IPv6 address; write [addr]:port` };
  } else {
    const colon = s.indexOf(':');
    host = colon >= 0 ? s.slice(0, colon) : s;
    portText = colon >= 0 ? s.slice(colon + 1) : undefined;
  }
  if (!host) return { ok: false, reason: `no host in '${input}'` };
  if (!isIPv6(host) && !/^[a-z0-9_.-]+$/i.test(host)) return { ok: false, reason: `'${host}' is not a host name` };
  let port = defaultPort;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return { ok: false, reason: `'${portText}' is not a port (1-65535)` };
    }
    port = Number(portText);
  }
  host = host.replace(/\.$/, '').toLowerCase();
  const target: Target = {
    host,
    port,
    isIp: isIPv4(host) || isIPv6(host),
    ...(starttls ? { starttls } : {}),
    ...(scheme ? { scheme } : {}),
  };
  return { ok: true, target };
}

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function isIPv6(s: string): boolean {
  const addr = s.replace(/%[\w.-]+$/, ''); // zone id
  if (!/^[0-9a-f:.]+$/i.test(addr) || !addr.includes(':')) return false;
  return parseIPv6(addr) !== undefined;
}

/** 16 bytes for an IPv6 literal (with :: and an optional dotted-quad tail). */
export function parseIPv6(s: string): Uint8Array | undefined {
  const addr = s.replace(/%[\w.-]+$/, '');
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined): number[] | undefined => {
    if (!h) return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        if (!isIPv4(p)) return undefined;
        const [a, b, c, d] = p.split('.').map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-f]{1,4}$/i.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 1 ? 0 : fill).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}
