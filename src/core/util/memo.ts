/**
 * A decode that runs once per object and never throws: its result, or the
 * Error it failed with, is kept per key (a WeakMap, so it goes with the key).
 *
 * @example
 * const policies = decodeOnce((c: ParsedCert) => decodePolicies(c));
 * policies(cert); // decoded on the first call, the same value afterwards
 */
export function decodeOnce<K extends object, V>(decode: (key: K) => V): (key: K) => V | Error {
  const cache = new WeakMap<K, V | Error>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V | Error;
    let v: V | Error;
    try {
      v = decode(key);
    } catch (e) {
      v = e instanceof Error ? e : new Error(String(e));
    }
    cache.set(key, v);
    return v;
  };
}

/**
 * A bounded memo: at most `maxEntries` values and `maxWeight` total weight
 * (bytes, say); the least recently used go first. Only for pure memos: a
 * value must be what computing it again would give, so that eviction can
 * change timings, never results.
 *
 * @example
 * const lru = new Lru<string, Uint8Array>(1000, 1 << 20, (v) => v.length);
 * lru.set(key, bytes);
 * lru.get(key); // bytes, now the most recently used
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, { readonly value: V; readonly weight: number }>();
  private weight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Infinity,
    private readonly weigh: (value: V) => number = () => 0,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // A Map iterates in insertion order: re-inserting makes this the newest.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: K, value: V): void {
    const old = this.entries.get(key);
    if (old) {
      this.weight -= old.weight;
      this.entries.delete(key);
    }
    const weight = this.weigh(value);
    if (this.maxEntries <= 0 || weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.weight += weight;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.weight <= this.maxWeight) break;
      this.entries.delete(k);
      this.weight -= e.weight;
    }
  }
}

/**
 * A memo for a pure function of one number or string that is called with few
 * distinct values (durations, instants): a plain Map, emptied when it holds
 * `max` values. Cheaper than Lru for hits, which are nearly all calls.
 *
 * @example
 * const human = memoize(humanDurationUncached, 512);
 * human(720 * HOUR); // computed once, then read
 */
export function memoize<K extends number | string, V>(fn: (key: K) => V, max: number): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = fn(key);
      if (cache.size >= max) cache.clear();
      cache.set(key, v);
    }
    return v as V;
  };
}
