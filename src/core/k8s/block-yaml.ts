/**
 * A reader for the block-style YAML that kubectl, Helm and manifest
 * generators write: indented mappings and sequences of one-line plain and
 * quoted scalars. It builds the node model of yaml-node.ts, exactly as
 * `fromYaml` converts the `yaml` package's documents for the same text (the
 * same keys, values in the core schema, scalar types and spans), so the
 * embedded-material reader and the TLS Secret checks read either alike.
 *
 * Why by hand: the `yaml` package (lexer, CST parser, composer) spends about
 * 90 µs on each small document, more than the rest of decoding, and a 20 MB
 * file of Secrets must decode no slower than that package parses it (issue
 * 16). No library reads this subset faster with offsets kept.
 *
 * Anything outside the subset is declined (`undefined`) and the caller parses
 * the text with the `yaml` package: flow collections, anchors, aliases, tags,
 * block scalars, multi-line and escaped scalars, explicit and quoted keys,
 * keys that are not strings, `<<`, `...`, tabs, control characters and
 * whatever the `yaml` package would report as an error. test/unit/core/k8s/
 * block-yaml.test.ts checks on every YAML fixture, and on generated and
 * mutated documents, that what it accepts equals the `yaml` package's parse.
 */
import { Document, isScalar, type ScalarTag } from 'yaml';
import { YAML_PARSE_OPTIONS } from './parse-yaml';
import type { YMap, YNode, YPair, YScalar, YSeq } from './yaml-node';

/** The core schema's scalar tags, tried in the composer's order (compose-scalar.js `findScalarTagByTest`). */
const CORE_TAGS = new Document(null, YAML_PARSE_OPTIONS).schema.tags.filter(
  (t): t is ScalarTag => t.default === true && t.test !== undefined && 'resolve' in t && !('collection' in t),
);

/** Thrown inside the reader when the text leaves the subset; never escapes this module. */
const DECLINED = new Error('outside the block-YAML subset');

/**
 * The root node of each document of `text.slice(start, end)`, as
 * `parseAllDocuments` composes them (null for an empty document), or
 * undefined when any document is outside the subset. `start` is 0 or the
 * start of a `---` line, `end` the end of the text or the start of a `---`
 * line.
 *
 * @example
 * readBlockDocuments('kind: Secret\n---\nkind: ConfigMap\n')?.length; // 2
 * readBlockDocuments('a: [1, 2]\n'); // undefined
 */
export function readBlockDocuments(text: string, start = 0, end = text.length): Array<YNode | null> | undefined {
  if (hasOutside(start === 0 && end === text.length ? text : text.slice(start, end))) return undefined;
  const roots: Array<YNode | null> = [];
  try {
    let at = start;
    // Before the first `---`, a document only if something other than comments is written.
    if (!isMarker(text, at)) {
      const first = nextMarker(text, at, end);
      const reader = new BlockReader(text, first, at);
      if (reader.more) roots.push(reader.document());
      at = first;
    }
    while (at < end) {
      const next = nextMarker(text, at + 3, end);
      roots.push(new BlockReader(text, next, afterMarker(text, at, next)).document());
      at = next;
    }
  } catch (err) {
    if (err === DECLINED) return undefined;
    throw err;
  }
  return roots;
}

/**
 * Characters the reader leaves to the `yaml` package: tabs (white space in
 * some places, content in others), a byte order mark, a carriage return
 * without a line feed. Other control characters are content to both.
 */
function hasOutside(text: string): boolean {
  if (text.includes('\t') || text.includes('\ufeff')) return true;
  for (let r = text.indexOf('\r'); r >= 0; r = text.indexOf('\r', r + 1)) if (text.charCodeAt(r + 1) !== 10) return true;
  return false;
}

/** A `---` line at `at`: the lexer's document start (followed by white space or the end). */
function isMarker(text: string, at: number): boolean {
  if (!text.startsWith('---', at)) return false;
  const c = text.charCodeAt(at + 3);
  return Number.isNaN(c) || c === 32 || c === 10 || c === 13;
}

/** The start of the next `---` line strictly after `from`, or `end`. */
function nextMarker(text: string, from: number, end: number): number {
  for (let i = text.indexOf('\n---', from - 1); i >= 0 && i + 1 < end; i = text.indexOf('\n---', i + 1)) {
    if (isMarker(text, i + 1)) return i + 1;
  }
  return end;
}

/** Where a document's content starts after its `---` line: only spaces or a comment may follow the marker. */
function afterMarker(text: string, at: number, end: number): number {
  let p = at + 3;
  while (p < end && text.charCodeAt(p) === 32) p++;
  const c = text.charCodeAt(p);
  if (p < end && c !== 10 && c !== 13 && !(c === 35 && p > at + 3)) throw DECLINED;
  const nl = text.indexOf('\n', p);
  return nl < 0 || nl >= end ? end : nl + 1;
}

