/**
 * A large multi-document YAML text decoded in parts (so that the CLI can use
 * every core on one file), with exactly what `decodeText(text, { structured:
 * true })` gives: the same items, problems and TLS Secret summaries, in the
 * same order, with the same spans.
 *
 * Why a split at a document-start line is safe: the `yaml` lexer ends every
 * scalar, flow collection and block at a `---` line at column 0 followed by
 * white space or the end (YAML 1.2 §9.1.2, `c-forbidden`; lexer
 * `continueScalar` and `parseFlowCollection`), so each document's tokens are
 * the same whether the text is parsed whole or from that line on. The one
 * exception, an unterminated quoted scalar, is a syntax error. What crosses
 * documents is refused: `%` directive lines, a part with a syntax error
 * (see `SplitPartResult.ok`), and the limits of util/yaml-limits.ts, which
 * are decided once on the whole text. The PEM
 * scanner, whose state does cross documents, runs once on the whole text
 * (`decodePemInto`); each part is parsed on its own and its offsets moved
 * by the part's start.
 */
import { Composer, Parser } from 'yaml';
import { readBlockDocuments } from '../k8s/block-yaml';
import { fromYaml, type YNode } from '../k8s/yaml-node';
import { checkYamlLimits } from '../util/yaml-limits';
import { findEmbeddedIn, shiftPairKey, type EmbeddedMaterial } from '../k8s/embedded';
import { YAML_PARSE_OPTIONS } from '../k8s/parse-yaml';
import { analyzeSecretFields, tlsSecretsIn, type SecretFields, type TlsSecretSummary } from '../k8s/tls-secret';
import { lintMayReadText } from '../cert-manager/prescreen';
import type { Problem, Span } from '../types';
import type { DigestFn } from '../x509/digest';
import { decodeEmbeddedMaterial, mayHoldEmbedded, type DecodedFile, type Item } from './decode';

export interface SplitPlan {
  /** Consecutive parts of the YAML the documents are parsed from; each after the first starts on a `---` line. */
  readonly parts: readonly Span[];
  /** What `decodeText` would decide on the whole text: decode embedded material, summarise TLS Secrets. */
  readonly embedded: boolean;
  readonly tls: boolean;
  /** Limit findings of the whole text (the document cap); reported where `decodeText` reports them. */
  readonly limits: readonly Problem[];
}

/** One part, as sent to the thread that decodes it. */
export interface SplitPartJob {
  /** `text.slice(span.start, span.end)`. */
  readonly part: string;
  readonly start: number;
  readonly embedded: boolean;
  readonly tls: boolean;
  /** The whole text's PEM items inside the part (the TLS Secret summary reads them). */
  readonly pemItems: readonly Item[];
}

export interface SplitPartResult {
  /**
   * The part parsed within the YAML limits and without a syntax error. When
   * not, the text is decoded whole: a part alone may pass a limit the whole
   * text did not, and an unterminated quoted scalar runs to the next quote
   * character, which may lie in another part (lexer `parseQuotedScalar`).
   */
  readonly ok: boolean;
  /** Documents parsed from the part. */
  readonly docs: number;
  /** `lintMayReadText` of the part: the CLI's cert-manager lint pre-screen, on this thread too. */
  readonly lintMayRead: boolean;
  /** Embedded items; `container` indices count from the part's first item. */
  readonly items: Item[];
  /** The embedded reader's problems (`embedded-base64-invalid`), then those of the values it decoded. */
  readonly readerProblems: Problem[];
  readonly valueProblems: Problem[];
  readonly secretProblems: Problem[];
  readonly secrets: TlsSecretSummary[];
}

/**
 * Where to cut `text` into about `weights.length` parts (sizes in proportion
 * to the weights), or undefined when a split is unsafe or useless: nothing
 * to parse, `%` directives, a limit that refuses the text, or a single
 * document.
 */
export function planSplit(text: string, weights: readonly number[]): SplitPlan | undefined {
  if (weights.length < 2) return undefined;
  const embedded = mayHoldEmbedded(text);
  const tls = text.includes('kubernetes.io/tls');
  // decodeText parses nothing: nothing to share out.
  if (!embedded && !tls) return undefined;
  // One document (a JSON file): nothing to cut. A directive (`%YAML`, `%TAG`) applies to the document after it.
  if (!text.includes('\n---') || /^%/m.test(text)) return undefined;
  const check = checkYamlLimits(text);
  if (check.refused) return undefined;
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const cuts: number[] = [];
  let acc = 0;
  for (const w of weights.slice(0, -1)) {
    acc += Math.max(0, w);
    const at = documentStartNear(text, Math.floor((check.bodyEnd * acc) / total), cuts.at(-1) ?? 0, check.bodyEnd);
    if (at > 0) cuts.push(at);
  }
  if (cuts.length === 0) return undefined;
  const bounds = [0, ...cuts, check.bodyEnd];
  const parts = cuts.length + 1;
  return {
    parts: Array.from({ length: parts }, (_, i) => ({ start: bounds[i] ?? 0, end: bounds[i + 1] ?? 0 })),
    embedded,
    tls,
    limits: check.problems,
  };
}

/**
 * The offset of a `---` line that the lexer takes as a document start
 * (followed by white space or the end), strictly between `after` and `end`:
 * the first at or after `target`, else the last before it; -1 if none.
 */
