/**
 * Credentials never leave a URL the user typed: `https://user:pw@host/` is
 * shown, logged, stored and reported as `https://***@host/`. The TLS check
 * never sends them anyway (`parseTarget` drops the userinfo); this keeps
 * them out of JSON, text, logs, webviews and the target history.
 */

/** `scheme://` then a userinfo up to the last `@` of the authority (RFC 3986 §3.2.1). */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

/**
 * Replaces the userinfo of every URL in `text` with `***`.
 *
 * @example redactUrlCredentials('https://user:pw@host.example/x') // 'https://***@host.example/x'
 * @example redactUrlCredentials('host.example:443') // unchanged
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
