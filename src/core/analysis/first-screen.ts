/**
 * The head of a big PEM text that can be decoded on its own, so the editor
 * decorates the first screenful before the whole file is decoded: the text up
 * to the end of the last `-----END …-----` line within `maxChars`. Cutting
 * after an END line leaves no block half-read. Undefined when there is none.
 */
export function firstScreen(text: string, maxChars: number): string | undefined {
  if (text.length <= maxChars) return undefined;
  for (let end = text.lastIndexOf('-----END ', maxChars); end >= 0; end = end === 0 ? -1 : text.lastIndexOf('-----END ', end - 1)) {
    const eol = text.indexOf('\n', end);
    if (eol >= 0 && eol < maxChars) return text.slice(0, eol + 1);
  }
  return undefined;
}
