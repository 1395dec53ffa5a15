/**
 * A quick fix that rewrites a value also takes care of the comment after it
 * on the same line: `renewBefore: 720h # 30 days` fixed to `240h0m0s` would
 * otherwise keep a comment that now lies. A trailing comment is stale when
 * it names the old value, a number (durations, percentages) or a rule id;
 * such a comment is removed with the fix, any other comment is kept.
 */
import type { Fix } from './context';

/** `# …` after the value on the fix's line, when the fix edits within that one line. */
function trailingComment(text: string, fix: Fix): { start: number; end: number; body: string } | undefined {
  const eol = text.indexOf('\n', fix.span.end);
  const end = eol < 0 ? text.length : eol;
  if (text.slice(fix.span.start, fix.span.end).includes('\n')) return undefined;
  const rest = text.slice(fix.span.end, end).replace(/\r$/, '');
  const m = /^(\s+)#(.*)$/.exec(rest);
  if (!m) return undefined;
  return { start: fix.span.end, end: fix.span.end + rest.length, body: m[2] ?? '' };
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
  return stale ? { ...fix, span: { start: fix.span.start, end: c.end } } : fix;
}
