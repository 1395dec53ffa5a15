/**
 * Decodes the regions `findSourceMaterial` found and places every item and
 * problem on the literal it came from. The decoders are passed in, so this
 * module needs nothing from the analysis that calls it.
 */
import type { Item, DecodedFile } from '../analysis/decode';
import type { Problem, Span } from '../types';
import { bytesOf } from './byte-arrays';
import type { SourceMaterial, SourceRegion } from './find';
import type { SourceForm } from './groups';

/** Set on items decoded from source code. */
export interface SourceOrigin {
  readonly form: SourceForm;
  /** The file's language when the caller knows it (`c`, `python`, …). */
  readonly language?: string;
  /** The whole literal run or array the item came from (several blocks may share it, as in a bundle). */
  readonly literal: Span;
}

export interface SourceDecoders {
  readonly text: (text: string) => Promise<DecodedFile>;
  readonly binary: (bytes: Uint8Array) => Promise<DecodedFile>;
}

/**
 * Interpolations and elisions that make a block a template, not a
 * certificate: printf (`%s`), JS/Kotlin/Terraform (`${x}`, `$x`), Ruby
 * (`#{x}`), Python/C#/Rust/Mustache (`{}`, `{0}`, `{name}`, `{{x}}`), Swift
 * (`\(x)`), and documentation elisions (`...`, `…`, `<your cert>`).
 */
const PLACEHOLDER =
  /%[-+ #0]*\d*[sdvqx@]|\$\{[^}\n]*\}?|\$[A-Za-z_]\w*|#\{[^}\n]*\}?|\{\{[^}\n]*\}?\}?|\{[\w.:]*\}|\\\([^)\n]*\)?|\.\.\.|…|<[^<>\n]{1,60}>/;

/** The first placeholder in `text`, if any. */
export function placeholderIn(text: string): string | undefined {
  return PLACEHOLDER.exec(text)?.[0];
}

/** Appends the items and problems of every region to `items` and `problems`. */
export async function decodeSourceMaterial(
  found: SourceMaterial,
  decoders: SourceDecoders,
  items: Item[],
  problems: Problem[],
  language?: string,
): Promise<void> {
  problems.push(...found.problems);
  for (const region of found.regions) {
    const source: SourceOrigin = { form: region.form, ...(language !== undefined && { language }), literal: region.span };
    if (region.content === 'der') await decodeDer(region, source, decoders, items, problems);
    else await decodePem(region, source, decoders, items, problems);
  }
}

async function decodeDer(region: SourceRegion, source: SourceOrigin, d: SourceDecoders, items: Item[], problems: Problem[]): Promise<void> {
  let bytes = bytesOf(region.text) ?? new Uint8Array(0);
  // One trailing NUL (a C string, `xxd -i` of a NUL-terminated buffer) is not part of the structure.
  if (bytes[bytes.length - 1] === 0 && bytes.length > 1) bytes = bytes.subarray(0, bytes.length - 1);
  const inner = await d.binary(bytes);
  const offset = items.length;
  for (const it of inner.items) items.push(place(it, region.span, source, offset));
  problems.push(...inner.problems.map((p) => ({ ...p, span: region.span })));
}

async function decodePem(region: SourceRegion, source: SourceOrigin, d: SourceDecoders, items: Item[], problems: Problem[]): Promise<void> {
  const inner = await d.text(region.text);
  const at = (s: Span): Span => region.map.spanOf(s, region.text);
  const offset = items.length;
  for (const it of inner.items) items.push(place(it, at(it.span), source, offset));
  for (const p of inner.problems) problems.push(sourceProblem(p, region, at(p.span)));
}

function place(it: Item, span: Span, source: SourceOrigin, offset: number): Item {
  return { ...it, span, source, ...(it.container !== undefined && { container: it.container + offset }) };
}

/**
 * A PEM problem inside a literal: a template or a literal cut short by code
 * is skipped (info), not malformed; a fully written block whose base64 is
 * wrong stays an error, as it would be in a `.pem` file.
 */
function sourceProblem(p: Problem, region: SourceRegion, span: Span): Problem {
  if (p.code !== 'pem-malformed') return { ...p, span };
  const ph = placeholderIn(region.text.slice(p.span.start, p.span.end));
  if (ph) return skipped(span, `not decoded: the literal is a template or an example (it holds "${ph}")`);
  if (/^truncated|BEGIN line has no valid label|mismatched markers/.test(p.message)) {
    return skipped(span, `not decoded: the literal holds only part of a PEM block (the rest is built by code): ${p.message}`);
  }
  return { ...p, span };
}

function skipped(span: Span, message: string): Problem {
  return { code: 'pem-skipped', severity: 'info', message, span };
}
