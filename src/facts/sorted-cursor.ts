/**
 * Look-ups in a list sorted by key, for questions that mostly come in key order (a type's
 * resources asking for their tags, both lists in ARN order): each answer is found by stepping
 * forward from the previous one instead of hashing the key, which at 100,000 instances cost more
 * in cache misses than the rest of the tag facts. A question out of order costs a binary search;
 * a far jump forward, a galloping one: never more than a logarithm of the list.
 */
export class SortedCursor<T> {
  /** Where the last key asked would be (its lower bound); every entry before it is below that key. */
  private at = 0;
  private last: string | undefined;

  private constructor(
    private readonly list: readonly T[],
    private readonly keyOf: (x: T) => string,
  ) {}

  /** A cursor over `list` when its keys are strictly ascending (code unit order, no repeats); else undefined. */
  static over<T>(list: readonly T[], keyOf: (x: T) => string): SortedCursor<T> | undefined {
    for (let i = 1; i < list.length; i++) if (!(keyOf(list[i - 1] as T) < keyOf(list[i] as T))) return undefined;
    return new SortedCursor(list, keyOf);
  }

  /** The entry with this key, or undefined. */
  find(key: string): T | undefined {
    const { list, keyOf } = this;
    const n = list.length;
    let lo = 0;
    let hi = n;
    if (this.last !== undefined && !(key < this.last)) {
      // Gallop forward from the last answer until an entry is not below the key.
      lo = this.at;
      let step = 1;
      hi = lo;
      while (hi < n && keyOf(list[hi] as T) < key) {
        lo = hi + 1;
        hi = lo + step;
        step *= 2;
      }
      if (hi > n) hi = n;
    }
    const at = lowerBound(list, key, keyOf, lo, hi);
    this.at = at;
    this.last = key;
    const x = list[at];
    return x !== undefined && keyOf(x) === key ? x : undefined;
  }
}

/** The first index in [lo, hi) of a list sorted by key whose key is not below `key` (code unit order); `hi` when none. */
export function lowerBound<T>(list: readonly T[], key: string, keyOf: (x: T) => string, lo = 0, hi = list.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(list[mid] as T) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
