/**
 * Lifetime-aware expiry thresholds: warn when the time left is at most
 * min(warnDays, warnLifetimePercent × lifetime), and likewise for errors, so
 * a 6-day certificate is not red all its life and a 90-day one still warns a
 * month ahead (landscape.md pain point 9).
 */
import { DAY_MS, formatDuration } from '../format/format';

/** Kept for importers of the thresholds module; the formatter is format/format.ts's. */
export { DAY_MS, formatDuration };

export interface ExpiryThresholds {
  readonly warnDays: number;
  readonly warnLifetimePercent: number;
  readonly errorDays: number;
  readonly errorLifetimePercent: number;
}

export const DEFAULT_THRESHOLDS: ExpiryThresholds = {
  warnDays: 30,
  warnLifetimePercent: 33,
  errorDays: 7,
  errorLifetimePercent: 10,
};

export type ExpiryState = 'not-yet-valid' | 'expired' | 'error' | 'warning' | 'ok';

export interface Expiry {
  readonly state: ExpiryState;
  /** notAfter − now; negative once expired. */
  readonly msLeft: number;
  readonly lifetimeMs: number;
  /** 0–100, clamped. */
  readonly percentUsed: number;
}

export function computeExpiry(notBefore: number, notAfter: number, now: number, t: ExpiryThresholds): Expiry {
  const lifetimeMs = Math.max(0, notAfter - notBefore);
  const msLeft = notAfter - now;
  const used = lifetimeMs === 0 ? 100 : ((now - notBefore) / lifetimeMs) * 100;
  const percentUsed = Math.min(100, Math.max(0, used));
  let state: ExpiryState = 'ok';
  // RFC 5280 §4.1.2.5: both bounds are inclusive.
  if (now < notBefore) state = 'not-yet-valid';
  else if (now > notAfter) state = 'expired';
  else if (msLeft <= Math.min(t.errorDays * DAY_MS, (t.errorLifetimePercent / 100) * lifetimeMs)) state = 'error';
  else if (msLeft <= Math.min(t.warnDays * DAY_MS, (t.warnLifetimePercent / 100) * lifetimeMs)) state = 'warning';
  return { state, msLeft, lifetimeMs, percentUsed };
}

/** `expires in 23 days · 74% of lifetime used`, `expired 3 days ago`, `valid in 2 days`. */
export function formatCountdown(e: Expiry, notBefore: number, now: number): string {
  if (e.state === 'not-yet-valid') return `not valid for ${formatDuration(notBefore - now)}`;
  if (e.state === 'expired') return `expired ${formatDuration(e.msLeft)} ago`;
  return `expires in ${formatDuration(e.msLeft)} · ${Math.round(e.percentUsed)}% of lifetime used`;
}

/**
 * Explorer badge (VS Code allows at most 2 characters): `!` when expired or
 * not yet valid, `5h`, `7d`, `45` (days), nothing past 99 days.
 */
export function formatBadge(e: Expiry): string | undefined {
  if (e.state === 'expired' || e.state === 'not-yet-valid') return '!';
  const days = Math.floor(e.msLeft / DAY_MS);
  if (days >= 100) return undefined;
  if (days >= 10) return String(days);
  if (days >= 1) return `${days}d`;
  const hours = Math.max(0, Math.floor(e.msLeft / 3_600_000));
  return hours < 10 ? `${hours}h` : '1d';
}
