/**
 * The way back from decoded literal text to source offsets.
 *
 * Source literals are decoded (escapes resolved, quotes, `+` and line
 * continuations dropped) before the PEM scanner reads them; every finding on
 * the decoded text must land on the literal it came from, so CodeLens, hover
 * and diagnostics sit on the code the user wrote.
 */
import type { Span } from '../types';

/** One literal (or byte array) of a group: its decoded range and its source range, quotes and prefix included. */
export interface LiteralToken {
  readonly decStart: number;
  readonly decEnd: number;
  readonly srcStart: number;
  readonly srcEnd: number;
}

/** A run of decoded text and where it came from. */
interface Segment {
  /** Decoded offset of its first character. */
  readonly dec: number;
  readonly src: number;
  srcEnd: number;
  /** True: maps character for character (verbatim source); false: the whole source range stands for the text (an escape, a byte). */
  readonly linear: boolean;
}

/** Builds decoded text piece by piece, remembering where each piece came from. */
export class DecodedTextBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly segments: Segment[] = [];

  get size(): number {
    return this.length;
  }

  /** Source text copied as is: `source.slice(from, to)`. */
  verbatim(source: string, from: number, to: number): void {
    if (to <= from) return;
    this.push(source.slice(from, to), from, to, true);
  }

  /** Decoded text that stands for the whole source range (an escape sequence, a byte). */
  escape(decoded: string, from: number, to: number): void {
    if (decoded === '') return;
    this.push(decoded, from, to, false);
  }

  private push(s: string, from: number, to: number, linear: boolean): void {
    // Adjacent verbatim pieces merge, keeping the tables small.
    const last = this.segments[this.segments.length - 1];
    if (linear && last?.linear && last.srcEnd === from) last.srcEnd = to;
    else this.segments.push({ dec: this.length, src: from, srcEnd: to, linear });
    this.parts.push(s);
    this.length += s.length;
  }

  text(): string {
    return this.parts.join('');
  }

  map(tokens: readonly LiteralToken[]): OffsetMap {
    return new OffsetMap(this.segments, tokens);
  }
}

export class OffsetMap {
  constructor(
    private readonly segments: readonly Segment[],
    readonly tokens: readonly LiteralToken[],
  ) {}

  /** Source offset of the decoded character at `d` (its first source character). */
  startOf(d: number): number {
    const g = this.segment(d);
    if (!g) return this.tokens[0]?.srcStart ?? 0;
    return g.linear ? g.src + (d - g.dec) : g.src;
  }

  /** Source offset just after the decoded character at `d - 1`. */
  endOf(d: number): number {
    if (d <= 0) return this.startOf(0);
    const g = this.segment(d - 1);
    if (!g) return this.tokens[this.tokens.length - 1]?.srcEnd ?? 0;
    return g.linear ? g.src + (d - g.dec) : g.srcEnd;
  }

  /**
   * The source range of a decoded range. A range that starts a literal (only
   * blank decoded text before it in that literal) takes the literal's opening
   * quote; one that ends it takes the closing quote, so a PEM block written as
   * `"-----BEGIN …\n" "…" "-----END …\n"` is the whole run of literals. A
   * literal holding two blocks keeps each on its own text (the other block is
   * not blank).
   */
  spanOf(decoded: Span, text: string): Span {
    let start = this.startOf(decoded.start);
    let end = this.endOf(decoded.end);
    const first = this.tokenAt(decoded.start);
    let last = this.tokenAt(Math.max(decoded.start, decoded.end - 1));
    // NUL counts as blank: `xxd -i` of a NUL-terminated PEM file ends in 0x00.
    const blank = (a: number, b: number) => /^[\s\0]*$/.test(text.slice(a, b));
    if (first && blank(first.decStart, decoded.start)) start = first.srcStart;
    if (last && blank(decoded.end, last.decEnd)) {
      // Literals after it holding only blanks (`"-----END CERTIFICATE-----" "\n"`) belong to the block too.
      for (const t of this.tokens.slice(this.tokens.indexOf(last) + 1)) {
        if (!blank(t.decStart, t.decEnd)) break;
        last = t;
      }
      end = last.srcEnd;
    }
    return { start, end: Math.max(start, end) };
  }

  private tokenAt(d: number): LiteralToken | undefined {
    let lo = 0;
    let hi = this.tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = this.tokens[mid];
      if (!t) return undefined;
      if (d < t.decStart) hi = mid - 1;
      else if (d >= t.decEnd && !(d === t.decEnd && mid === this.tokens.length - 1)) lo = mid + 1;
      else return t;
    }
    return undefined;
  }

  /** The last segment starting at or before `d`. */
  private segment(d: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found: Segment | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = this.segments[mid];
      if (g && g.dec <= d) {
        found = g;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
