/**
 * The cert-manager rule catalogue (shared/reference/cert-manager-rules.md §9):
 * id, severity and help text, in rules.json. SARIF, docs and the linter all
 * read this table; a unit test checks every row's shape.
 */
import type { Severity } from '../types';
import rules from './rules.json';

export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly help: string;
}

/** The rows themselves are data (rules.json), written once and read by the linter, SARIF and the docs. */
export const RULES: readonly RuleInfo[] = rules as RuleInfo[];

const BY_ID = new Map(RULES.map((x) => [x.id, x]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}

/** Non-rule codes the linter may emit. */
export const SYNTAX_CODE = 'yaml-syntax';
