/**
 * Position-aware access to parsed YAML for the linter: every value comes with
 * the span where it is written, aliases are followed, and values that Helm
 * will template (`{{ … }}`) are reported as `templated` so rules skip them.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseYamlLimited } from '../util/yaml-limits';
import type { Problem, Span } from '../types';

export interface YamlFile {
  readonly path: string;
  readonly text: string;
}

/** One parsed document plus the text it came from. */
export interface ParsedDoc {
  readonly text: string;
  readonly doc: Document.Parsed;
}

export interface ParsedFile {
  readonly path: string;
  readonly text: string;
  readonly docs: ParsedDoc[];
  /** First syntax error, unless the file is a Helm template. */
  readonly syntaxError?: { readonly message: string; readonly span: Span };
  readonly helm: boolean;
  /** `yaml-limit-exceeded` findings: what of the file was not parsed, and why. */
  readonly limits?: Problem[];
}

/** A Helm chart template: it will not be valid YAML before rendering. */
export function isHelmTemplate(path: string, text: string): boolean {
  return /(^|[\\/])templates[\\/]/.test(path) || text.includes('{{');
}

/**
 * Blanks lines that are only template actions (`{{- if … }}`, `{{ end }}`,
 * `{{- include … | nindent 4 }}`) with spaces, so offsets are unchanged and
 * the remaining YAML usually parses.
 */
export function blankTemplateLines(text: string): string {
  const lines = text.replace(/^[ \t]*\{\{[^\n]*?\}\}[ \t]*(?=\r?$)/gm, (m) => ' '.repeat(m.length));
  // Inline actions (`name: {{ .Values.x }}-tls`) become a plain scalar of the
  // same length; rules see `templated` through the original text.
  return lines.replace(/\{\{[\s\S]*?\}\}/g, (m) => m.replace(/[^\r\n]/g, '_'));
}

/** Parses every document; never throws. */
export function parseYamlFile(file: YamlFile): ParsedFile {
  const helm = isHelmTemplate(file.path, file.text);
  const text = helm ? blankTemplateLines(file.text) : file.text;
  // Within the documented YAML limits (util/yaml-limits.ts); a limit hit is a finding, never a hang.
  const { docs, problems: limits } = parseYamlLimited(text);
  let syntaxError: ParsedFile['syntaxError'];
  const good: ParsedDoc[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      if (!syntaxError && !helm) {
        // The parser may point one past the end (an unexpected end of input).
        const n = file.text.length;
        const start = Math.min(Math.max(0, err.pos[0]), n);
        const end = Math.min(Math.max(start, err.pos[1]), n);
        syntaxError = { message: err.message.split('\n')[0] ?? err.message, span: { start, end } };
      }
      continue;
    }
    good.push({ text: file.text, doc });
  }
  return {
    path: file.path,
    text: file.text,
    docs: good,
    helm,
    ...(syntaxError ? { syntaxError } : {}),
    ...(limits.length ? { limits } : {}),
  };
}

export function spanOf(node: Node | null | undefined, fallback: Span): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** A field of a mapping: where its key and value are written. */
export interface Field {
  readonly pair: Pair;
  readonly keySpan: Span;
  /** The value as written (alias node when aliased); key span when empty. */
  readonly span: Span;
  /** The value with aliases followed. */
  readonly node: Node | null;
  /** True when the written value contains a `{{ … }}` template action. */
  readonly templated: boolean;
  /** From the key's start to the value's end. */
  readonly pairSpan: Span;
}

/** Reads fields of one mapping in one document. */
export class MapView {
  constructor(
    readonly pd: ParsedDoc,
    readonly map: YAMLMap,
  ) {}

  get span(): Span {
    return spanOf(this.map, { start: 0, end: 0 });
  }

  field(key: string): Field | undefined {
    for (const pair of this.map.items) {
      const k = pair.key as Node | null;
      const kv = isScalar(k) ? k.value : k;
      if (kv !== key) continue;
      const keySpan = spanOf(k, this.span);
      const written = pair.value as Node | null;
      const node = isAlias(written) ? ((written.resolve(this.pd.doc) as Node | undefined) ?? null) : written;
      const span = written?.range ? spanOf(written, keySpan) : keySpan;
      const templated = this.pd.text.slice(span.start, span.end).includes('{{');
      return { pair, keySpan, span, node, templated, pairSpan: { start: keySpan.start, end: span.end } };
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.field(key) !== undefined;
  }

  /** A nested mapping, or undefined. */
  map_(key: string): MapView | undefined {
    const f = this.field(key);
    return f && isMap(f.node) ? new MapView(this.pd, f.node) : undefined;
  }

  seq(key: string): { field: Field; items: Array<{ node: Node | null; span: Span; templated: boolean }> } | undefined {
    const f = this.field(key);
    if (!f || !isSeq(f.node)) return undefined;
    const seq = f.node as YAMLSeq;
    const items = seq.items.map((it) => {
      const written = it as Node | null;
      const node = isAlias(written) ? ((written.resolve(this.pd.doc) as Node | undefined) ?? null) : written;
      const span = spanOf(written, f.span);
      return { node, span, templated: this.pd.text.slice(span.start, span.end).includes('{{') };
    });
    return { field: f, items };
  }

  /** A scalar value as a string (numbers and booleans stringified); undefined when templated. */
  str(key: string): string | undefined {
    const f = this.field(key);
    return f && !f.templated ? scalarString(f.node) : undefined;
  }

  keys(): string[] {
    return this.map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter((k) => k !== '');
  }
}

export function scalarString(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return v === null || v === undefined ? undefined : String(v);
}

/** Span of whole lines covering `span`, including the final line break. */
export function lineSpan(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0 && text[start - 1] !== '\n') start--;
  let end = span.end;
  while (end < text.length && text[end] !== '\n') end++;
  if (end < text.length) end++;
  return { start, end };
}

/** Indentation (spaces) of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n') start--;
  let i = start;
  while (text[i] === ' ') i++;
  return text.slice(start, i);
}

export { isMap, isScalar, isSeq };
