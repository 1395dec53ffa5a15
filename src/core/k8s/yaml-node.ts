/**
 * The small node model the embedded-material reader and the TLS Secret
 * checks read: mappings, sequences and scalars with the value's span. The
 * block-YAML reader builds it directly (block-yaml.ts); a text outside that
 * subset is parsed by the `yaml` package and converted (`fromYaml`). Plain
 * objects of fixed shape: building the `yaml` package's node classes cost
 * more than reading the text.
 */
import { isMap, isScalar, isSeq } from 'yaml';

export type ScalarType = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface YScalar {
  readonly kind: 'scalar';
  /** Resolved in the core schema: a string, number, boolean or null. */
  readonly value: unknown;
  readonly type: ScalarType;
  /** The node as written: from its first character (a quote, a block header) to the value's end. */
  readonly start: number;
  readonly end: number;
}
export interface YPair {
  readonly key: YNode | null;
  readonly value: YNode | null;
}
export interface YMap {
  readonly kind: 'map';
  readonly pairs: readonly YPair[];
}
export interface YSeq {
  readonly kind: 'seq';
  readonly items: ReadonlyArray<YNode | null>;
}
/** An alias, or anything else the readers pass over. */
export interface YOther {
  readonly kind: 'other';
}
export type YNode = YScalar | YMap | YSeq | YOther;

/** The value of the first pair whose key is the scalar `key`: a scalar's value, else the node (as `YAMLMap.get`). */
export function mapGet(map: YMap, key: string): unknown {
  const node = mapNode(map, key);
  return node?.kind === 'scalar' ? node.value : node;
}

/** The node of the first pair whose key is the scalar `key` (null for a pair without a value). */
export function mapNode(map: YMap, key: string): YNode | null | undefined {
  for (const p of map.pairs) if (p.key?.kind === 'scalar' && p.key.value === key) return p.value;
  return undefined;
}

/**
 * The model of a node composed by the `yaml` package.
 *
 * @example
 * fromYaml(parseDocument('a: 1\n').contents); // { kind: 'map', pairs: [{ key: { kind: 'scalar', value: 'a', … }, … }] }
 */
export function fromYaml(node: unknown): YNode | null {
  if (node === null || node === undefined) return null;
  if (isMap(node)) return { kind: 'map', pairs: node.items.map((p) => ({ key: fromYaml(p.key), value: fromYaml(p.value) })) };
  if (isSeq(node)) return { kind: 'seq', items: node.items.map(fromYaml) };
  if (isScalar(node) && node.range) {
    return { kind: 'scalar', value: node.value, type: node.type ?? 'PLAIN', start: node.range[0], end: node.range[1] };
  }
  return { kind: 'other' };
}
