/**
 * The fuzzer's YAML inputs (test/fuzz/targets.ts): generated documents and
 * the hostile shapes a parser must survive.
 */
import fc from 'fast-check';
import { encodeBase64, toPem } from '../../src/core/pem/base64';

const yamlKey = fc.constantFrom(
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'data',
  'tls.crt',
  'tls.key',
  'ca.crt',
  'caBundle',
  'spec',
  'secretName',
  'duration',
  'renewBefore',
  'issuerRef',
  'dnsNames',
  'type',
  'stringData',
  'client-certificate-data',
  'x',
);
function scalarOf(derInput: fc.Arbitrary<Uint8Array>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      'Certificate',
      'Secret',
      'kubernetes.io/tls',
      'cert-manager.io/v1',
      'v1',
      '2160h',
      '1h',
      '-5m',
      'Issuer',
      'ClusterIssuer',
      '',
      '~',
      'null',
      '"q"',
      '{{ .Values.x }}',
    ),
    fc.string({ maxLength: 10 }),
    derInput.map((b) => encodeBase64(b)),
    derInput.map((b) => encodeBase64(new TextEncoder().encode(toPem('CERTIFICATE', b)))),
  );
}

type YNode = string | { map: Array<[string, YNode]> } | { seq: YNode[] } | { anchor: string; node: YNode } | { alias: string };
function nodeOf(yamlScalar: fc.Arbitrary<string>): fc.Arbitrary<YNode> {
  return fc.letrec<{ n: YNode }>((tie) => ({
    n: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      yamlScalar,
      fc.record({ map: fc.array(fc.tuple(yamlKey, tie('n')), { maxLength: 5 }) }),
      fc.record({ seq: fc.array(tie('n'), { maxLength: 4 }) }),
      fc.record({ anchor: fc.constantFrom('a', 'b'), node: tie('n') }),
      fc.record({ alias: fc.constantFrom('a', 'b', 'zz') }),
    ),
  })).n;
}

function renderYaml(n: YNode, indent: string): string {
  if (typeof n === 'string') return JSON.stringify(n);
  if ('alias' in n) return `*${n.alias}`;
  if ('anchor' in n) return `&${n.anchor} ${renderYaml(n.node, indent)}`;
  if ('map' in n) {
    if (n.map.length === 0) return '{}';
    return n.map.map(([k, v]) => `\n${indent}${k}: ${renderYaml(v, indent + '  ')}`).join('');
  }
  if (n.seq.length === 0) return '[]';
  return n.seq.map((v) => `\n${indent}- ${renderYaml(v, indent + '  ')}`).join('');
}

/**
 * YAML texts for the linter and the embedded-material reader: generated
 * documents (anchors, aliases, certificate-looking base64 from `derInput`),
 * mutated real manifests (`mutatedSeeds`), billion laughs and deep nesting.
 */
export function yamlText(derInput: fc.Arbitrary<Uint8Array>, mutatedSeeds: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const yamlScalar = scalarOf(derInput);
  const yamlNode = nodeOf(yamlScalar);
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.array(yamlNode, { minLength: 1, maxLength: 3 }).map((docs) => docs.map((d) => renderYaml(d, '')).join('\n---\n')),
    },
    { weight: 2, arbitrary: mutatedSeeds },
    // Billion laughs and deep nesting.
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 12 }).map((levels) => {
        let t = 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]\n';
        for (let i = 1; i <= levels; i++) t += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]\n`;
        return `${t}data:\n  tls.crt: *a${levels}\n`;
      }),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((d) => '['.repeat(d) + ']'.repeat(d)) },
  );
}
