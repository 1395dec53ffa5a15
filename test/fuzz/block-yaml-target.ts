/**
 * The fuzz target of the block-YAML reader (src/core/k8s/block-yaml.ts): it
 * never throws, and what it accepts the `yaml` package parses without an
 * error into the same nodes (the invariant block-yaml.test.ts checks on
 * fixtures and generated texts).
 */
import { isDeepStrictEqual } from 'node:util';
import type fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { readBlockDocuments } from '../../src/core/k8s/block-yaml';
import { YAML_PARSE_OPTIONS } from '../../src/core/k8s/parse-yaml';
import { fromYaml, type YNode } from '../../src/core/k8s/yaml-node';
import type { FuzzTarget } from './targets';

/** An empty document: the reader gives null, the composer a null scalar. */
const emptyRoot = (n: YNode | null): YNode | null => (n?.kind === 'scalar' && n.value === null ? null : n);

export function blockYamlTarget(arbitrary: fc.Arbitrary<string>): FuzzTarget {
  return {
    name: 'block-yaml',
    arbitrary,
    run: async (x) => {
      const text = typeof x === 'string' ? x : new TextDecoder().decode(x);
      const mine = readBlockDocuments(text);
      if (mine === undefined) return;
      const docs = parseAllDocuments(text, YAML_PARSE_OPTIONS);
      if (!Array.isArray(docs)) throw new Error('block-yaml: accepted a text the yaml package reads as no document list');
      if (docs.some((d) => d.errors.length > 0)) throw new Error('block-yaml: accepted a text with a YAML error');
      if (
        !isDeepStrictEqual(
          mine,
          docs.map((d) => emptyRoot(fromYaml(d.contents))),
        )
      ) {
        throw new Error('block-yaml: nodes differ from the yaml package');
      }
    },
  };
}
