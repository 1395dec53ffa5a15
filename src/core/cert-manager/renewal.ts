/**
 * When cert-manager renews, mirroring `pkg/util/pki/renewaltime.go`
 * (RenewalTime, L120-145): renewBefore when 0 < renewBefore < lifetime,
 * else lifetime x pct / 100 when 0 < pct < 100, else lifetime / 3; the
 * renewal instant is notAfter - renewBefore truncated to the second.
 * The lifetime is the ISSUED one: the issuer's when it ignores spec.duration.
 */
import { memoize } from '../util/memo';
import { DAY, HOUR, SECOND, formatGoDuration as goDuration, humanDuration as human } from './duration';

// A manifest repeats a handful of durations and instants across its Certificates, and every
// Certificate's timeline spells five instants and six durations: spelled once each.
const humanDuration = memoize(human, 512);
const formatGoDuration = memoize(goDuration, 512);
const isoString = memoize((ms: number) => new Date(ms).toISOString(), 2048);

/** `DefaultCertificateDuration` (`pkg/apis/certmanager/v1/const.go`). */
export const DEFAULT_DURATION = 2160 * HOUR;

export interface RenewalInput {
  /** spec.duration in ns, when set and valid. */
  readonly duration?: number;
  readonly renewBefore?: number;
  readonly renewBeforePercentage?: number;
  /** What the issuer grants whatever the spec says (e.g. Let's Encrypt 90d). */
  readonly issuerLifetime?: number;
}

export interface Renewal {
  /** Issued lifetime, ns. */
  readonly lifetime: number;
  /** Effective time before expiry at which renewal happens, ns. */
  readonly renewBefore: number;
  readonly source: 'renewBefore' | 'percentage' | 'default';
  readonly lifetimeSource: 'spec' | 'issuer';
}

export interface RenewalSchedule extends Renewal {
  readonly issuedAt: Date;
  readonly renewalAt: Date;
  readonly expiresAt: Date;
}

/**
 * @example
 * computeRenewal({ duration: 2160 * HOUR }, now).renewBefore // 720h
 */
export function computeRenewal(input: RenewalInput, now: Date): RenewalSchedule {
  const lifetimeSource = input.issuerLifetime !== undefined ? 'issuer' : 'spec';
  const lifetime = input.issuerLifetime ?? input.duration ?? DEFAULT_DURATION;
  let renewBefore = Math.trunc(lifetime / 3);
  let source: Renewal['source'] = 'default';
  const rb = input.renewBefore;
  const pct = input.renewBeforePercentage;
  if (rb !== undefined && rb > 0 && rb < lifetime) {
    renewBefore = rb;
    source = 'renewBefore';
  } else if (pct !== undefined && pct > 0 && pct < 100) {
    // Go: actualDuration * time.Duration(pct) / 100, integer nanoseconds.
    renewBefore = Math.trunc((lifetime * Math.trunc(pct)) / 100);
    source = 'percentage';
  }
  const issued = now.getTime();
  const expires = issued + lifetime / 1e6;
  const renewalMs = Math.floor((expires - renewBefore / 1e6) / 1000) * 1000;
  return {
    lifetime,
    renewBefore,
    source,
    lifetimeSource,
    issuedAt: new Date(issued),
    renewalAt: new Date(renewalMs),
    expiresAt: new Date(expires),
  };
}

/** The JSON shape of `certlens lint --format json`: Go duration strings. */
export function renewalJson(r: Renewal): { lifetime: string; renewBefore: string; source: string; lifetimeSource: string } {
  return {
    lifetime: formatGoDuration(r.lifetime),
    renewBefore: formatGoDuration(r.renewBefore),
    source: r.source,
    lifetimeSource: r.lifetimeSource,
  };
}

export interface TimelineThresholds {
  readonly alert: number;
  readonly page: number;
}

export interface TimelineEvent {
  readonly label: 'issue' | 'renewal' | 'alert' | 'page' | 'expiry';
  readonly at: string;
  /** Position along the lifetime, 0..1 (clamped). */
  readonly fraction: number;
}

