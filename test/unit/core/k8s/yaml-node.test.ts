import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { fromYaml, mapGet, mapNode } from '../../../../src/core/k8s/yaml-node';

describe('yaml-node', () => {
  const text = 'kind: Secret\nkind: Other\nn: 12\nm:\n  a: 1\nl: [x]\nal: &x v\nref: *x\n"q": quoted\n';
  const doc = parseDocument(text, { uniqueKeys: false });
  const root = fromYaml(doc.contents);

  it('reads what YAMLMap.get reads: the first pair, a scalar as its value, else the node', () => {
    assert.equal(root?.kind, 'map');
    if (root?.kind !== 'map' || !isMap(doc.contents)) return;
    const map = doc.contents as YAMLMap;
    for (const key of ['kind', 'n', 'al', 'q', 'missing']) assert.equal(mapGet(root, key), map.get(key), key);
    assert.equal(mapNode(root, 'm')?.kind, 'map');
    assert.equal(mapNode(root, 'l')?.kind, 'seq');
    assert.equal(mapNode(root, 'missing'), undefined);
  });

  it('keeps scalar types and spans, and passes an alias over as "other"', () => {
    if (root?.kind !== 'map') return assert.fail('not a map');
    const q = root.pairs.find((p) => p.key?.kind === 'scalar' && p.key.value === 'q');
    assert.deepEqual(q?.key, {
      kind: 'scalar',
      value: 'q',
      type: 'QUOTE_DOUBLE',
      start: text.indexOf('"q"'),
      end: text.indexOf('"q"') + 3,
    });
    assert.deepEqual(mapNode(root, 'ref'), { kind: 'other' });
    assert.equal(fromYaml(null), null);
  });
});
