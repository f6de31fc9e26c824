/**
 * Sorts an array in place, stably, as Array.prototype.sort does, but without the working copy
 * V8's sort allocates: hot paths sort arrays of a few elements hundreds of thousands of times
 * (object keys of evidence, tag keys), and those copies were a large share of the garbage.
 */
export function sortInPlace<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  if (list.length > 16) return list.sort(compare);
  for (let i = 1; i < list.length; i++) {
    const x = list[i] as T;
    let j = i - 1;
    while (j >= 0 && compare(list[j] as T, x) > 0) {
      list[j + 1] = list[j] as T;
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}

/** UTF-16 code unit order, the order of Array.prototype.sort without a comparator on strings. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
