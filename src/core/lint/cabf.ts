/**
 * CA/Browser Forum Baseline Requirements facts shared by the cert-manager
 * linter (CM108) and the certificate profile lint (`cabf-validity-*`).
 *
 * BR §6.3.2 maximum Validity Period of Subscriber (TLS server) Certificates,
 * by issuance date (the certificate's notBefore):
 *
 * | issued on or after | maximum  | source                        |
 * |--------------------|----------|-------------------------------|
 * | 2018-03-01         | 825 days | BR 1.5.x, ballot 193          |
 * | 2020-09-01         | 398 days | ballot SC31                   |
 * | 2026-03-15         | 200 days | ballot SC-081v3 (2025-04-11)  |
 * | 2027-03-15         | 100 days | SC-081v3                      |
 * | 2029-03-15         |  47 days | SC-081v3                      |
 *
 * Day counting (BR §1.6.1 "Validity Period", RFC 5280 §4.1.2.5): the period
 * runs from notBefore through notAfter *inclusive*, so it is
 * notAfter − notBefore + 1 second; "a day is measured as 86,400 seconds. Any
 * amount of time greater than this, including fractional seconds and/or leap
 * seconds, shall represent an additional day" (BR §6.3.2). A certificate whose
 * notAfter is exactly notBefore + 398 days therefore has a 398 days + 1 s
 * Validity Period: 399 days, over the limit (zlint issue #467).
 */

export const DAY_MS = 86_400_000;

export interface ValidityLimit {
  /** First issuance day (UTC) the limit applies to. */
  readonly date: string;
  readonly maxDays: number;
  readonly ballot: string;
}

/** The BR §6.3.2 schedule above, oldest first. */
export const CABF_VALIDITY_SCHEDULE: readonly ValidityLimit[] = [
  { date: '2018-03-01', maxDays: 825, ballot: 'ballot 193' },
  { date: '2020-09-01', maxDays: 398, ballot: 'SC31' },
  { date: '2026-03-15', maxDays: 200, ballot: 'SC-081v3' },
  { date: '2027-03-15', maxDays: 100, ballot: 'SC-081v3' },
  { date: '2029-03-15', maxDays: 47, ballot: 'SC-081v3' },
];

const at = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** The limit in force for a certificate issued at `ms`; undefined before 2018-03-01 (not checked). */
export function validityLimitAt(ms: number): ValidityLimit | undefined {
  let found: ValidityLimit | undefined;
  for (const l of CABF_VALIDITY_SCHEDULE) if (at(l.date) <= ms) found = l;
  return found;
}

/** Start of a limit, in ms since the epoch. */
export function limitStart(l: ValidityLimit): number {
  return at(l.date);
}

/**
 * The BR Validity Period in milliseconds: notBefore through notAfter
 * inclusive (+1 s). Negative when notAfter is before notBefore.
 */
export function validityPeriodMs(notBefore: number, notAfter: number): number {
  return notAfter - notBefore + 1000;
}

/** Whole BR days of a Validity Period, rounding any part day up (BR §6.3.2). */
export function validityDays(periodMs: number): number {
  return Math.ceil(periodMs / DAY_MS);
}
