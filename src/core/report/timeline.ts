/**
 * The validity timeline: one row per identity, its certificates as bars
 * (alternating between two lanes so overlaps show), each renewal point
 * (2/3 of the lifetime, cert-manager's default renewBefore), the overlaps
 * and gaps between successive certificates, and today. Pure layout data;
 * `renderTimelineSvg` draws it as static SVG for the HTML report, and the
 * editor's webview draws the same model.
 */
import { compareStatus, worseStatus, type CertificateStatus } from '../analysis/status';
import { DAY_MS } from '../lint/expiry';
import { escapeHtml, isoDay } from './escape';
import type { ReportCertificate, ScanReport } from './scan-report';

export interface TimelineBar {
  readonly sha256: string;
  readonly label: string;
  readonly file: string;
  readonly line: number;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly status: CertificateStatus;
  /** notBefore + 2/3 of the lifetime. */
  readonly renewalAt: number;
  readonly lane: 0 | 1;
}
export interface TimelineMark {
  readonly kind: 'overlap' | 'gap';
  readonly from: number;
  readonly to: number;
}
export interface TimelineRow {
  readonly identity: string;
  readonly label: string;
  readonly status: CertificateStatus;
  readonly bars: readonly TimelineBar[];
  readonly marks: readonly TimelineMark[];
}
export interface Timeline {
  readonly now: number;
  readonly start: number;
  readonly end: number;
  readonly rows: readonly TimelineRow[];
  /** Rows left out past `maxRows` (the table view still lists them). */
  readonly hiddenRows: number;
}

export function buildTimeline(report: ScanReport, maxRows = 200): Timeline {
  const groups = new Map<string, Map<string, ReportCertificate>>();
  for (const c of report.certificates) {
    const g = groups.get(c.identity) ?? new Map<string, ReportCertificate>();
    if (!g.has(c.sha256)) g.set(c.sha256, c);
    groups.set(c.identity, g);
  }
  const rows: TimelineRow[] = [];
  for (const [identity, g] of groups) {
    const certs = [...g.values()].sort((a, b) => a.notBefore - b.notBefore || a.notAfter - b.notAfter);
    let status: CertificateStatus = 'ok';
    const bars = certs.map((c, i): TimelineBar => {
      status = worseStatus(status, c.status);
      return {
        sha256: c.sha256,
        label: c.subjectLabel,
        file: c.file,
        line: c.line,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        status: c.status,
        renewalAt: c.notBefore + ((c.notAfter - c.notBefore) * 2) / 3,
        lane: (i % 2) as 0 | 1,
      };
    });
    const marks: TimelineMark[] = [];
    let cover = certs[0]?.notAfter ?? 0;
    for (const c of certs.slice(1)) {
      if (c.notAfter <= cover) continue;
      marks.push(c.notBefore > cover ? { kind: 'gap', from: cover, to: c.notBefore } : { kind: 'overlap', from: c.notBefore, to: cover });
      cover = c.notAfter;
    }
    rows.push({ identity, label: certs[certs.length - 1]?.subjectLabel ?? '', status, bars, marks });
  }
  rows.sort((a, b) => compareStatus(a.status, b.status) || lastEnd(a) - lastEnd(b) || a.label.localeCompare(b.label));
  const shown = rows.slice(0, maxRows);
  const now = report.now;
  let start = Math.min(...shown.flatMap((r) => r.bars.map((b) => b.notBefore)), now - 30 * DAY_MS);
  let end = Math.max(...shown.flatMap((r) => r.bars.map((b) => b.notAfter)), now + 30 * DAY_MS);
  start = Math.max(start, now - 2 * 365 * DAY_MS);
  end = Math.min(end, now + 3 * 365 * DAY_MS);
  return { now, start, end, rows: shown, hiddenRows: rows.length - shown.length };
}

function lastEnd(r: TimelineRow): number {
  return Math.max(...r.bars.map((b) => b.notAfter));
}