/**
 * Whether a plain scalar may resolve to something other than a string: every
 * core tag's test (null, bool, int, float) only matches the empty string or a
 * string starting with one of these characters (block-yaml.test.ts checks
 * this of the tags). One test instead of nine, on every key and value.
 */
const MAYBE_NOT_STRING = /^(?:[-+.~0-9nNtTfF]|$)/;

/** The core tag `source` resolves with, or undefined for a string. */
function coreTag(source: string): ScalarTag | undefined {
  return MAYBE_NOT_STRING.test(source) ? CORE_TAGS.find((t) => t.test?.test(source)) : undefined;
}

/**
 * A plain scalar, resolved in the core schema as the composer resolves it
 * (compose-scalar.js); undefined when the tag refuses it (the composer then
 * reports an error).
 */
export function plainScalar(source: string, start: number, end: number): YScalar | undefined {
  const tag = coreTag(source);
  let failed = false;
  const resolved: unknown = tag ? tag.resolve(source, () => (failed = true), YAML_PARSE_OPTIONS) : source;
  if (failed) return undefined;
  // Floats resolve to a Scalar node (it keeps the number of fraction digits).
  const value = isScalar(resolved) ? resolved.value : resolved;
  return { kind: 'scalar', value, type: 'PLAIN', start, end };
}

function plain(source: string, start: number, end: number): YScalar {
  const node = plainScalar(source, start, end);
  if (!node) throw DECLINED;
  return node;
}

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/**
 * One document's lines, read top-down. The current line is always a content
 * line (blank and comment lines are skipped): `ls` its start, `cs` its first
 * non-space character, `le` its end before `\r\n`, `nl` the next line's start.
 */
class BlockReader {
  more = false;
  private ls = 0;
  private cs = 0;
  private le = 0;
  private nl = 0;

  constructor(
    private readonly text: string,
    private readonly end: number,
    start: number,
  ) {
    this.seek(start);
  }

  /** The document's root; everything up to `end` must belong to it. */
  document(): YNode | null {
    if (!this.more) return null;
    const root = this.block();
    if (this.more) throw DECLINED;
    return root;
  }

  private get indent(): number {
    return this.cs - this.ls;
  }

  /** Moves to the first content line at or after `from`. */
  private seek(from: number): void {
    const t = this.text;
    for (let p = from; p < this.end;) {
      const lf = t.indexOf('\n', p);
      const e = lf < 0 || lf >= this.end ? this.end : lf;
      const le = e > p && t.charCodeAt(e - 1) === 13 ? e - 1 : e;
      let cs = p;
      while (cs < le && t.charCodeAt(cs) === SPACE) cs++;
      if (cs < le && t.charCodeAt(cs) !== HASH) {
        this.ls = p;
        this.cs = cs;
        this.le = le;
        this.nl = e === this.end ? e : e + 1;
        this.more = true;
        return;
      }
      p = e + 1;
    }
    this.more = false;
    this.ls = this.cs = this.le = this.nl = this.end;
  }

  /** `- ` or a lone `-` at `p`. */
  private isDash(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && (p + 1 === this.le || this.text.charCodeAt(p + 1) === SPACE);
  }

  /** The collection whose first line is the current line. */
  private block(): YMap | YSeq {
    return this.isDash(this.cs) ? this.seq(this.indent, false) : this.map(this.indent, this.cs);
  }

  /** A mapping whose keys start at column `n`; the first key is at `first` on the current line. */
  private map(n: number, first: number): YMap {
    const pairs: YPair[] = [];
    for (let keyAt = first; ; keyAt = this.cs) {
      pairs.push(this.entry(n, keyAt));
      if (!this.more || this.indent < n) return { kind: 'map', pairs };
      if (this.indent > n || this.isDash(this.cs)) throw DECLINED;
    }
  }

  /** A sequence whose dashes are at column `n`; `asValue`: a mapping value at its key's column, ended by the next key. */
  private seq(n: number, asValue: boolean): YSeq {
    const items: YNode[] = [];
    for (;;) {
      items.push(this.item(n));
      if (!this.more || this.indent < n) return { kind: 'seq', items };
      if (this.indent > n) throw DECLINED;
      if (!this.isDash(this.cs)) {
        if (asValue) return { kind: 'seq', items };
        throw DECLINED;
      }
    }
  }

  private entry(n: number, keyAt: number): YPair {
    const t = this.text;
    const colon = this.keyColon(keyAt);
    if (colon < 0) throw DECLINED;
    let ke = colon;
    while (ke > keyAt && t.charCodeAt(ke - 1) === SPACE) ke--;
    const source = t.slice(keyAt, ke);
    // Keys longer than 1024 characters are an error; `<<` may be a merge key; a key that is not a string reads differently.
    if (ke - keyAt > 1000 || source === '<<' || coreTag(source)) throw DECLINED;
    return { key: plain(source, keyAt, ke), value: this.value(n, colon + 1, true) };
  }

