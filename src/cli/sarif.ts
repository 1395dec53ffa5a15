/**
 * A generic SARIF 2.1.0 writer (OASIS SARIF v2.1.0, errata 01): files with
 * problems plus the rule catalogue in, one `sarifLog` object out. Used by
 * `lint`, reusable by `scan`. Lines and columns are 1-based; columns count
 * UTF-16 code units, as the run's `columnKind` says (§3.14.17).
 */
import type { Range } from '../core/util/line-index';
import type { Severity } from '../core/types';

export interface SarifRuleMeta {
  readonly id: string;
  readonly title: string;
  readonly help: string;
  readonly severity: Severity;
  readonly helpUri?: string;
}

export interface SarifProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** 0-based, as in the JSON output. */
  readonly range: Range;
}

export interface SarifFile {
  /** Relative to the repository root, forward slashes. */
  readonly uri: string;
  readonly problems: readonly SarifProblem[];
}

export interface SarifInput {
  readonly toolName: string;
  readonly toolVersion: string;
  readonly informationUri?: string;
  readonly rules: readonly SarifRuleMeta[];
  readonly files: readonly SarifFile[];
}

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

/** Builds the log; unknown codes get a minimal rule entry so ruleIndex is always valid. */
export function toSarif(input: SarifInput): Record<string, unknown> {
  const rules = [...input.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of input.files) {
    for (const p of f.problems) {
      if (!index.has(p.code)) {
        index.set(p.code, rules.length);
        rules.push({ id: p.code, title: p.code, help: p.message, severity: p.severity });
      }
    }
  }
  const results = input.files.flatMap((f) =>
    f.problems.map((p) => ({
      ruleId: p.code,
      ruleIndex: index.get(p.code)!,
      level: LEVEL[p.severity],
      message: { text: p.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeUri(f.uri), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: p.range.start.line + 1,
              startColumn: p.range.start.character + 1,
              endLine: p.range.end.line + 1,
              endColumn: p.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: input.toolName,
            version: input.toolVersion,
            ...(input.informationUri ? { informationUri: input.informationUri } : {}),
            rules: rules.map((r) => ({
              id: r.id,
              name: pascal(r.title),
              shortDescription: { text: r.title },
              fullDescription: { text: r.help },
              help: { text: r.help },
              ...(r.helpUri ? { helpUri: r.helpUri } : {}),
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function pascal(s: string): string {
  return s.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());
}

/** SARIF URIs are RFC 3986 references: escape spaces and the like, keep `/`. */
function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
