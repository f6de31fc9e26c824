/**
 * Caches keyed by an estate array: the estate does not change while it is served, so a sorted
 * listing or a lookup index built for one request serves every later one. Without this a
 * 100,000-instance estate sorts on every page and scans on every Get.
 */
const caches = new WeakMap<object, Map<string, unknown>>();

export function memo<T>(owner: object, key: string, build: () => T): T {
  let cache = caches.get(owner);
  if (!cache) {
    cache = new Map();
    caches.set(owner, cache);
  }
  if (cache.has(key)) return cache.get(key) as T;
  const value = build();
  cache.set(key, value);
  return value;
}

/** The record with this key (first one wins, as a linear find would). */
export function lookup<T>(list: readonly T[], name: string, key: (item: T) => string, wanted: string): T | undefined {
  const index = memo(list, `index:${name}`, () => {
    const map = new Map<string, T>();
    for (const item of list) {
      const k = key(item);
      if (!map.has(k)) map.set(k, item);
    }
    return map;
  });
  return index.get(wanted);
}
