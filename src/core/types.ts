/**
 * Shared vocabulary of the pure core. Everything here is JSON-serialisable
 * except the raw DER bytes, which adapters never print.
 *
 * Offsets are UTF-16 code-unit offsets into the analysed text (what
 * `TextDocument.positionAt` expects); for binary input they are byte offsets.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A finding before it is placed on a span: code, severity and message (the private-PKI lints return these). */
export type CodedFinding<C extends string> = [code: C, severity: Severity, message: string];

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One finding. `code` is stable: docs, quick fixes and settings refer to it. */
export interface Problem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** Machine-readable extras (for quick fixes, chain hints, …). */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Index of the item (block) of its file the finding is about, when it is about one. */
  readonly item?: number;
}

/** What every core analysis returns: it never throws on bad input. */
export interface Analysis<T> {
  readonly items: T[];
  readonly problems: Problem[];
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

export function worstSeverity(problems: readonly Problem[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const p of problems) {
    if (!worst || SEVERITY_RANK[p.severity] > SEVERITY_RANK[worst]) worst = p.severity;
  }
  return worst;
}
