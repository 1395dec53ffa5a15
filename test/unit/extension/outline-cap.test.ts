/** The outline's cap on one file's symbols: pure, no 'vscode'. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemKind } from '../../../src/core/analysis/decode';
import { OUTLINE_CAP, planOutline } from '../../../src/extension/outline-cap';

/** `n` blocks of 100 characters each, of the given kinds in turn. */
function items(n: number, kinds: readonly ItemKind[] = ['certificate']) {
  return Array.from({ length: n }, (_, i) => ({ kind: kinds[i % kinds.length] as ItemKind, span: { start: i * 100, end: i * 100 + 90 } }));
}

describe('planOutline', () => {
  it('lists every item of a file up to the cap, with no extra entry', () => {
    for (const n of [0, 1, 2, 1999, OUTLINE_CAP]) {
      assert.deepEqual(planOutline(items(n)), { shown: n }, `${n} items`);
    }
  });

  it('caps a big bundle at 2,000 items and one entry for the rest, covering them', () => {
    assert.equal(OUTLINE_CAP, 2000);
    const plan = planOutline(items(25_839));
    assert.equal(plan.shown, 2000);
    assert.deepEqual(plan.rest, {
      count: 23_839,
      name: '… 23,839 more certificates',
      detail: 'the outline lists the first 2,000; the CertLens Inventory lists them all',
      span: { start: 200_000, end: 25_838 * 100 + 90 },
    });
  });

  const cases: Array<[string, number, readonly ItemKind[], number, string]> = [
    ['one past the cap', 3, ['certificate'], 2, '… 1 more certificate'],
    ['CRLs only', 5, ['crl'], 2, '… 3 more CRLs'],
    ['unrecognised blocks', 4, ['unknown'], 1, '… 3 more unrecognised blocks'],
    ['mixed kinds, most first', 10, ['certificate', 'certificate', 'private-key'], 1, '… 9 more items (6 certificates, 3 private keys)'],
    ['a cap of zero', 2, ['csr'], 0, '… 2 more CSRs'],
  ];
  for (const [name, n, kinds, cap, expected] of cases) {
    it(`names the rest: ${name}`, () => {
      const plan = planOutline(items(n, kinds), cap);
      assert.equal(plan.shown, cap);
      assert.equal(plan.rest?.name, expected);
      assert.equal(plan.rest?.count, n - cap);
      // The count a reader (the big-file integration test) recovers from the name is the number hidden.
      assert.equal(Number(/^… ([\d,]+) more /.exec(plan.rest?.name ?? '')?.[1]?.replace(/,/g, '')), n - cap);
    });
  }

  it('spans the hidden items even when container items share a span or come out of order', () => {
    const xs = [
      { kind: 'certificate' as const, span: { start: 0, end: 10 } },
      { kind: 'certificate' as const, span: { start: 50, end: 90 } },
      { kind: 'certificate' as const, span: { start: 50, end: 90 } },
      { kind: 'crl' as const, span: { start: 20, end: 40 } },
    ];
    assert.deepEqual(planOutline(xs, 1).rest?.span, { start: 20, end: 90 });
  });
});
