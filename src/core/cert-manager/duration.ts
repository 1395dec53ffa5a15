/**
 * Go `time.Duration` parsing and formatting, as cert-manager sees durations:
 * `metav1.Duration` unmarshals a JSON string with `time.ParseDuration`
 * (Go `src/time/format.go`), and prints with `Duration.String()`.
 *
 * Durations are numbers of nanoseconds. Doubles hold every integer below
 * 2^53 ns (about 104 days) exactly; longer values keep microsecond precision,
 * which is far below anything a lint rule compares.
 */

export const NS = 1;
export const US = 1e3;
export const MS = 1e6;
export const SECOND = 1e9;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const UNITS: Readonly<Record<string, number>> = {
  ns: NS,
  us: US,
  '\u00b5s': US, // U+00B5 micro sign
  '\u03bcs': US, // U+03BC Greek mu
  ms: MS,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};
/** Go's Duration is an int64 of nanoseconds. */
const MAX_NS = 9223372036854775807;

export type DurationResult = { readonly ok: true; readonly ns: number } | { readonly ok: false; readonly error: string };

/**
 * `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`.
 * Error strings are Go's, e.g. `time: unknown unit "d" in duration "90d"`.
 *
 * @example parseGoDuration('1h30m') // { ok: true, ns: 5.4e12 }
 */
export function parseGoDuration(s: string): DurationResult {
  const quoted = JSON.stringify(s);
  const invalid = { ok: false as const, error: `time: invalid duration ${quoted}` };
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i++;
  }
  if (s.slice(i) === '0') return { ok: true, ns: 0 };
  if (i >= s.length) return invalid;
  let total = 0;
  while (i < s.length) {
    const numStart = i;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    const intPart = s.slice(numStart, i);
    let fracPart = '';
    if (s[i] === '.') {
      i++;
      const f = i;
      while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
      fracPart = s.slice(f, i);
    }
    if (intPart === '' && fracPart === '') return invalid;
    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !(s[i]! >= '0' && s[i]! <= '9')) i++;
    const unit = s.slice(unitStart, i);
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${quoted}` };
    const scale = UNITS[unit];
    if (scale === undefined) return { ok: false, error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    total += Number(intPart || '0') * scale + (fracPart ? Number(`0.${fracPart}`) * scale : 0);
    if (total > MAX_NS) return invalid;
  }
  return { ok: true, ns: Math.trunc(neg ? -total : total) };
}

/**
 * `Duration.String()`: `2160h0m0s`, `1h30m0s`, `1.5s`, `500ms`, `0s`.
 */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let u = Math.abs(Math.round(ns));
  if (u < SECOND) {
    if (u < US) return `${sign}${u}ns`;
    if (u < MS) return `${sign}${trimFrac(u / US)}µs`;
    return `${sign}${trimFrac(u / MS)}ms`;
  }
  const h = Math.floor(u / HOUR);
  u -= h * HOUR;
  const m = Math.floor(u / MINUTE);
  u -= m * MINUTE;
  const secs = trimFrac(u / SECOND);
  if (h > 0) return `${sign}${h}h${m}m${secs}s`;
  if (m > 0) return `${sign}${m}m${secs}s`;
  return `${sign}${secs}s`;
}

function trimFrac(x: number): string {
  // At most 9 fractional digits, trailing zeros dropped (Go's fmtFrac).
  const t = x.toFixed(9);
  return t.includes('.') ? t.replace(/\.?0+$/, '') : t;
}

/**
 * The shortest exact spelling in whole hours, minutes and seconds, used by
 * quick fixes: 2160h, 720h, 1h30m. Falls back to Go's form for fractions.
 */
export function formatCompactDuration(ns: number): string {
  if (ns <= 0 || ns % SECOND !== 0) return formatGoDuration(ns);
  let u = ns;
  const h = Math.floor(u / HOUR);
  u -= h * HOUR;
  const m = Math.floor(u / MINUTE);
  u -= m * MINUTE;
  const s = u / SECOND;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** Human days for messages: `90d`, `2.5d`, `12h` under a day. */
export function humanDuration(ns: number): string {
  if (Math.abs(ns) >= DAY) return `${Number((ns / DAY).toFixed(1))}d`;
  if (Math.abs(ns) >= HOUR) return `${Number((ns / HOUR).toFixed(1))}h`;
  if (Math.abs(ns) >= MINUTE) return `${Number((ns / MINUTE).toFixed(1))}m`;
  return formatGoDuration(ns);
}
