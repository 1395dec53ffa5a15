/**
 * Posts an OCSPRequest to a responder (RFC 6960 Appendix A.1: HTTP POST,
 * `application/ocsp-request`), bounded in size and time, through an HTTP
 * proxy when one applies (plain forward proxy: the absolute URL as the
 * request target). Only ever called when the user asked for an OCSP query.
 * Errors come back as OcspQueryError in plain words.
 */
import { HttpExchangeError, httpExchange, httpUrl, type HttpLimits } from './http-exchange';
import { resolveProxy } from './tls/proxy';

export const OCSP_MAX_BYTES = 256 * 1024;
export const OCSP_TIMEOUT_MS = 10_000;

export class OcspQueryError extends Error {}

export interface OcspQueryOptions extends HttpLimits {
  /** Explicit `http://host:port` proxy; `false` ignores the environment. */
  readonly proxy?: string | false;
  /** Environment for HTTP_PROXY/HTTPS_PROXY/NO_PROXY. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Resolves with the DER OCSPResponse; rejects with an OcspQueryError. */
export function postOcsp(url: string, body: Uint8Array, options: OcspQueryOptions = {}): Promise<Uint8Array> {
  const max = options.maxBytes ?? OCSP_MAX_BYTES;
  const timeout = options.timeoutMs ?? OCSP_TIMEOUT_MS;
  const u = httpUrl(url, 'OCSP responders are queried');
  if (typeof u === 'string') return Promise.reject(new OcspQueryError(u));
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
  const via = proxy ? ` (through ${proxy.display})` : '';
  return httpExchange({
    url: u,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
    maxBytes: max,
    timeoutMs: timeout,
    ...(proxy && { proxy: { host: proxy.host, port: proxy.port, ...(proxy.auth !== undefined && { auth: proxy.auth }) } }),
  }).catch((e: unknown) => {
    throw new OcspQueryError(`OCSP responder ${url}${via}: ${e instanceof HttpExchangeError ? e.message : String(e)}`);
  });
}
