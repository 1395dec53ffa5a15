/** The shapes of chain findings: the verdict of each target, its path, and the problems on each block. */
import type { CabfCode } from '../lint/cabf-lint';
import type { Problem, Span } from '../types';
import type { ChainCode } from './codes';
import type { ChainCertRef } from './pool';

export interface ChainFindingsOptions {
  readonly now: Date;
  /** Name the client asked for (endpoint mode); hostname matching stays the TLS report's. */
  readonly servername?: string;
}

/** One position of a path, leaf first, for the hover and `--json`. */
export interface ChainStep {
  readonly subject: string;
  readonly sha256: string;
  readonly notAfter: string;
  /** The workspace block holding it, if any. */
  readonly where?: ChainCertRef;
  /** Set on the last step when it is a trust anchor: its origin label, or `workspace` for a private root. */
  readonly anchor?: string;
}

/** The one-line chain verdict of a target (the leaf's CodeLens). */
export interface ChainVerdict {
  readonly ref: ChainCertRef;
  readonly span: Span;
  readonly ok: boolean;
  /** `chain OK → ISRG Root X1`, `missing intermediate: CN=R11`, … */
  readonly text: string;
  /** The code that decided the verdict. */
  readonly code: ChainCode;
  readonly path: readonly ChainStep[];
  readonly anchor?: { readonly subject: string; readonly source: 'store' | 'extra' | 'workspace'; readonly label: string };
  /** The best path's user-constrained policy set (RFC 5280 §6.1.6), dotted OIDs; `2.5.29.32.0` = any policy. */
  readonly policies?: readonly string[];
}

export interface ChainProblem extends Problem {
  /** A chain code, or a CA/B Forum code on a leaf that chains to a public trust-store anchor. */
  readonly code: ChainCode | CabfCode;
  /** The block the problem sits on. */
  readonly ref: ChainCertRef;
}

export interface ChainFindings {
  readonly problems: ChainProblem[];
  readonly verdicts: ChainVerdict[];
}