const WIDTH = 1000;
const LABEL = 240;
const ROW = 26;
const HEAD = 28;

/** Static SVG: classes `s-<status>`, `overlap`, `gap`, `today`, `renewal` are styled by the page. */
export function renderTimelineSvg(t: Timeline, link: (bar: TimelineBar) => string | undefined = () => undefined): string {
  const height = HEAD + t.rows.length * ROW + 8;
  const span = Math.max(1, t.end - t.start);
  const x = (ms: number) => LABEL + ((Math.min(Math.max(ms, t.start), t.end) - t.start) / span) * (WIDTH - LABEL - 10);
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="tl-title tl-desc">`,
    `<title id="tl-title">Certificate validity timeline</title>`,
    `<desc id="tl-desc">${t.rows.length} identities from ${isoDay(t.start)} to ${isoDay(t.end)}; today is ${isoDay(t.now)}. The table below lists the same certificates.</desc>`,
  ];
  for (const tick of ticks(t.start, t.end)) {
    parts.push(
      `<line class="grid" x1="${f(x(tick))}" x2="${f(x(tick))}" y1="${HEAD - 6}" y2="${height}"/>`,
      `<text class="tick" x="${f(x(tick))}" y="${HEAD - 10}">${isoDay(tick).slice(0, 7)}</text>`,
    );
  }
  t.rows.forEach((row, i) => {
    const y = HEAD + i * ROW;
    parts.push(
      `<g class="row s-${row.status}"><text class="label" x="4" y="${y + 16}">${escapeHtml(clip(row.label, 34))}<title>${escapeHtml(row.label)}</title></text>`,
    );
    for (const m of row.marks) {
      parts.push(
        `<rect class="${m.kind}" x="${f(x(m.from))}" y="${y + 2}" width="${f(Math.max(1.5, x(m.to) - x(m.from)))}" height="${ROW - 4}"><title>${m.kind} ${isoDay(m.from)} → ${isoDay(m.to)}</title></rect>`,
      );
    }
    for (const b of row.bars) {
      const by = y + 4 + b.lane * 10;
      const title = `${b.label} · ${b.file}:${b.line} · ${isoDay(b.notBefore)} → ${isoDay(b.notAfter)} · ${b.status}`;
      const rect = `<rect class="bar s-${b.status}" x="${f(x(b.notBefore))}" y="${by}" width="${f(Math.max(2, x(b.notAfter) - x(b.notBefore)))}" height="8" rx="2"><title>${escapeHtml(title)}</title></rect>`;
      const href = link(b);
      parts.push(href ? `<a href="${escapeHtml(href)}">${rect}</a>` : rect);
      if (b.renewalAt > t.start && b.renewalAt < t.end)
        parts.push(`<line class="renewal" x1="${f(x(b.renewalAt))}" x2="${f(x(b.renewalAt))}" y1="${by - 2}" y2="${by + 10}"/>`);
    }
    parts.push('</g>');
  });
  parts.push(
    `<line class="today" x1="${f(x(t.now))}" x2="${f(x(t.now))}" y1="${HEAD - 6}" y2="${height}"><title>today ${isoDay(t.now)}</title></line>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Month ticks for short ranges, else every January (UTC). */
function ticks(start: number, end: number): number[] {
  const out: number[] = [];
  const months = (end - start) / (30 * DAY_MS) <= 18;
  const d = new Date(start);
  let cur = Date.UTC(d.getUTCFullYear(), months ? d.getUTCMonth() + 1 : 0, 1);
  if (!months && cur < start) cur = Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  while (cur < end && out.length < 40) {
    out.push(cur);
    const c = new Date(cur);
    cur = months
      ? Date.UTC(c.getUTCFullYear(), c.getUTCMonth() + (months && end - start > 200 * DAY_MS ? 2 : 1), 1)
      : Date.UTC(c.getUTCFullYear() + 1, 0, 1);
  }
  return out;
}
