/**
 * Template-aware preparation of manifest text before YAML parsing.
 *
 * - Helm (`templates/` or `{{ … }}`): action-only lines are blanked, inline
 *   actions become a same-length plain scalar; values containing an action
 *   are unknown.
 * - Terraform templatefile (`*.tpl`, `*.tftpl`, `%{ … }`): directive-only
 *   lines (`%{ if }`, `%{ else }`, `%{ endif }`, `%{ for }`, `%{ endfor }`)
 *   are blanked, inline `${…}` and `%{…}` become a same-length scalar.
 *   `${…}` is a placeholder in any YAML (envsubst, Flux substitution).
 * - Doc snippets: an elision line (`...`, `…`, `# ...`) inside a resource
 *   marks where fields were cut; a non-comment one is blanked.
 *
 * Offsets never move, so spans refer to the original text. Each line also
 * records the stack of conditional branches it sits in, so that fields set
 * in mutually exclusive branches (`if`/`else`, `with`/`else`, `range`/`else`,
 * `%{ if }`/`%{ else }`) are never combined.
 */
import type { Span } from '../types';

export type TemplateKind = 'helm' | 'terraform';

/** One open conditional: its id and which branch (0 = then, 1.. = else/else if). */
type Branch = readonly [id: number, branch: number];

export interface Prepared {
  /** Same length as the original; what the YAML parser reads. */
  readonly text: string;
  readonly kind: TemplateKind | undefined;
  /** Start offset of each line. */
  readonly lineStarts: readonly number[];
  /** Branch stack at each line's content. */
  readonly branches: ReadonlyArray<readonly Branch[]>;
  /** Offsets of elision markers. */
  readonly elisions: readonly number[];
  /** The original text holds a TEMPLATE_MARK somewhere: when false, no value of it is templated. */
  readonly marks: boolean;
}