export interface Timeline {
  readonly text: string;
  readonly events: TimelineEvent[];
  readonly renewal: ReturnType<typeof renewalJson>;
}

/**
 * The CodeLens line and hover data for one Certificate issued at `now`:
 * `renews 30d before expiry (at 67% of 90d) · overlap 30d · alert 14d · page 3d`.
 */
export function buildTimeline(
  s: RenewalSchedule,
  t: TimelineThresholds,
  opts: { disabled?: boolean; windowedRenewalAt?: Date | null } = {},
): Timeline {
  const disabled = opts.disabled === true;
  const windowed = opts.windowedRenewalAt;
  const pctAt = Math.round(((s.lifetime - s.renewBefore) / s.lifetime) * 100);
  const from = s.lifetimeSource === 'issuer' ? ' granted by the issuer' : '';
  const thresholds = ` · alert ${humanDuration(t.alert)} · page ${humanDuration(t.page)}`;
  // renewaltime.go L92: policy Disabled means no renewal time at all.
  const exp0 = s.expiresAt.getTime();
  const text = disabled
    ? `renewal disabled · expires after ${humanDuration(s.lifetime)}${from}${thresholds}`
    : windowed === null
      ? `no renewal window fits (wanted ${humanDuration(s.renewBefore)} before expiry of ${humanDuration(s.lifetime)}${from})${thresholds}`
      : windowed && windowed.getTime() !== s.renewalAt.getTime()
        ? `renews at the next window, ${humanDuration((exp0 - windowed.getTime()) * 1e6)} before expiry (wanted ${humanDuration(s.renewBefore)} of ${humanDuration(s.lifetime)}${from})${thresholds}`
        : `renews ${humanDuration(s.renewBefore)} before expiry (at ${pctAt}% of ${humanDuration(s.lifetime)}${from})` +
          ` · overlap ${humanDuration(s.renewBefore)}${thresholds}`;
  const exp = s.expiresAt.getTime();
  const iss = s.issuedAt.getTime();
  const at = (ms: number, label: TimelineEvent['label']): TimelineEvent => ({
    label,
    at: isoString(ms),
    fraction: Math.min(1, Math.max(0, (ms - iss) / (exp - iss || 1))),
  });
  const events = [
    at(iss, 'issue'),
    ...(disabled || windowed === null ? [] : [at((windowed ?? s.renewalAt).getTime(), 'renewal')]),
    at(exp - t.alert / 1e6, 'alert'),
    at(exp - t.page / 1e6, 'page'),
    at(exp, 'expiry'),
  ].sort((a, b) => a.fraction - b.fraction);
  return { text, events, renewal: renewalJson(s) };
}

/** Defaults from the common operational policy (cert-manager-rules.md §7). */
export const DEFAULT_OVERLAP_MINIMUM = 7 * DAY;
export const DEFAULT_ALERT = 14 * DAY;
export const DEFAULT_PAGE = 3 * DAY;
export { SECOND };

/** A renewal window occurrence in ms since the epoch. */
export interface WindowStart {
  readonly start: number;
  readonly len: number;
}

/**
 * `applyRenewBeforeWithWindows` (renewaltime.go): renew at the desired time
 * when a window [start, start + windowDuration) holds it, else at the first
 * window start after it, searching starts in [notBefore − len, notAfter + len];
 * `undefined` when no window fits (cert-manager returns an error).
 */
export function applyWindows(s: RenewalSchedule, windows: readonly WindowStart[]): Date | undefined {
  const desired = s.renewalAt.getTime();
  const nb = s.issuedAt.getTime();
  const na = s.expiresAt.getTime();
  let after: number | undefined;
  for (const w of windows) {
    if (w.start < nb - w.len || w.start > na + w.len) continue;
    if (w.start <= desired && desired < w.start + w.len) return s.renewalAt;
    if (w.start > desired && (after === undefined || w.start < after)) after = w.start;
  }
  return after === undefined ? undefined : new Date(after);
}
