/**
 * Pure helpers behind "Check TLS Endpoint…": what the user typed, the
 * recent-targets history, and the proxy environment. No 'vscode' import.
 */
import { parseTarget, type StartTlsProtocol, type Target, type TargetResult } from '../../core/tls/target';

export const HISTORY_MAX = 20;

/**
 * Validates a typed target with the probe's own parser (`parseTarget`), so
 * the input box rejects exactly what the probe would. Returns an error
 * message for the QuickPick, or undefined when acceptable.
 */
export function validateTargetInput(input: string, starttls?: StartTlsProtocol): string | undefined {
  if (!input.trim()) return 'Type host[:port], [v6addr]:port or a URL (https://, smtps://, smtp://, ldaps://, …)';
  const r = parseTarget(input, starttls ? { starttls } : {});
  return r.ok ? undefined : r.reason;
}

export function parseTargetInput(input: string, starttls?: StartTlsProtocol): TargetResult {
  return parseTarget(input, starttls ? { starttls } : {});
}

/** `host:port`, `[::1]:8443`, plus `(smtp)` when STARTTLS is implied. */
export function describeTarget(t: Target): string {
  const hp = t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
  return t.starttls ? `${hp} (STARTTLS ${t.starttls})` : hp;
}

/** Most recent first, without duplicates (case-insensitive), at most `max`. */
export function pushHistory(history: readonly unknown[] | undefined, entry: string, max = HISTORY_MAX): string[] {
  const e = entry.trim();
  const prior = (history ?? []).filter((h): h is string => typeof h === 'string' && h.trim() !== '');
  if (!e) return prior.slice(0, max);
  return [e, ...prior.filter((h) => h.trim().toLowerCase() !== e.toLowerCase())].slice(0, max);
}

/**
 * The environment handed to the probe: VS Code's `http.proxy` (and
 * `http.noProxy`) win over HTTPS_PROXY/NO_PROXY from the process; without
 * them the process environment is used as is. The probe applies NO_PROXY.
 */
export function proxyEnvironment(
  httpProxy: string | undefined,
  httpNoProxy: readonly string[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {
    HTTPS_PROXY: env.HTTPS_PROXY ?? env.https_proxy,
    NO_PROXY: env.NO_PROXY ?? env.no_proxy,
  };
  if (httpProxy?.trim()) out.HTTPS_PROXY = httpProxy.trim();
  if (httpNoProxy?.length) out.NO_PROXY = [...httpNoProxy, ...(out.NO_PROXY ? [out.NO_PROXY] : [])].join(',');
  return out;
}

/** ALPN as typed: `h2, http/1.1` → ['h2', 'http/1.1']. */
export function parseAlpn(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Timeout as typed in seconds or with a unit: `5`, `5s`, `2500ms`. Undefined when invalid. */
export function parseTimeout(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(text);
  if (!m) return undefined;
  const ms = m[2]?.toLowerCase() === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
  return ms >= 100 && ms <= 300_000 ? Math.round(ms) : undefined;
}
