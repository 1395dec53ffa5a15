/**
 * Posts an OCSPRequest to a responder (RFC 6960 Appendix A.1: HTTP POST,
 * `application/ocsp-request`), bounded in size and time, through an HTTP
 * proxy when one applies (plain forward proxy: the absolute URL as the
 * request target). Only ever called when the user asked for an OCSP query.
 * Errors come back as OcspQueryError in plain words.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { resolveProxy } from './tls/proxy';

export const OCSP_MAX_BYTES = 256 * 1024;
export const OCSP_TIMEOUT_MS = 10_000;

export class OcspQueryError extends Error {}

export interface OcspQueryOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Explicit `http://host:port` proxy; `false` ignores the environment. */
  readonly proxy?: string | false;
  /** Environment for HTTP_PROXY/HTTPS_PROXY/NO_PROXY. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Resolves with the DER OCSPResponse; rejects with an OcspQueryError. */
export function postOcsp(url: string, body: Uint8Array, options: OcspQueryOptions = {}): Promise<Uint8Array> {
  const max = options.maxBytes ?? OCSP_MAX_BYTES;
  const timeout = options.timeoutMs ?? OCSP_TIMEOUT_MS;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(new OcspQueryError(`not a URL: ${url}`));
  }
  if (u.protocol !== 'http:') return Promise.reject(new OcspQueryError(`only http: OCSP responders are queried, not ${u.protocol}`));
  const port = u.port ? Number(u.port) : 80;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const env = options.env ?? process.env;
  // HTTP_PROXY is the variable for http: URLs; the probe's HTTPS_PROXY (and VS Code's http.proxy) is the fallback.
  const proxyEnv = {
    HTTPS_PROXY: env.HTTP_PROXY ?? env.http_proxy ?? env.HTTPS_PROXY ?? env.https_proxy,
    NO_PROXY: env.NO_PROXY ?? env.no_proxy,
  };
  const proxy = resolveProxy(host, port, options.proxy, proxyEnv);
  if (proxy && 'error' in proxy) return Promise.reject(new OcspQueryError(proxy.error));
  const headers: Record<string, string | number> = {
    'content-type': 'application/ocsp-request',
    accept: 'application/ocsp-response',
    'content-length': body.length,
    host: u.host,
  };
  if (proxy?.auth) headers['proxy-authorization'] = `Basic ${Buffer.from(proxy.auth).toString('base64')}`;
  const target = proxy ? { host: proxy.host, port: proxy.port, path: u.href } : { host, port, path: `${u.pathname}${u.search}` };
  const via = proxy ? ` (through ${proxy.display})` : '';
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      reject(new OcspQueryError(`OCSP responder ${url}${via}: ${message}`));
    };
    const req: ClientRequest = httpRequest({ ...target, method: 'POST', headers, timeout }, (res: IncomingMessage) => {
      if ((res.statusCode ?? 0) !== 200) {
        res.resume();
        fail(`HTTP ${res.statusCode ?? '?'}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          res.destroy();
          fail(`answer larger than ${max} bytes`);
        } else chunks.push(c);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(new Uint8Array(Buffer.concat(chunks)));
      });
      res.on('error', (e) => fail(e.message));
    });
    req.on('timeout', () => {
      fail(`no answer within ${timeout} ms (timed out)`);
      req.destroy();
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      fail(
        e.code === 'ECONNREFUSED'
          ? 'connection refused'
          : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
            ? `name not found (${host})`
            : e.code === 'ECONNRESET'
              ? 'the connection was reset'
              : e.message,
      );
    });
    req.end(body);
  });
}
