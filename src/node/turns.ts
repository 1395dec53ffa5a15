/**
 * Work over thousands of elements on the extension host's main thread (the
 * lenses, diagnostics and outline of a 20 MB bundle's 25,000 blocks) in
 * chunks, one per event-loop turn, so keystrokes and VS Code's messages are
 * handled in between.
 */

/** Elements mapped per turn: a few milliseconds of lenses or symbols. */
export const PER_TURN = 2000;

/**
 * `xs.map(fn)`, `perTurn` elements per event-loop turn (the first chunk in
 * the caller's turn: a small list costs no extra turn); undefined as soon as
 * `cancelled()` says so.
 */
export async function mapInTurns<T, U>(
  xs: readonly T[],
  fn: (x: T, index: number) => U,
  cancelled: () => boolean = () => false,
  perTurn = PER_TURN,
): Promise<U[] | undefined> {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (i > 0 && i % perTurn === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled()) return undefined;
    }
    out.push(fn(xs[i] as T, i));
  }
  return out;
}
