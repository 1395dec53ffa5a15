/**
 * Downloads an AIA caIssuers URL (RFC 5280 §4.2.2.1): `http:` only, as AIA
 * URLs are (the content is signed, TLS would be circular), bounded in size
 * and time. Only ever called on an explicit user action.
 */
import { get } from 'node:http';

export const AIA_MAX_BYTES = 1024 * 1024;
export const AIA_TIMEOUT_MS = 10_000;

export class AiaFetchError extends Error {}

export interface AiaFetchOptions {
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

/** Resolves with the body (DER certificate or PKCS#7 "certs-only"); rejects with a plain-words AiaFetchError. */
export function fetchCaIssuers(url: string, options: AiaFetchOptions = {}): Promise<Uint8Array> {
  const max = options.maxBytes ?? AIA_MAX_BYTES;
  const timeout = options.timeoutMs ?? AIA_TIMEOUT_MS;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new AiaFetchError(`not a URL: ${url}`));
  }
  if (parsed.protocol !== 'http:')
    return Promise.reject(new AiaFetchError(`only http: caIssuers URLs are fetched, not ${parsed.protocol}`));
  return new Promise((resolve, reject) => {
    const req = get(parsed, { timeout }, (res) => {
      if ((res.statusCode ?? 0) !== 200) {
        res.resume();
        reject(new AiaFetchError(`${url}: HTTP ${res.statusCode ?? '?'}`));
        return;
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > max) {
        res.destroy();
        reject(new AiaFetchError(`${url}: ${declared} bytes, more than ${max}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          res.destroy();
          reject(new AiaFetchError(`${url}: more than ${max} bytes`));
        } else chunks.push(c);
      });
      res.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      res.on('error', (e) => reject(new AiaFetchError(`${url}: ${e.message}`)));
    });
    req.on('timeout', () => req.destroy(new AiaFetchError(`${url}: timed out after ${timeout} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const why =
        e instanceof AiaFetchError
          ? e.message
          : e.code === 'ECONNREFUSED'
            ? `${url}: connection refused`
            : e.code === 'ENOTFOUND'
              ? `${url}: name not found`
              : `${url}: ${e.message}`;
      reject(new AiaFetchError(why));
    });
  });
}
