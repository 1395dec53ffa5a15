/**
 * The document roots that the embedded-material reader and the TLS Secret
 * checks read: from the block-YAML reader when the text (within the YAML
 * limits) is in its subset, from the JSON reader when it is strict JSON,
 * else from the `yaml` package's bounded parse, which the linter then
 * shares (util/yaml-limits.ts). All give the same nodes
 * (test/unit/core/k8s/block-yaml.test.ts, json-reader.test.ts).
 */
import { checkYamlLimits, parseYamlLimited } from '../util/yaml-limits';
import { readBlockDocuments } from './block-yaml';
import { readJsonDocument } from './json-reader';
import { fromYaml, type YNode } from './yaml-node';
import type { Problem } from '../types';

/**
 * The last text `yamlRoots` read whole as block YAML: the linter, which reads
 * a text after the decoder, then need not read it again (a reference only;
 * the roots are not kept).
 */
let lastClean: string | undefined;

export interface YamlRoots {
  /** Each document's root node, null for an empty document. */
  readonly roots: ReadonlyArray<YNode | null>;
  /** `yaml-limit-exceeded` findings. */
  readonly problems: readonly Problem[];
}

/**
 * @example
 * yamlRoots('kind: Secret\n---\nkind: ConfigMap\n').roots.length; // 2
 */
export function yamlRoots(text: string): YamlRoots {
  const check = checkYamlLimits(text);
  const block = check.refused ? undefined : readOwn(text, check.bodyEnd);
  if (block) {
    if (check.problems.length === 0) lastClean = text;
    return { roots: block, problems: check.problems };
  }
  // The yaml package's parse, within the limits already checked (the pre-scan is not run twice).
  const { docs, problems } = parseYamlLimited(text, check);
  return { roots: docs.map((d) => fromYaml(d.contents)), problems };
}

/**
 * True when `text` is YAML without a syntax error, within the YAML limits:
 * all of it read by the block-YAML or the JSON reader (false does not mean
 * the opposite).
 */
export function isCleanYaml(text: string): boolean {
  if (text === lastClean) return true;
  const check = checkYamlLimits(text);
  return check.problems.length === 0 && readOwn(text, text.length) !== undefined;
}

/** The roots of `text.slice(0, end)` by the block-YAML reader, or by the JSON reader for a JSON object or array. */
function readOwn(text: string, end: number): Array<YNode | null> | undefined {
  const block = readBlockDocuments(text, 0, end);
  if (block) return block;
  return /^\s*[[{]/.test(text) && end === text.length ? readJsonDocument(text) : undefined;
}
