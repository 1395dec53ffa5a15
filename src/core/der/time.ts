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
  const m =
    tag === TAG.UTC_TIME
      ? (rules.rfc5280 ? UTC_STRICT : UTC_LAX).exec(s)
      : tag === TAG.GENERALIZED_TIME
        ? (rules.rfc5280 ? GEN_STRICT : GEN_LAX).exec(s)
        : null;
  if (!m) return undefined;
  let year = Number(m[1]);
  if (tag === TAG.UTC_TIME) year += year >= 50 ? 1900 : 2000; // RFC 5280 §4.1.2.5.1
  const [month, day, hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Date.UTC rolls month 13 into the next year; X.680 times must not.
  if (Number.isNaN(ms) || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return ms;
}
