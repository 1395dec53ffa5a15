/**
 * The fuzz target of the block-YAML reader (src/core/k8s/block-yaml.ts): it
 * never throws, and what it accepts the `yaml` package parses without an
 * error into the same nodes (test/support/same-as-yaml.ts).
 */
import type fc from 'fast-check';
import { readBlockDocuments } from '../../src/core/k8s/block-yaml';
import { assertSameAsYaml } from '../support/same-as-yaml';
import type { FuzzTarget } from './targets';

export function blockYamlTarget(arbitrary: fc.Arbitrary<string>): FuzzTarget {
  return {
    name: 'block-yaml',
    arbitrary,
    run: async (x) => {
      assertSameAsYaml(readBlockDocuments, typeof x === 'string' ? x : new TextDecoder().decode(x), 'block-yaml');
    },
  };
}
