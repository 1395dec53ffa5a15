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
