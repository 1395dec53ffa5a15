/**
 * Downloads an AIA caIssuers URL (RFC 5280 §4.2.2.1): `http:` only, as AIA
 * URLs are (the content is signed, TLS would be circular), bounded in size
 * and time. Only ever called on an explicit user action.
 */
import { HttpExchangeError, httpExchange, httpUrl, type HttpLimits } from './http-exchange';

export const AIA_MAX_BYTES = 1024 * 1024;
export const AIA_TIMEOUT_MS = 10_000;

export class AiaFetchError extends Error {}

export type AiaFetchOptions = HttpLimits;

/** Resolves with the body (DER certificate or PKCS#7 "certs-only"); rejects with a plain-words AiaFetchError. */
export function fetchCaIssuers(url: string, options: AiaFetchOptions = {}): Promise<Uint8Array> {
  const parsed = httpUrl(url, 'caIssuers URLs are fetched');
  if (typeof parsed === 'string') return Promise.reject(new AiaFetchError(parsed));
  const { maxBytes = AIA_MAX_BYTES, timeoutMs = AIA_TIMEOUT_MS } = options;
  return httpExchange({ url: parsed, method: 'GET', maxBytes, timeoutMs }).catch((e: unknown) => {
    throw new AiaFetchError(`${url}: ${e instanceof HttpExchangeError ? e.message : String(e)}`);
  });
}
