/**
 * A quick fix that rewrites a value also takes care of the comment after it
 * on the same line: `renewBefore: 720h # 30 days` fixed to `240h0m0s` would
 * otherwise keep a comment that now lies. A trailing comment is stale when
 * it names the old value, a number (durations, percentages) or a rule id;
 * such a comment is removed with the fix, any other comment is kept.
 */
import type { Fix } from './context';

/**
 * `# …` at the end of the fix's line, when the fix edits within that one
 * line: right after the edited value, or after the value that follows an
 * edited key (`emailAddress: [a] # …`). `kept` is the text between the edit
 * and the comment, which the extended fix writes back unchanged.
 */
function trailingComment(text: string, fix: Fix): { end: number; body: string; kept: string } | undefined {
  const eol = text.indexOf('\n', fix.span.end);
  const end = eol < 0 ? text.length : eol;
  if (text.slice(fix.span.start, fix.span.end).includes('\n')) return undefined;
  const rest = text.slice(fix.span.end, end).replace(/\r$/, '');
  const at = commentStart(rest);
  if (at < 0) return undefined;
  return { end: fix.span.end + rest.length, body: rest.slice(at + 1), kept: rest.slice(0, at).trimEnd() };
}

/** Index of a YAML comment's `#` in a line's tail: preceded by white space (or first), outside quotes; -1 when none. */
function commentStart(rest: string): number {
  let quote: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(rest[i - 1]!))) return i;
  }
  return -1;
}

/**
 * The fix, extended over a stale trailing comment so applying it removes
 * that comment too; unchanged when there is none, or it is not stale, or the
 * fix deletes whole lines.
 *
 * @example closeFix('d: 90d # 3 months\n', { span: {start: 3, end: 6}, newText: '2160h0m0s', title: '' })
 *   // span { start: 3, end: 17 }: the comment goes with the old value
 */
export function closeFix(text: string, fix: Fix): Fix {
  if (fix.newText === '' || fix.span.end <= fix.span.start) return fix;
  const c = trailingComment(text, fix);
  if (!c) return fix;
  const old = text.slice(fix.span.start, fix.span.end).replace(/^["']|["']$/g, '');
  const stale = /\d|\bCM\d{3}\b/.test(c.body) || (old.length > 0 && c.body.includes(old));
  return stale ? { ...fix, span: { start: fix.span.start, end: c.end }, newText: fix.newText + c.kept } : fix;
}
