/**
 * Downloads an AIA caIssuers URL (RFC 5280 §4.2.2.1): `http:` only, as AIA
 * URLs are (the content is signed, TLS would be circular), bounded in size
 * and time. Only ever called on an explicit user action.
 */
import { HttpExchangeError, httpExchange } from './http-exchange';

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
  return httpExchange({ url: parsed, method: 'GET', maxBytes: max, timeoutMs: timeout }).catch((e: unknown) => {
    throw new AiaFetchError(`${url}: ${e instanceof HttpExchangeError ? e.message : String(e)}`);
  });
}
