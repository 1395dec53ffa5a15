/**
 * The one UTCTime / GeneralizedTime decoder (X.680 §46–47, RFC 5280
 * §4.1.2.5) behind the DER readers. Never throws: `undefined` on bad input.
 */

import { TAG } from './tlv';

export interface TimeRules {
  /**
   * RFC 5280 §4.1.2.5.1/.2 to the letter: seconds present, no fraction. The
   * chain validator demands it; the decoder for display also takes the BER
   * forms without seconds and GeneralizedTime fractions real files carry.
   */
  readonly rfc5280?: boolean;
}

const LAX: TimeRules = {};
const UTC_LAX = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/;
const GEN_LAX = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/;
const UTC_STRICT = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GEN_STRICT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Milliseconds since the epoch for the text of a time with identifier `tag`,
 * or `undefined` when the text is not such a time or names no real instant.
 *
 * @example decodeTimeText(TAG.UTC_TIME, '491231235959Z') // Date.UTC(2049, 11, 31, 23, 59, 59)
 */
export function decodeTimeText(tag: number, s: string, rules: TimeRules = LAX): number | undefined {
  const utc = tag === TAG.UTC_TIME;
  // The form every DER certificate carries (YYMMDDhhmmssZ, YYYYMMDDhhmmssZ), read digit by digit: both
  // expressions below match it alike. A 20 MB bundle has ~120,000 times (issue 16).
  const y = utc ? 2 : 4;
  if ((utc || tag === TAG.GENERALIZED_TIME) && s.length === y + 11 && s.charCodeAt(y + 10) === 0x5a && digitsOnly(s, y + 10)) {
    const year = digits(s, 0, y);
    return instant(utc ? year + (year >= 50 ? 1900 : 2000) : year, s, y);
  }
  const m = utc
    ? (rules.rfc5280 ? UTC_STRICT : UTC_LAX).exec(s)
    : tag === TAG.GENERALIZED_TIME
      ? (rules.rfc5280 ? GEN_STRICT : GEN_LAX).exec(s)
      : null;
  if (!m) return undefined;
  let year = Number(m[1]);
  if (utc) year += year >= 50 ? 1900 : 2000; // RFC 5280 §4.1.2.5.1
  const [month, day, hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  return checked(year, month, day, hour, minute, second);
}

/** The instant of `s` from `at` on (MMDDhhmmss, all digits), in `year`. */
function instant(year: number, s: string, at: number): number | undefined {
  return checked(
    year,
    digits(s, at, at + 2),
    digits(s, at + 2, at + 4),
    digits(s, at + 4, at + 6),
    digits(s, at + 6, at + 8),
    digits(s, at + 8, at + 10),
  );
}

function checked(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Date.UTC rolls month 13 into the next year; X.680 times must not.
  if (Number.isNaN(ms) || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return ms;
}

/** Every character of `s[0, end)` is an ASCII digit (what `\d` matches without the `u` flag). */
function digitsOnly(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** The decimal number `s[from, to)`, digits only. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 0x30;
  return n;
}