/** A value the template engine fills in: Helm action or Terraform interpolation/directive. */
export const TEMPLATE_MARK = /\{\{|\$\{|%\{/;
/**
 * A line that starts with a template action that outputs text, so it may add
 * fields (`{{- toYaml .Values.x | nindent 4 }}`, `${yamlencode(x)}`). Control
 * actions and comments output nothing; an action in value position adds no key.
 */
const SUPPLYING = /^[ \t]*(\{\{-?\s*(?![\s-]|(?:if|else|end|with|range|define|block)\b|\/\*)|\$\{)/m;

export function templateKind(path: string, text: string): TemplateKind | undefined {
  if (/\.(tftpl|tpl)$/i.test(path) && !/(^|[\\/])_[^\\/]*\.tpl$/i.test(path) && !text.includes('{{')) return 'terraform';
  if (/(^|[\\/])templates[\\/]/.test(path) || text.includes('{{')) return 'helm';
  if (/^[ \t]*%\{/m.test(text)) return 'terraform';
  return undefined;
}

/** One character, blanked (or made a placeholder) with line breaks kept. */
const blank = (c: string): string => (c === '\n' || c === '\r' ? c : ' ');
const under = (c: string): string => (c === '\n' || c === '\r' ? c : '_');

/** `${…}` / `%{…}` with nested braces and quoted strings; returns the end offset (exclusive). */
function interpEnd(text: string, from: number): number {
  let depth = 1; // the `{` at `from`
  let quote = false;
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return i;
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

interface Action {
  readonly start: number;
  readonly end: number;
  readonly word: string;
}

/** `{{ … }}` actions in one linear pass (no backtracking regex: hostile input stays O(n)). */
function helmActions(text: string): Action[] {
  const out: Action[] = [];
  for (let pos = text.indexOf('{{'); pos >= 0; pos = text.indexOf('{{', pos)) {
    const comment = /^\{\{-?\s*\/\*/.test(text.slice(pos, pos + 8));
    const close = comment ? text.indexOf('*/', pos) : pos;
    const end = close < 0 ? -1 : text.indexOf('}}', close + 2);
    if (end < 0) break; // nothing after this can close an action
    const word = comment ? '' : (/^\{\{-?\s*([a-z]*)/.exec(text.slice(pos, Math.min(end, pos + 40)))?.[1] ?? '');
    out.push({ start: pos, end: end + 2, word });
    pos = end + 2;
  }
  return out;
}

function terraformActions(text: string): Action[] {
  const out: Action[] = [];
  for (let i = text.indexOf('{', 1); i >= 0; i = text.indexOf('{', i + 1)) {
    const sigil = text[i - 1];
    if ((sigil !== '$' && sigil !== '%') || text[i - 2] === sigil) continue; // $${ and %%{ are escapes
    const end = interpEnd(text, i);
    const word = sigil === '%' ? (/^\{~?\s*([a-z]+)/.exec(text.slice(i, end))?.[1] ?? '') : '';
    out.push({ start: i - 1, end, word });
    i = end - 1;
  }
  return out;
}

const OPEN = new Set(['if', 'with', 'range', 'define', 'block', 'for']);
const CLOSE = new Set(['end', 'endif', 'endfor']);

/** Prepares `text` for parsing; see the module comment. */
export function prepareTemplate(path: string, text: string): Prepared {
  const kind = templateKind(path, text);
  const marks = kind !== undefined || TEMPLATE_MARK.test(text);
  const actions = kind === 'helm' ? helmActions(text) : kind === 'terraform' ? terraformActions(text) : [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // Most manifests have no elision at all: skip the per-line test.
  const mayElide = text.includes('...') || text.includes('…');
  // Plain YAML without elisions (no actions, so no branches): nothing to blank, one shared empty branch stack per line.
  if (kind === undefined && !mayElide)
    return { text, kind, lineStarts, branches: new Array<Branch[]>(lineStarts.length).fill([]), elisions: [], marks };
  const chars = kind || /^[ \t]*(\.\.\.|…)[ \t]*\r?$/m.test(text) ? text.split('') : undefined;
  const branches: Branch[][] = [];
  const elisions: number[] = [];
  let stack: Branch[] = [];
  let next = 0;
  let a = 0;
  for (let l = 0; l < lineStarts.length; l++) {
    const start = lineStarts[l] ?? 0;
    const end = (lineStarts[l + 1] ?? text.length + 1) - 1;
    const line = text.slice(start, end);
    branches.push(stack);
    const mine: Action[] = [];
    for (let act = actions[a]; act && act.start < end; act = actions[++a]) mine.push(act);
    for (const act of mine) {
      const top = stack.at(-1);
      if (OPEN.has(act.word)) stack = [...stack, [next++, 0]];
      else if (act.word === 'else' && top) stack = [...stack.slice(0, -1), [top[0], top[1] + 1]];
      else if (CLOSE.has(act.word)) stack = stack.slice(0, -1);
    }
    if (chars && mine.length > 0) {
      // Only whitespace between and around the actions: the line is template-only.
      let onlyActions = true;
      let from = start;
      for (const act of mine) {
        if (text.slice(from, Math.max(from, act.start)).trim() !== '') onlyActions = false;
        from = Math.max(from, act.end);
      }
      if (from < end && text.slice(from, end).trim() !== '') onlyActions = false;
      for (const act of mine) {
        // An action running over several lines (a `{{/* … */}}` comment) is blanked whole.
        const multiLine = act.end > end;
        const s = text.slice(act.start, act.end);
        for (let i = 0; i < s.length; i++) chars[act.start + i] = onlyActions || multiLine ? blank(s.charAt(i)) : under(s.charAt(i));
      }
    }
    if (mayElide && /^[ \t]*(#[ \t]*)?(\.\.\.|…)([ \t].*)?\r?$/.test(line) && isElision(text, line, end)) {
      elisions.push(start);
      if (chars && !line.trimStart().startsWith('#')) for (let i = start; i < end; i++) chars[i] = blank(text.charAt(i));
    }
  }
  return { text: chars ? chars.join('') : text, kind, lineStarts, branches, elisions, marks };
}

/** `...` at column 0 is YAML's document end marker unless more of the same document follows. */
function isElision(text: string, line: string, end: number): boolean {
  if (!/^(\.\.\.)[ \t]*\r?$/.test(line)) return true;
  // Skip blank and comment lines after it (sticky: scans only those lines).
  const skip = /(?:[ \t]*(?:#[^\n]*)?\r?\n)*/y;
  skip.lastIndex = end + 1;
  skip.exec(text);
  const next = text.slice(skip.lastIndex, skip.lastIndex + 256);
  return /\S/.test(next) && !next.startsWith('---') && !next.startsWith('%');
}

function lineOf(p: Prepared, offset: number): number {
  let lo = 0;
  let hi = p.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((p.lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** True when the two offsets sit in different branches of the same conditional. */
export function exclusive(p: Prepared, a: number, b: number): boolean {
  const sa = p.branches[lineOf(p, a)] ?? [];
  const sb = p.branches[lineOf(p, b)] ?? [];
  return sa.some(([id, br]) => sb.some(([id2, br2]) => id === id2 && br !== br2));
}

/** True when the offset sits inside any conditional branch. */
export function conditional(p: Prepared, offset: number): boolean {
  return (p.branches[lineOf(p, offset)] ?? []).length > 0;
}

/**
 * The lines that belong to a mapping written under `keySpan`: from the key's
 * line to the last following line indented deeper than the key (blank and
 * template-only lines included). A template action or an elision there may
 * supply fields the parser cannot see.
 */
export function mayBeSupplied(p: Prepared, original: string, keySpan: Span | undefined, body: Span): boolean {
  const from = keySpan ? (p.lineStarts[lineOf(p, keySpan.start)] ?? 0) : body.start;
  const col = keySpan ? keySpan.start - from : -1;
  let l = lineOf(p, Math.max(body.end - 1, from));
  while (l + 1 < p.lineStarts.length) {
    const s = p.lineStarts[l + 1] ?? original.length;
    const e = (p.lineStarts[l + 2] ?? original.length + 1) - 1;
    const line = original.slice(s, e);
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== '' && indent <= col && !/^\s*\{\{/.test(line)) break;
    if (col < 0 && /^(---|\.\.\.)\s*$/.test(line)) break;
    l++;
  }
  const to = p.lineStarts[l + 1] ?? original.length;
  const region = original.slice(from, Math.max(to, body.end));
  return SUPPLYING.test(region) || p.elisions.some((o) => o >= from && o < Math.max(to, body.end));
}
