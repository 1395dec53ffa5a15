import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilePositions } from '../../../../src/core/chain/file-positions';

/** Node ids at file positions 0, 1, 2, … */
function positionsOf(nodes: number[]): FilePositions {
  const p = new FilePositions();
  nodes.forEach((n, i) => p.add(n, i));
  return p;
}

describe('FilePositions', () => {
  it('reads each issuer at its copy after the node before it (concatenated fullchains)', () => {
    // leaf 10, CA 1, root 0, leaf 11, CA 1, root 0
    const p = positionsOf([10, 1, 0, 11, 1, 0]);
    assert.deepEqual(
      p.along([10, 1, 0], () => true),
      [0, 1, 2],
    );
    assert.deepEqual(
      p.along([11, 1, 0], () => true),
      [3, 4, 5],
    );
    assert.equal(p.get(1), 1);
    assert.ok(p.has(0) && !p.has(7));
  });

  it('falls back to the first copy when none follows: out of order', () => {
    // CA 1, root 0, leaf 10, leaf 11
    const p = positionsOf([1, 0, 10, 11]);
    assert.deepEqual(
      p.along([11, 1, 0], () => true),
      [3, 0, 1],
    );
  });

  it('leaves out nodes the file does not hold and copies `keep` refuses', () => {
    const p = positionsOf([10, 1, 0, 1]);
    assert.deepEqual(
      p.along([10, 7, 1, 0], () => true),
      [0, 1, 2],
    );
    assert.deepEqual(
      p.along([10, 1, 0], (x) => x !== 1),
      [0, 3, 2],
    );
  });
});
