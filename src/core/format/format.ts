/**
 * The one formatter for values people read: durations, dates, keys,
 * fingerprints and names. The editor (hover, CodeLens, diagnostics), the
 * webviews and the CLI's text output all spell a value the same way.
 * Pure: the clock comes in as `now`.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** 365 days: 730 days read `2 years`, as a 2-year certificate should. */
const YEAR_MS = 365 * DAY_MS;
const MONTH_MS = YEAR_MS / 12;
/** Beyond this, days read as months or years (`4 years`, never `1824 days`). */
const DAYS_LIMIT = 90;

export interface DurationStyle {
  /** The least number of minutes shown: 1 in the editor, 0 in endpoint reports (`0 minutes` at notAfter). */
  readonly minMinutes: 0 | 1;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * A duration for people; the sign is ignored and every unit rounds down
 * (`expires in 4 years` while 4.9 years are left).
 * Up to 90 days: days, hours or minutes; then months; from 2 years on, years
 * (`1 year 5 months` in between).
 *
 * @example formatDuration(36 * 3_600_000) // '1 day'
 * @example formatDuration(1824 * 86_400_000) // '4 years'
 */
export function formatDuration(ms: number, style: DurationStyle = { minMinutes: 1 }): string {
  const abs = Math.abs(ms);
  if (!Number.isFinite(abs)) return 'an unknown time';
  if (abs > DAYS_LIMIT * DAY_MS) {
    const years = Math.floor(abs / YEAR_MS);
    if (years >= 2) return plural(years, 'year');
    const months = Math.floor((abs - years * YEAR_MS) / MONTH_MS);
    if (years === 1) return months ? `1 year ${plural(months, 'month')}` : '1 year';
    return plural(months, 'month');
  }
  if (abs >= DAY_MS) return plural(Math.floor(abs / DAY_MS), 'day');
  if (abs >= HOUR_MS) return plural(Math.floor(abs / HOUR_MS), 'hour');
  return plural(Math.max(style.minMinutes, Math.floor(abs / MINUTE_MS)), 'minute');
}

/** `in 3 days`, `2 years ago`, `now` (under a minute). */
export function formatRelative(ms: number, now: number): string {
  const d = ms - now;
  if (Math.abs(d) < MINUTE_MS) return 'now';
  return d > 0 ? `in ${formatDuration(d)}` : `${formatDuration(d)} ago`;
}

/** `2026-03-01 12:00 UTC`: ISO 8601 in UTC, to the minute. */
export function formatUtc(ms: number): string {
  if (!Number.isFinite(ms)) return 'invalid date';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'invalid date';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-03-01 12:00 UTC (in 3 days)`. */
export function formatDate(ms: number, now: number): string {
  return `${formatUtc(ms)} (${formatRelative(ms, now)})`;
}

export interface KeyShape {
  readonly keyAlgorithm: string;
  readonly keySize?: number;
  readonly curve?: string;
}

/**
 * `EC P-256`, `RSA 2048`, `RSA-PSS 3072`, `Ed25519`. The curve names an EC
 * key; the size an RSA or DSA one; an algorithm that is its own curve
 * (Ed25519, X25519) stands alone.
 */
export function formatKey(k: KeyShape): string {
  if (k.curve && k.curve !== k.keyAlgorithm) return `${k.keyAlgorithm} ${k.curve}`;
  if (k.curve) return k.keyAlgorithm;
  if (k.keySize !== undefined && /^(RSA|RSA-PSS|DSA|DH)$/.test(k.keyAlgorithm)) return `${k.keyAlgorithm} ${k.keySize}`;
  return k.keyAlgorithm;
}

/**
 * `AB:CD:EF`, the way browsers and OpenSSL print fingerprints. Anything but
 * hex digits is dropped first, so an already-colonned value is stable; an
 * odd digit count keeps its last digit alone.
 */
export function formatFingerprint(hex: string): string {
  return (
    hex
      .replace(/[^0-9a-f]/gi, '')
      .toUpperCase()
      .match(/.{1,2}/g)
      ?.join(':') ?? ''
  );
}

/**
 * A fingerprint in lines of `bytesPerLine` bytes, broken only between
 * bytes (`AB:CD:…:EF:` / `01:…`), for hovers and narrow panels.
 */
export function wrapFingerprint(hex: string, bytesPerLine = 16): string[] {
  const bytes = formatFingerprint(hex).split(':').filter(Boolean);
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += bytesPerLine) {
    const last = i + bytesPerLine >= bytes.length;
    lines.push(bytes.slice(i, i + bytesPerLine).join(':') + (last ? '' : ':'));
  }
  return lines;
}

/** Names: RFC 4514 DNs and the short label (CN, else O/OU, else the DN) live with the DN decoder. */
export { displayName, formatName } from '../x509/name';
