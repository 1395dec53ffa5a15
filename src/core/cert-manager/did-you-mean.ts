/** "Did you mean" for near-miss field names, enum values and hosts. */

/** Levenshtein distance, with a cap for early exit. */
export function editDistance(a: string, b: string, cap = 64): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length] ?? cap + 1;
}

/**
 * The closest candidate when it is a plausible typo: equal ignoring case,
 * or within about a quarter of the length (at least 1, at most 3 edits).
 *
 * @example
 * suggest('emailAddress', ['dnsDomains', 'emailAddresses']); // 'emailAddresses'
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    if (c === word) continue;
    if (c.toLowerCase() === lower) return c;
    const d = editDistance(lower, c.toLowerCase(), 3);
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(word.length, c.length) / 4)));
    if (d <= limit && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}
