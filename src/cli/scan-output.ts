/**
 * `certlens scan --format …`: which writer renders the report. `text` and
 * `json` stream as before; the others build one `ScanReport` and render it
 * at the end.
 */
import { LINT_CODES } from '../core/lint/items';
import { LIFECYCLE_CODES } from '../core/lifecycle/codes';
import { formatCsv } from '../core/report/csv';
import { formatHtml } from '../core/report/html-report';
import { formatMarkdown } from '../core/report/markdown';
import { formatOpenMetrics } from '../core/report/openmetrics';
import type { ScanReport } from '../core/report/scan-report';
import { toSarif, type SarifRuleMeta } from './sarif';
import { UsageError } from './cli-context';

export const SCAN_FORMATS = ['text', 'json', 'csv', 'markdown', 'html', 'sarif', 'openmetrics'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

/** `--format` with `--json` as its alias; a usage error for anything else. */
export function scanFormat(format: string | undefined, json: boolean | undefined): ScanFormat {
  if (json && format !== undefined && format !== 'json') throw new UsageError(`--json conflicts with --format ${format}`);
  const f = format ?? (json ? 'json' : 'text');
  if (!(SCAN_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`--format: expected ${SCAN_FORMATS.join('|')}, got ${JSON.stringify(f)}`);
  return f as ScanFormat;
}

/** True for the formats rendered from a `ScanReport`. */
export function needsReport(f: ScanFormat): boolean {
  return f !== 'text' && f !== 'json';
}

export function renderReport(f: ScanFormat, report: ScanReport, toolVersion: string): string {
  switch (f) {
    case 'csv':
      return formatCsv(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'html':
      return formatHtml(report);
    case 'openmetrics':
      return formatOpenMetrics(report);
    case 'sarif':
      return `${JSON.stringify(sarifOf(report, toolVersion), null, 2)}\n`;
    default:
      throw new Error(`renderReport: ${f} is streamed, not rendered`);
  }
}

function sarifOf(report: ScanReport, toolVersion: string): Record<string, unknown> {
  const catalogue: Record<string, string> = { ...LINT_CODES, ...LIFECYCLE_CODES };
  const used = new Map<string, SarifRuleMeta>();
  for (const f of report.findings) {
    if (used.has(f.code)) continue;
    used.set(f.code, { id: f.code, title: f.code, help: catalogue[f.code] ?? f.message, severity: f.severity });
  }
  const byFile = new Map<
    string,
    { code: string; severity: SarifRuleMeta['severity']; message: string; range: ScanReport['findings'][number]['range'] }[]
  >();
  for (const f of report.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push({ code: f.code, severity: f.severity, message: f.message, range: f.range });
    byFile.set(f.file, list);
  }
  return toSarif({
    toolName: 'certlens',
    toolVersion,
    rules: [...used.values()],
    files: [...byFile].map(([uri, problems]) => ({ uri: uri.replace(/\\/g, '/'), problems })),
  });
}

/**
 * Writes `{"version": 1, "files": [...]}` one file at a time, byte for byte
 * what `JSON.stringify({version: 1, files}, null, 2)` gives, so a 100,000-file
 * scan never holds the whole document (hundreds of MB) in one string.
 */
export class JsonFilesWriter {
  private count = 0;
  constructor(private readonly out: (s: string) => void) {}

  file(f: unknown): void {
    const body = JSON.stringify(f, null, 2).replace(/\n/g, '\n    ');
    this.out(`${this.count++ === 0 ? '{\n  "version": 1,\n  "files": [\n' : ',\n'}    ${body}`);
  }

  end(): void {
    this.out(this.count === 0 ? '{\n  "version": 1,\n  "files": []\n}\n' : '\n  ]\n}\n');
  }
}
