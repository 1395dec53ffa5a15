/**
 * What each editor surface shows for a report, as plain data: the CodeLens
 * lead, the Explorer badge, the status bar and the inventory icon. The VS
 * Code adapters only turn these into API objects, so every surface renders
 * the same `status` (and a unit test walks every fixture to prove it).
 */
import { leadCertificate, type FileReport } from '../analysis/file-report';
import { statusHeadline, statusIcon, statusLevel, type CertificateStatus } from '../analysis/status';
import type { ChainVerdict } from '../chain/findings';
import { computeExpiry, formatBadge, formatCountdown, type ExpiryThresholds } from '../lint/expiry';

export type Level = 'error' | 'warning' | 'ok';

/** `$(error) EXPIRED · leaf "api" · expired 3 days ago`: the state first, so a narrow editor never cuts it off. */
export function leadTitle(status: CertificateStatus | undefined, summary: string): string {
  if (!status) return summary;
  const headline = statusHeadline(status);
  return `$(${statusIcon(status)}) ${headline ? `${headline} · ` : ''}${summary}`;
}

/** The chain verdict lens: never "chain OK" alone above a revoked, expired or not-yet-valid certificate. */
export function verdictTitle(v: ChainVerdict, status: CertificateStatus | undefined): string {
  const unusable = status === 'revoked' || status === 'expired' || status === 'not-yet-valid';
  if (v.ok && unusable)
    return `$(circle-slash) ${v.text.replace(/^chain OK/, 'chain builds')}, but the certificate is ${status.replace(/-/g, ' ')}`;
  return `${v.ok ? '$(pass)' : '$(warning)'} ${v.text}`;
}

export interface BadgeView {
  /** Undefined: colour only (a long countdown at error level, e.g. a weak key). */
  readonly badge?: string;
  readonly level: Level;
  readonly tooltip: string;
}

/**
 * The Explorer badge of a file: only at warning or error level, unless
 * `healthy` asks for a countdown on healthy files too.
 */
export function badgeView(report: FileReport, now: number, thresholds: ExpiryThresholds, healthy = false): BadgeView | undefined {
  const level = statusLevel(report.status);
  if (level === 'ok' && !healthy) return undefined;
  const lead = leadCertificate(report);
  const item = lead === undefined ? undefined : report.items[lead];
  if (item?.kind !== 'certificate') {
    return level === 'ok' ? undefined : { badge: '!', level, tooltip: `CertLens: this file has certificate ${level}s` };
  }
  const c = item.certificate;
  const status = report.statuses[lead ?? -1] ?? 'ok';
  const e = computeExpiry(c.notBefore, c.notAfter, now, thresholds);
  const headline = statusHeadline(status);
  // Revoked and invalid certificates are not a countdown: they get `!`, like expired ones.
  const badge = headline && status !== 'expired' && status !== 'not-yet-valid' ? '!' : formatBadge(e);
  const tooltip = `CertLens: ${headline ? `${headline} · ` : ''}${c.subjectLabel} ${formatCountdown(e, c.notBefore, now)}`;
  return { ...(badge !== undefined && { badge }), level, tooltip };
}

export interface StatusBarView {
  /** The item index the status bar stands for (a click opens its details). */
  readonly item: number;
  readonly status: CertificateStatus;
  readonly level: Level;
  readonly text: string;
  readonly tooltip: string;
}

/** The status bar for the active file: its lead certificate (worst status, then soonest expiry). */
export function statusBarView(report: FileReport, now: number, thresholds: ExpiryThresholds): StatusBarView | undefined {
  const lead = leadCertificate(report);
  const item = lead === undefined ? undefined : report.items[lead];
  if (lead === undefined || item?.kind !== 'certificate') return undefined;
  const status = report.statuses[lead] ?? 'ok';
  const c = item.certificate;
  const e = computeExpiry(c.notBefore, c.notAfter, now, thresholds);
  const headline = statusHeadline(status);
  return {
    item: lead,
    status,
    level: statusLevel(status),
    text: `$(${statusIcon(status)}) ${headline ? `${headline} ` : ''}${c.subjectLabel}: ${formatCountdown(e, c.notBefore, now).split(' · ')[0]}`,
    tooltip: `CertLens: ${headline ?? status} — the worst certificate in this file (${c.subject})`,
  };
}

/** The inventory row's icon and the prefix of its description. */
export function inventoryView(status: CertificateStatus): { icon: 'error' | 'warning' | 'pass'; level: Level; prefix?: string } {
  return { icon: statusIcon(status), level: statusLevel(status), ...(status !== 'ok' && { prefix: status.replace(/-/g, ' ') }) };
}
