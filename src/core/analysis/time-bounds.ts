/**
 * The instants at which a file's chain and revocation findings can change
 * while nothing else does: the clock crossing a certificate's notBefore or
 * notAfter (RFC 5280 §6.1.3 (a)(2), checked for every certificate of a path)
 * or a CRL's thisUpdate or nextUpdate (RFC 5280 §6.3.3). Between two such
 * instants the same items against the same pool give the same findings, so
 * the editor's clock tick need not build them again (src/node/report-reuse.ts).
 */
import type { Item } from './decode';

/** One second either side: the path validator reads the clock to the second. */
const MARGIN_MS = 1000;

/**
 * The validity bounds of the items' certificates and CRLs, sorted, each once.
 *
 * @example timeBounds(items) // [1735689600000, 1767225600000]
 */
export function timeBounds(items: Iterable<Item>): number[] {
  const out = new Set<number>();
  for (const i of items) {
    if (i.kind === 'certificate') {
      out.add(i.certificate.notBefore);
      out.add(i.certificate.notAfter);
    } else if (i.kind === 'crl') {
      out.add(i.crl.thisUpdate);
      if (i.crl.nextUpdate !== undefined) out.add(i.crl.nextUpdate);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** Merges sorted bound lists (the file's, the pool's, the anchors'). */
export function mergeBounds(...lists: ReadonlyArray<readonly number[]>): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/**
 * True when some bound lies between the instants `a` and `b` (either order,
 * with a second's margin): findings built at `a` may not hold at `b`.
 */
export function boundBetween(bounds: readonly number[], a: number, b: number): boolean {
  const lo = Math.min(a, b) - MARGIN_MS;
  const hi = Math.max(a, b) + MARGIN_MS;
  // The first bound ≥ lo, by binary search.
  let i = 0;
  let j = bounds.length;
  while (i < j) {
    const m = (i + j) >> 1;
    if ((bounds[m] ?? Infinity) < lo) i = m + 1;
    else j = m;
  }
  return i < bounds.length && (bounds[i] ?? Infinity) <= hi;
}
