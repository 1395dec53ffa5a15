/**
 * One bounded plain-HTTP exchange, shared by the AIA caIssuers download and
 * the OCSP query: `http:` only (both payloads are signed, so TLS would add
 * nothing and would be circular), at most `maxBytes` of answer, at most
 * `timeoutMs` of silence, optionally through an HTTP forward proxy (the
 * absolute URL as the request target). Failures reject with an
 * HttpExchangeError whose message is plain words without the URL; callers
 * wrap it in their own error with their own prefix.
 */
import { request, type IncomingMessage } from 'node:http';

export class HttpExchangeError extends Error {}

/** The size and time bounds a caller may override. */
export interface HttpLimits {
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

/**
 * `url` as an `http:` URL, or the plain-words reason it is not one (`what`
 * names the URLs in the message: "caIssuers URLs are fetched").
 */
export function httpUrl(url: string, what: string): URL | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL: ${url}`;
  }
  return parsed.protocol === 'http:' ? parsed : `only http: ${what}, not ${parsed.protocol}`;
}

export interface HttpExchange {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  readonly body?: Uint8Array;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  /** A forward proxy for this URL, already resolved (see tls/proxy.ts). */
  readonly proxy?: { readonly host: string; readonly port: number; readonly auth?: string };
}

/** Resolves with the body of a 200 answer; rejects with an HttpExchangeError. */
export function httpExchange(x: HttpExchange): Promise<Uint8Array> {
  const { url, proxy, maxBytes: max, timeoutMs: timeout } = x;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : 80;
  const headers: Record<string, string | number> = { host: url.host, ...x.headers };
  if (x.body) headers['content-length'] = x.body.length;
  if (proxy?.auth) headers['proxy-authorization'] = `Basic ${Buffer.from(proxy.auth).toString('base64')}`;
  const target = proxy ? { host: proxy.host, port: proxy.port, path: url.href } : { host, port, path: `${url.pathname}${url.search}` };
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      reject(new HttpExchangeError(message));
    };
    const req = request({ ...target, method: x.method, headers, timeout }, (res: IncomingMessage) => {
      if ((res.statusCode ?? 0) !== 200) {
        res.resume();
        fail(`HTTP ${res.statusCode ?? '?'}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
        return;
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > max) {
        res.destroy();
        fail(`${declared} bytes, more than ${max}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          res.destroy();
          fail(`more than ${max} bytes`);
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
    req.end(x.body);
  });
}
