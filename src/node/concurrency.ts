/**
 * Maps `fn` over an async source with at most `limit` calls in flight and
 * yields results in source order, so output stays deterministic while file
 * reads overlap.
 */
export async function* mapOrdered<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  limit: number,
  fn: (t: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  for await (const t of source) {
    pending.push(fn(t));
    if (pending.length >= limit) yield await pending.shift()!;
  }
  while (pending.length) yield await pending.shift()!;
}