function documentStartNear(text: string, target: number, after: number, end: number): number {
  const marker = (i: number): boolean => {
    const c = text.charCodeAt(i + 4);
    return Number.isNaN(c) || c === 32 || c === 9 || c === 13 || c === 10;
  };
  for (let i = text.indexOf('\n---', Math.max(after, target - 1)); i >= 0 && i + 1 < end; i = text.indexOf('\n---', i + 1)) {
    if (marker(i)) return i + 1;
  }
  for (let i = text.lastIndexOf('\n---', target - 2); i >= 0 && i + 1 > after; i = i > 0 ? text.lastIndexOf('\n---', i - 1) : -1) {
    if (marker(i)) return i + 1;
  }
  return -1;
}

/** The jobs of a plan; `pemItems` are the whole text's PEM items (`decodePemInto`). */
export function splitJobs(text: string, plan: SplitPlan, pemItems: readonly Item[]): SplitPartJob[] {
  return plan.parts.map((span) => ({
    part: text.slice(span.start, span.end),
    start: span.start,
    embedded: plan.embedded,
    tls: plan.tls,
    pemItems: pemItems.filter((i) => i.span.start >= span.start && i.span.end <= span.end),
  }));
}

/**
 * Decodes one part: its documents' embedded material and TLS Secrets, as
 * `decodeText` finds them in the whole text. Documents are parsed and read
 * one at a time (the same parser and options as k8s/parse-yaml.ts), so the
 * part's parse is never held whole: the garbage collector finds almost
 * nothing alive, where the whole text's parse keeps ten to twenty times the
 * text's size.
 */
export async function decodeSplitPart(job: SplitPartJob, digest: DigestFn): Promise<SplitPartResult> {
  // Offsets are the part's until the end, then moved by its start: spans (items, problems, summaries) are the only offsets.
  const text = job.part;
  const d = job.start;
  const items: Item[] = [];
  const readerProblems: Problem[] = [];
  const valueProblems: Problem[] = [];
  const refused = { ok: false, docs: 0, lintMayRead: true, items, readerProblems, valueProblems, secretProblems: [], secrets: [] };
  // The limits parseYamlLimited applies: a later part alone must pass them all (see SplitPartResult.ok). The
  // first part needs no check: the whole text's pre-scan, which passed, went through the same states over it.
  if (job.start > 0 && checkYamlLimits(text).problems.length > 0) return refused;
  const secretFields: SecretFields[] = [];
  const sink = { items, problems: valueProblems, digest };
  let docs = 0;
  try {
    for (const root of documentRoots(text)) {
      if (root === undefined) return refused;
      if (job.embedded) {
        const found = { items: [] as EmbeddedMaterial[], problems: readerProblems };
        findEmbeddedIn(text, root, docs, found);
        await decodeEmbeddedMaterial(found.items, sink);
      }
      if (job.tls) tlsSecretsIn(root, secretFields);
      docs++;
    }
  } catch {
    return refused;
  }
  const pemItems = job.pemItems.map((i) => moved(i, -d));
  const secrets = job.tls ? analyzeSecretFields(text, secretFields, [...pemItems, ...items]) : undefined;
  return {
    ok: true,
    docs,
    lintMayRead: lintMayReadText(job.part),
    items: items.map((i) => moved(i, d)),
    readerProblems: readerProblems.map((p) => moved(p, d)),
    valueProblems: valueProblems.map((p) => moved(p, d)),
    secretProblems: (secrets?.problems ?? []).map((p) => moved(p, d)),
    secrets: (secrets?.items ?? []).map((s) => moved(s, d)),
  };
}

/**
 * Each document's root node: from the block-YAML reader when the whole part
 * is in its subset (k8s/block-yaml.ts, the same nodes at a fraction of the
 * cost), else from the `yaml` package one document at a time; undefined for
 * a document with a syntax error.
 */
function* documentRoots(text: string): Generator<YNode | null | undefined> {
  const block = readBlockDocuments(text);
  if (block) return yield* block;
  for (const doc of new Composer(YAML_PARSE_OPTIONS).compose(new Parser().parse(text))) {
    yield doc.errors.length > 0 ? undefined : fromYaml(doc.contents);
  }
}

/** The same object with its span moved by `d` (property order kept). */
function moved<T extends { readonly span: Span }>(x: T, d: number): T {
  return d === 0 ? x : { ...x, span: { start: x.span.start + d, end: x.span.end + d } };
}

/**
 * The decode of the whole text from its PEM phase and its parts' results,
 * in order; undefined when a part was refused.
 */
export function mergeSplit(plan: SplitPlan, pem: DecodedFile, parts: readonly SplitPartResult[]): DecodedFile | undefined {
  if (parts.length !== plan.parts.length || parts.some((p) => !p.ok)) return undefined;
  const items = [...pem.items];
  let docs = 0;
  for (const part of parts) {
    const base = items.length;
    for (const it of part.items) items.push(renumber(it, base, docs));
    docs += part.docs;
  }
  const problems = [...pem.problems, ...(plan.embedded ? plan.limits : [])];
  for (const part of parts) for (const p of part.readerProblems) problems.push(p);
  for (const part of parts) for (const p of part.valueProblems) problems.push(p);
  for (const part of parts) for (const p of part.secretProblems) problems.push(p);
  const secrets = parts.flatMap((p) => p.secrets);
  return secrets.length > 0 ? { items, problems, secrets } : { items, problems };
}

/** A part's item with the whole text's item and document numbers (property order kept: `--json` is byte-identical). */
function renumber(it: Item, base: number, docs: number): Item {
  const pairKey = it.embedded?.pairKey;
  if (it.container === undefined && (pairKey === undefined || docs === 0)) return it;
  return {
    ...it,
    ...(it.container !== undefined && { container: it.container + base }),
    ...(it.embedded && pairKey !== undefined && { embedded: { ...it.embedded, pairKey: shiftPairKey(pairKey, docs) } }),
  };
}
