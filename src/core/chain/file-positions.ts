/**
 * Where one file holds each node of the chain pool: its first copy, and every
 * copy of the nodes it holds more than once (concatenated fullchain files
 * repeat the same intermediate and root after every leaf).
 */
export class FilePositions {
  private readonly first = new Map<number, number>();
  private readonly copies = new Map<number, number[]>();

  /** Records that position `i` of the file holds node `n` (positions in increasing order). */
  add(n: number, i: number): void {
    const first = this.first.get(n);
    if (first === undefined) {
      this.first.set(n, i);
      return;
    }
    const all = this.copies.get(n);
    if (all) all.push(i);
    else this.copies.set(n, [first, i]);
  }

  /** The position of node `n`'s first copy. */
  get(n: number): number | undefined {
    return this.first.get(n);
  }

  has(n: number): boolean {
    return this.first.has(n);
  }

  /**
   * The positions of an issuing path's nodes that the file holds (and `keep`
   * accepts): each at its first copy after the node before it, else at its
   * first copy, which is then out of order.
   *
   * @example
   * // leaf A, CA, root, leaf B, CA, root: B's path reads 3, 4, 5
   */
  along(path: readonly number[], keep: (position: number) => boolean): number[] {
    const out: number[] = [];
    for (const n of path) {
      const first = this.first.get(n);
      const all = (this.copies.get(n) ?? (first === undefined ? [] : [first])).filter(keep);
      const after = out.at(-1) ?? -1;
      const at = all.find((x) => x > after) ?? all[0];
      if (at !== undefined) out.push(at);
    }
    return out;
  }
}
