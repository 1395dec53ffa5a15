/**
 * HTTP CONNECT proxies (RFC 9110 §9.3.6): which proxy applies to a target
 * (explicit URL, else HTTPS_PROXY unless NO_PROXY matches), and the tunnel
 * handshake with optional basic auth.
 */
import { redactUrlCredentials } from '../../core/util/redact-url';
import type { Socket } from 'node:net';
import { PlainConversation, PreludeError } from './plain-conversation';

export interface ProxySpec {
  readonly host: string;
  readonly port: number;
  /** `user:password`, already percent-decoded. */
  readonly auth?: string;
  /** For messages: the URL without credentials. */
  readonly display: string;
}

/** Parses `http://user:pass@proxy:3128`; only http:// proxies are supported. */
export function parseProxyUrl(url: string): ProxySpec | { error: string } {
  let u: URL;
  try {
    u = new URL(url.includes('://') ? url : `http://${url}`);
  } catch {
    return { error: `not a proxy URL: ${redactUrlCredentials(url)}` };
  }
  if (u.protocol !== 'http:') return { error: `only http:// proxies are supported (got ${u.protocol}//)` };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port ? Number(u.port) : 80;
  const auth = u.username ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
  return { host, port, ...(auth !== undefined ? { auth } : {}), display: `http://${u.host}` };
}

/**
 * NO_PROXY as curl reads it: comma/space separated; `*` matches all; an
 * entry matches the host itself or any subdomain (a leading dot is
 * optional); `host:port` entries match that port only.
 */
export function noProxyMatches(noProxy: string | undefined, host: string, port: number): boolean {
  if (!noProxy) return false;
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    let entryPort: number | undefined;
    const m = /^(.*?):(\d+)$/.exec(entry);
    if (m?.[1] && !entry.startsWith('[') && (entry.match(/:/g) ?? []).length === 1) {
      entry = m[1];
      entryPort = Number(m[2]);
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (entryPort !== undefined && entryPort !== port) continue;
    if (h === entry || h.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** The proxy for a target: `explicit` wins (`false` disables), then HTTPS_PROXY/https_proxy minus NO_PROXY. */
export function resolveProxy(
  host: string,
  port: number,
  explicit: string | false | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ProxySpec | { error: string } | undefined {
  if (explicit === false) return undefined;
  if (explicit) return parseProxyUrl(explicit);
  const fromEnv = env.HTTPS_PROXY ?? env.https_proxy;
  if (!fromEnv) return undefined;
  if (noProxyMatches(env.NO_PROXY ?? env.no_proxy, host, port)) return undefined;
  return parseProxyUrl(fromEnv);
}

/** Sends CONNECT and waits for a 2xx; the socket then carries the tunnel. */
export async function openTunnel(socket: Socket, proxy: ProxySpec, host: string, port: number): Promise<Buffer> {
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const c = new PlainConversation(socket);
  const auth = proxy.auth ? `Proxy-Authorization: Basic ${Buffer.from(proxy.auth, 'utf8').toString('base64')}\r\n` : '';
  c.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
  let status: string;
  try {
    status = await c.readLine('waiting for the proxy to answer CONNECT');
    for (;;) {
      const line = await c.readLine('reading the proxy reply');
      if (line === '') break;
    }
  } catch (e) {
    if (e instanceof PreludeError) throw new PreludeError(`proxy ${proxy.display}: ${e.message}`, 'proxy');
    throw e;
  }
  const m = /^HTTP\/1\.[01] (\d{3})(.*)$/.exec(status);
  if (!m) throw new PreludeError(`proxy ${proxy.display} answered something that is not HTTP: "${status}"`, 'proxy');
  const code = Number(m[1]);
  if (code === 407) throw new PreludeError(`proxy ${proxy.display} requires authentication (407)`, 'proxy');
  if (code < 200 || code > 299)
    throw new PreludeError(`proxy ${proxy.display} refused CONNECT to ${authority}: ${code}${m[2] ?? ''}`, 'proxy');
  return c.detach();
}
