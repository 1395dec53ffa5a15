/**
 * Position-aware access to parsed YAML for the linter: every value comes with
 * the span where it is written, aliases are followed, and values that Helm
 * will template (`{{ … }}`, `${…}`) are reported as `templated` so rules skip
 * them (templates.ts prepares the text).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseYamlLimited } from '../util/yaml-limits';
import type { Problem, Span } from '../types';
import { TEMPLATE_MARK, exclusive, prepareTemplate, templateKind, type Prepared } from './templates';

export interface YamlFile {
  readonly path: string;
  readonly text: string;
}

/** One parsed document plus the text it came from. */
export interface ParsedDoc {
  readonly text: string;
  readonly doc: Document.Parsed;
  /** Template preparation of the file: branches, elisions. */
  readonly tpl: Prepared;
}

export interface ParsedFile {
  readonly path: string;
  readonly text: string;
  readonly docs: ParsedDoc[];
  /** First syntax error, unless the file is a template (Helm or Terraform). */
  readonly syntaxError?: { readonly message: string; readonly span: Span };
  /** A Helm or Terraform template: values may be filled in at render time. */
  readonly helm: boolean;
  readonly tpl: Prepared;
  /** `yaml-limit-exceeded` findings: what of the file was not parsed, and why. */
  readonly limits?: Problem[];
}

/**
 * Files the linter reads, in the CLI (`lint`, `scan`) and the editor alike, so
 * all three give the same verdict (including `yaml-syntax`) for a file:
 * YAML, and Helm/Terraform templates.
 */
export const MANIFEST_PATH = /\.(ya?ml|tpl|tftpl)$/i;

/** A Helm chart template: it will not be valid YAML before rendering. */
export function isHelmTemplate(path: string, text: string): boolean {
  return templateKind(path, text) === 'helm';
}

/**
 * A file the linter can leave out (prescreen.ts `lintCannotConcern`, and no
 * kustomization that may name it as a patch) whose YAML has no syntax error
 * and is within the limits (k8s/yaml-roots.ts `isCleanYaml`): it holds
 * no document the linter reads, so none is parsed.
 */
export function inertYamlFile(file: YamlFile): ParsedFile {
  const tpl: Prepared = { text: file.text, kind: undefined, lineStarts: [0], branches: [], elisions: [], marks: false };
  return { path: file.path, text: file.text, docs: [], helm: false, tpl };
}

/** Parses every document; never throws. The parse is shared with the certificate decoder (k8s/parse-yaml.ts). */
export function parseYamlFile(file: YamlFile): ParsedFile {
  const tpl = prepareTemplate(file.path, file.text);
  const helm = tpl.kind !== undefined;
  // Within the documented YAML limits (util/yaml-limits.ts); a limit hit is a finding, never a hang.
  const { docs, problems: limits } = parseYamlLimited(tpl.text);
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
    good.push({ text: file.text, doc, tpl });
  }
  return {
    path: file.path,
    text: file.text,
    docs: good,
    helm,
    tpl,
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
    let first: Field | undefined;
    let unknown = false;
    for (const pair of this.map.items) {
      // Hot path (rules ask for a dozen keys of each mapping): compare the key's value first, and
      // only then make sure it is a scalar; other nodes (maps, sequences, aliases) have no `value`.
      const k = pair.key as (Node & { value?: unknown }) | null;
      if (k === null || typeof k !== 'object' || k.value !== key || !isScalar(k)) continue;
      const f = this.toField(pair, k);
      if (!first) {
        first = f;
        continue;
      }
      // Plain YAML keeps the first (kubectl rejects duplicate keys anyway).
      if (this.pd.tpl.kind === undefined) continue;
      // In a template the same key twice renders once only from exclusive
      // branches; its value is known only if literal and equal in each.
      const same = this.pd.text.slice(f.span.start, f.span.end) === this.pd.text.slice(first.span.start, first.span.end);
      if (!same || f.templated || !exclusive(this.pd.tpl, first.keySpan.start, f.keySpan.start)) unknown = true;
    }
    return first && unknown ? { ...first, templated: true } : first;
  }

  private toField(pair: Pair, k: Node | null): Field {
    const keySpan = spanOf(k, this.span);
    const written = pair.value as Node | null;
    const node = isAlias(written) ? ((written.resolve(this.pd.doc) as Node | undefined) ?? null) : written;
    const span = written?.range ? spanOf(written, keySpan) : keySpan;
    const templated = this.pd.tpl.marks && isTemplated(this.pd.text, span);
    return { pair, keySpan, span, node, templated, pairSpan: { start: keySpan.start, end: span.end } };
  }

  /** True when the two spans sit in mutually exclusive template branches. */
  exclusive(a: Span, b: Span): boolean {
    return exclusive(this.pd.tpl, a.start, b.start);
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
      return { node, span, templated: this.pd.tpl.marks && isTemplated(this.pd.text, span) };
    });
    return { field: f, items };
  }

  /** A scalar value as a string (numbers and booleans stringified); undefined when templated. */
  str(key: string): string | undefined {
    const f = this.field(key);
    return f && !f.templated ? scalarString(f.node) : undefined;
  }

  keys(): string[] {
    const keys = this.map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter((k) => k !== '');
    return [...new Set(keys)];
  }
}

/** The written text at `span` holds a template action or placeholder. */
export function isTemplated(text: string, span: Span): boolean {
  return TEMPLATE_MARK.test(text.slice(span.start, span.end));
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
