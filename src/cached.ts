/** What memoisation needs of a store: Map and WeakMap both have it. */
interface Store<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  set(key: K, value: V): unknown;
}

/** The value stored under `key`, computed and stored the first time it is asked for. */
export function cached<K, V>(store: Store<K, V>, key: K, compute: () => V): V {
  if (store.has(key)) return store.get(key) as V;
  const value = compute();
  store.set(key, value);
  return value;
}
