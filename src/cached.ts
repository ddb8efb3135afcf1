/** What memoisation needs of a store: Map and WeakMap both have it. */
interface Store<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  set(key: K, value: V): unknown;
}

/** The value stored under `key`, computed and stored the first time it is asked for. */
export function cached<K, V>(store: Store<K, V>, key: K, compute: () => V): V {
  // One lookup for what is stored (the common case); has() only tells a stored undefined from none.
  const stored = store.get(key);
  if (stored !== undefined || store.has(key)) return stored as V;
  const value = compute();
  store.set(key, value);
  return value;
}

/**
 * `cached` for memos keyed by what a stack holds (a CIDR's text, a port range): such a memo lives as
 * long as the process (the engine keeps the pack running), so it is emptied when full and no input
 * can grow it without bound.
 */
export function cachedBounded<K, V>(store: Map<K, V>, key: K, compute: () => V, limit = 10_000): V {
  if (store.size >= limit && !store.has(key)) store.clear();
  return cached(store, key, compute);
}

/** `compute`, run the first time the result is asked for and remembered. */
export function once<V>(compute: () => V): () => V {
  let memo: { value: V } | undefined;
  return () => (memo ??= { value: compute() }).value;
}
