/**
 * Rotation analysis across files: the successive certificates of each
 * identity, ordered by notBefore, must overlap long enough for a rollout
 * and never leave a gap. Findings go on the renewal (every file holding
 * it), naming the predecessor and its file.
 */
import { DAY_MS, formatDuration } from '../lint/expiry';
import type { Severity } from '../types';
import type { CertificateSummary } from '../x509/certificate';
import { describeCertificate, describeLocation, utcDay, type FleetCertificate, type FleetFinding } from './fleet';
import type { Identity } from './identity';

export interface RotationOptions {
  readonly now: number;
  /** `certlens.rotation.overlapMinimum` / policy `rotation.overlapMinimumDays`; default 7. */
  readonly overlapMinimumDays?: number;
  /** Policy `rotation.keyReuse`: key reuse across renewals is `info` by default. */
  readonly keyReuse?: Extract<Severity, 'info' | 'warning'>;
}

export const DEFAULT_OVERLAP_MINIMUM_DAYS = 7;

/** A predecessor whose expiry warnings are moot: its successor is already valid. */
export interface Supersession {
  readonly successor: CertificateSummary;
  readonly successorLocation: FleetCertificate;
}

export interface RotationResult {
  readonly findings: FleetFinding[];
  /** By predecessor SHA-256. */
  readonly superseded: Map<string, Supersession>;
}

/** RFC 5280 §4.1.2.5: both bounds inclusive, so one second between them is no gap. */
const CONTIGUOUS_MS = 1000;

export function analyzeRotation(identities: readonly Identity[], options: RotationOptions): RotationResult {
  const minimumMs = (options.overlapMinimumDays ?? DEFAULT_OVERLAP_MINIMUM_DAYS) * DAY_MS;
  const findings: FleetFinding[] = [];
  const superseded = new Map<string, Supersession>();
  for (const id of identities) {
    const list = id.certificates;
    if (list.length < 2) continue;
    const at = (c: CertificateSummary) => id.locations.get(c.sha256) ?? [];
    const where = (c: CertificateSummary) => {
      const loc = at(c)[0];
      return loc ? `${describeCertificate(c)} in ${describeLocation(loc)}` : describeCertificate(c);
    };
    let [cover] = list;
    for (let i = 1; i < list.length; i++) {
      const next = list[i];
      const prev = list[i - 1];
      if (!cover || !next || !prev) break;
      const predecessor = cover.sha256;
      const emit = (code: string, severity: Severity, message: string, data: Record<string, unknown>) => {
        for (const loc of at(next))
          findings.push({
            file: loc.file,
            index: loc.index,
            span: loc.span,
            code,
            severity,
            message,
            data: { ...data, predecessor },
          });
      };
      if (next.spkiSha256 === prev.spkiSha256 && !crossSigned(prev, next)) {
        emit(
          'rotation-key-reused',
          options.keyReuse ?? 'info',
          `renewal ${describeCertificate(next)} reuses the key of ${where(prev)}: a key exposed before the renewal stays valid after it`,
          { spkiSha256: next.spkiSha256 },
        );
      }
      if (next.notAfter <= cover.notAfter) continue; // issued inside the coverage: not a rotation step
      if (next.notBefore > cover.notAfter + CONTIGUOUS_MS) {
        const gapMs = next.notBefore - cover.notAfter;
        emit(
          'rotation-gap',
          next.notBefore > options.now ? 'error' : 'warning',
          `no valid certificate for "${id.label}" for ${formatDuration(gapMs)} (${utcDay(cover.notAfter)} → ${utcDay(next.notBefore)}): ` +
            `${where(cover)} expires before its renewal ${describeCertificate(next)} starts. Issue the renewal so that it is valid before the old one expires`,
          { gapMs, from: cover.notAfter, to: next.notBefore },
        );
      } else {
        const overlapMs = cover.notAfter - next.notBefore;
        if (overlapMs < minimumMs)
          emit(
            'rotation-overlap-short',
            'warning',
            `renewal ${describeCertificate(next)} overlaps ${where(cover)} by ${overlapMs <= 0 ? 'no time' : formatDuration(overlapMs)}, ` +
              `under the ${formatDuration(minimumMs)} minimum: too little time to roll it out before the old one expires`,
            { overlapMs, minimumMs },
          );
      }
      cover = next;
    }
    markSuperseded(list, at, options.now, superseded);
  }
  return { findings, superseded };
}

/** The same key certified by two different issuers (a cross-signed CA) is not a renewal that kept its key. */
function crossSigned(a: CertificateSummary, b: CertificateSummary): boolean {
  return a.isCA && b.isCA && a.issuerDerHex !== b.issuerDerHex;
}

function markSuperseded(
  list: readonly CertificateSummary[],
  at: (c: CertificateSummary) => readonly FleetCertificate[],
  now: number,
  out: Map<string, Supersession>,
): void {
  for (const old of list) {
    let best: CertificateSummary | undefined;
    for (const c of list) {
      if (c.sha256 === old.sha256 || c.notAfter <= old.notAfter || c.notBefore < old.notBefore) continue;
      if (c.notBefore > now || c.notAfter < now) continue;
      if (!best || c.notAfter > best.notAfter) best = c;
    }
    const loc = best && at(best)[0];
    if (best && loc) out.set(old.sha256, { successor: best, successorLocation: loc });
  }
}
