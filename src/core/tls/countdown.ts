/**
 * Expiry countdown for one served certificate, shaped for the endpoint
 * report: the editor's lifetime-aware thresholds and duration units
 * (../expiry.ts) with the endpoint report's wording and the finding code
 * that applies.
 */
import { DAY_MS, formatDuration, type DurationStyle } from '../format/format';
import { computeExpiry, DEFAULT_THRESHOLDS, type ExpiryThresholds } from '../lint/expiry';
import type { Severity } from '../types';

export { DEFAULT_THRESHOLDS, type ExpiryThresholds };

export interface Countdown {
  readonly state: 'valid' | 'expired' | 'not-yet-valid';
  /** Milliseconds until notAfter (negative once expired). */
  readonly msLeft: number;
  /** Whole days left, rounded down (negative once expired). */
  readonly daysLeft: number;
  /** Share of the lifetime already used, 0–100 (clamped, rounded). */
  readonly percentUsed: number;
  /** `expires in 23 days · 74% of lifetime used`, `expired 3 days ago`, `not valid for another 2 days`. */
  readonly text: string;
  /** `cert-expired`, `cert-not-yet-valid` or `cert-expiring`, when one applies. */
  readonly finding?: { readonly code: string; readonly severity: Severity };
}

/** Endpoint reports count down to `0 minutes` (the editor stops at `1 minute`). */
const ENDPOINT_DURATION: DurationStyle = { minMinutes: 0 };

export function countdown(notBefore: Date, notAfter: Date, now: Date, t: ExpiryThresholds = DEFAULT_THRESHOLDS): Countdown {
  const nb = notBefore.getTime();
  const n = now.getTime();
  const e = computeExpiry(nb, notAfter.getTime(), n, t);
  const msLeft = e.msLeft;
  const daysLeft = Math.floor(msLeft / DAY_MS);
  switch (e.state) {
    case 'not-yet-valid':
      return {
        state: 'not-yet-valid',
        msLeft,
        daysLeft,
        percentUsed: 0,
        text: `not valid for another ${span(nb - n)}`,
        finding: { code: 'cert-not-yet-valid', severity: 'error' },
      };
    case 'expired':
      return {
        state: 'expired',
        msLeft,
        daysLeft,
        percentUsed: 100,
        text: `expired ${span(-msLeft)} ago`,
        finding: { code: 'cert-expired', severity: 'error' },
      };
    default: {
      const percentUsed = Math.round(e.percentUsed);
      const text = `expires in ${span(msLeft)} · ${percentUsed}% of lifetime used`;
      return {
        state: 'valid',
        msLeft,
        daysLeft,
        percentUsed,
        text,
        ...(e.state === 'ok' ? {} : { finding: { code: 'cert-expiring', severity: e.state } }),
      };
    }
  }
}

/** `4 years`, `3 days`, `1 day`, `5 hours`, `12 minutes`, `0 minutes`. */
export function span(ms: number): string {
  return formatDuration(ms, ENDPOINT_DURATION);
}
