/**
 * Strict readers for option values: numbers in a range, Go durations,
 * ISO-8601 dates that exist. Each returns the value or one line saying what
 * was expected; `flags.ts` turns that line into a usage error.
 */
import { parseGoDuration } from '../core/cert-manager/duration';

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Printed after the maximum, e.g. `(10 minutes)`. */
  readonly maxNote?: string;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const WHOLE = /^[+-]?\d+$/;

/**
 * `--warn-days 10`, `--timeout 5000`: decimal only (no `0x10`, `1e3`, `Infinity`),
 * within `[min, max]`.
 *
 * @example readNumber('-5', { min: -36500, max: 36500 }) // { ok: true, value: -5 }
 */
export function readNumber(text: string, range: NumberRange): Read<number> {
  const expected = `expected ${describeRange(range)}, got ${JSON.stringify(text)}`;
  if (!(range.integer ? WHOLE : NUMBER).test(text.trim())) return { ok: false, error: expected };
  const n = Number(text);
  if (!Number.isFinite(n) || n < range.min) return { ok: false, error: expected };
  if (n > range.max) return { ok: false, error: `at most ${range.max}${range.maxNote ? ` ${range.maxNote}` : ''}, got ${text}` };
  return { ok: true, value: n };
}

function describeRange(r: NumberRange): string {
  const kind = r.integer ? 'whole number' : 'number';
  if (r.min === 0) return `a non-negative ${kind}`;
  if (r.min === 1 && r.integer) return `a positive ${kind}`;
  return `a ${kind} from ${r.min} to ${r.max}`;
}

/**
 * A Go duration (`168h`, `90m`, `1h30m`) that is greater than zero, in
 * nanoseconds: cert-manager's own syntax (`time.ParseDuration`).
 */
export function readDuration(text: string): Read<number> {
  const p = parseGoDuration(text);
  if (!p.ok) return { ok: false, error: `expected a duration such as 168h, 90m or 1h30m, got ${JSON.stringify(text)}` };
  if (p.ns <= 0) return { ok: false, error: `expected a duration greater than zero, got ${JSON.stringify(text)}` };
  return { ok: true, value: p.ns };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO-8601 date or date-time that exists: `2024-02-30` and `T24:00` are
 * refused rather than rolled over (JavaScript's `Date` turns 2024-02-30 into
 * March 1st). A date without a zone is UTC, a date-time without one is local
 * time, as `new Date()` reads them.
 */
export function readDate(text: string): Read<Date> {
  const m = ISO.exec(text);
  const d = new Date(text);
  if (!m || Number.isNaN(d.getTime())) return { ok: false, error: `not an ISO-8601 date: ${text}` };
  const [, y, mo, day, h = '0', mi = '0', s = '0', , zone] = m;
  const noSuch = { ok: false as const, error: `no such date: ${text}` };
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return noSuch;
  if (zone && zone !== 'Z') {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
    if (zh > 23 || zm > 59) return noSuch;
  }
  // The calendar date as written must exist: build it in UTC and compare the fields.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(day)));
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(day)) return noSuch;
  return { ok: true, value: d };
}