  /** A mapping value or sequence item written from `from` on the current line, at or below column `n`. */
  private value(n: number, from: number, inMap: boolean): YNode {
    const t = this.text;
    let v = from;
    while (v < this.le && t.charCodeAt(v) === SPACE) v++;
    if (v === this.le || t.charCodeAt(v) === HASH) {
      // Nothing after the indicator: the value is on the next lines, or empty (null, placed where the line ends or its comment starts).
      this.seek(this.nl);
      if (this.more && this.indent > n) return this.block();
      if (inMap && this.more && this.indent === n && this.isDash(this.cs)) return this.seq(n, true);
      return plain('', v, v);
    }
    if (!inMap && this.isDash(v)) throw DECLINED;
    if (!inMap && this.keyColon(v) >= 0) return this.map(v - this.ls, v);
    const node = this.scalarAt(v);
    this.seek(this.nl);
    // A more indented line would continue the scalar (or be an error).
    if (this.more && this.indent > n) throw DECLINED;
    return node;
  }

  private item(n: number): YNode {
    return this.value(n, this.cs + 1, false);
  }

  /** The `:` that ends a plain key starting at `p` on the current line, or -1 when the line holds no key. */
  private keyColon(p: number): number {
    const t = this.text;
    if (startsOutside(t, p, this.le)) return -1;
    // Searched within the line only: a sequence of values without a colon must not search the rest of the text each time.
    for (let c = indexIn(t, ':', p, this.le); c >= 0; c = indexIn(t, ':', c + 1, this.le)) {
      if (c + 1 === this.le || t.charCodeAt(c + 1) === SPACE) {
        return indexIn(t, ' #', p, c) >= 0 ? -1 : c;
      }
    }
    return -1;
  }

  /** A one-line scalar at `v` (not a comment, not empty). */
  private scalarAt(v: number): YScalar {
    const t = this.text;
    const q = t.charCodeAt(v);
    if (q === 34 /* " */) {
      const close = indexIn(t, '"', v + 1, this.le);
      if (close < 0 || indexIn(t, '\\', v + 1, close) >= 0) throw DECLINED;
      this.trailer(close + 1);
      return { kind: 'scalar', value: t.slice(v + 1, close), type: 'QUOTE_DOUBLE', start: v, end: close + 1 };
    }
    if (q === 39 /* ' */) {
      let close = indexIn(t, "'", v + 1, this.le);
      while (close >= 0 && t.charCodeAt(close + 1) === 39) close = indexIn(t, "'", close + 2, this.le);
      if (close < 0) throw DECLINED;
      this.trailer(close + 1);
      return { kind: 'scalar', value: t.slice(v + 1, close).replaceAll("''", "'"), type: 'QUOTE_SINGLE', start: v, end: close + 1 };
    }
    if (startsOutside(t, v, this.le)) throw DECLINED;
    let e = this.le;
    // Only a value with a space can hold a comment or `: ` (a base64 value has none: one native search, no copy).
    const space = t.indexOf(' ', v);
    if (space >= 0 && space < this.le) {
      const hash = indexIn(t, ' #', space, this.le);
      if (hash >= 0) e = hash;
      while (e > v && t.charCodeAt(e - 1) === SPACE) e--;
      if (indexIn(t, ': ', v, e) >= 0) throw DECLINED;
    }
    if (t.charCodeAt(e - 1) === COLON) throw DECLINED;
    return plain(t.slice(v, e), v, e);
  }

  /** After a quoted scalar: only spaces, then the end of the line or a comment. */
  private trailer(p: number): void {
    const t = this.text;
    let s = p;
    while (s < this.le && t.charCodeAt(s) === SPACE) s++;
    if (s < this.le && !(t.charCodeAt(s) === HASH && s > p)) throw DECLINED;
  }
}

/** `needle` in `t` from `from`, ending at or before `to`, or -1; never searches past `to` (a 20 MB text has no ` #`). */
function indexIn(t: string, needle: string, from: number, to: number): number {
  if (from >= to) return -1;
  const i = t.slice(from, to).indexOf(needle);
  return i < 0 ? -1 : i + from;
}

/**
 * True when a plain scalar cannot start at `p`: a flow or node indicator, a
 * quote (read elsewhere), or `-`, `?`, `:` followed by a space or the end.
 */
function startsOutside(t: string, p: number, le: number): boolean {
  const c = t.charCodeAt(p);
  if (c === DASH || c === 63 /* ? */ || c === COLON) {
    return p + 1 === le || t.charCodeAt(p + 1) === SPACE;
  }
  return '[]{},&*!|>%@`"\'#'.includes(t[p] ?? '');
}
