/**
 * Expiry countdown for one served certificate, with the thresholds of the
 * foundation issue: warn when the time left is at most min(warnDays,
 * warnLifetimePercent × lifetime), error at min(errorDays,
 * errorLifetimePercent × lifetime). Deliberately small and local: the lead
 * will merge it with the foundation's expiry logic (same codes).
 */
import type { Severity } from '../types';

export interface ExpiryThresholds {
  readonly warnDays: number;
  readonly warnLifetimePercent: number;
  readonly errorDays: number;
  readonly errorLifetimePercent: number;
}

export const DEFAULT_THRESHOLDS: ExpiryThresholds = { warnDays: 30, warnLifetimePercent: 33, errorDays: 7, errorLifetimePercent: 10 };

export interface Countdown {
  readonly state: 'valid' | 'expired' | 'not-yet-valid';
  /** Milliseconds until notAfter (negative once expired). */
  readonly msLeft: number;
  /** Whole days left, rounded down (negative once expired). */
  readonly daysLeft: number;
  /** Share of the lifetime already used, 0–100 (clamped). */
  readonly percentUsed: number;
  /** `expires in 23 days · 74% of lifetime used`, `expired 3 days ago`, `not valid for another 2 days`. */
  readonly text: string;
  /** `cert-expired`, `cert-not-yet-valid` or `cert-expiring`, when one applies. */
  readonly finding?: { readonly code: string; readonly severity: Severity };
}

const DAY = 86_400_000;

export function countdown(notBefore: Date, notAfter: Date, now: Date, t: ExpiryThresholds = DEFAULT_THRESHOLDS): Countdown {
  const lifetime = Math.max(1, notAfter.getTime() - notBefore.getTime());
  const msLeft = notAfter.getTime() - now.getTime();
  const percentUsed = Math.min(100, Math.max(0, Math.round(((now.getTime() - notBefore.getTime()) / lifetime) * 100)));
  const daysLeft = Math.floor(msLeft / DAY);
  // RFC 5280 §4.1.2.5: both bounds are inclusive.
  if (now.getTime() < notBefore.getTime()) {
    return {
      state: 'not-yet-valid',
      msLeft,
      daysLeft,
      percentUsed: 0,
      text: `not valid for another ${span(notBefore.getTime() - now.getTime())}`,
      finding: { code: 'cert-not-yet-valid', severity: 'error' },
    };
  }
  if (msLeft < 0) {
    return { state: 'expired', msLeft, daysLeft, percentUsed: 100, text: `expired ${span(-msLeft)} ago`, finding: { code: 'cert-expired', severity: 'error' } };
  }
  const errorAt = Math.min(t.errorDays * DAY, (t.errorLifetimePercent / 100) * lifetime);
  const warnAt = Math.min(t.warnDays * DAY, (t.warnLifetimePercent / 100) * lifetime);
  const severity: Severity | undefined = msLeft <= errorAt ? 'error' : msLeft <= warnAt ? 'warning' : undefined;
  return {
    state: 'valid',
    msLeft,
    daysLeft,
    percentUsed,
    text: `expires in ${span(msLeft)} · ${percentUsed}% of lifetime used`,
    ...(severity ? { finding: { code: 'cert-expiring', severity } } : {}),
  };
}

/** `3 days`, `1 day`, `5 hours`, `12 minutes`. */
export function span(ms: number): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= DAY) return plural(Math.floor(ms / DAY), 'day');
  if (ms >= 3_600_000) return plural(Math.floor(ms / 3_600_000), 'hour');
  return plural(Math.max(0, Math.floor(ms / 60_000)), 'minute');
}
