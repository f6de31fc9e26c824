/**
 * The first `limit` items of a stream in an order, as sorting the whole stream (stably) and
 * cutting it would give, holding only `limit` items: a report that lists the top 20 of a
 * million findings does not keep or sort the million.
 */
export class Top<T> {
  private readonly items: T[] = [];
  /** How many were offered. */
  count = 0;

  constructor(
    private readonly limit: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  offer(item: T): void {
    this.count++;
    const items = this.items;
    if (items.length === this.limit && this.compare(item, items[items.length - 1] as T) >= 0) return;
    // After every item it ties with: a stable sort keeps the earlier one first.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(item, items[mid] as T) < 0) hi = mid;
      else lo = mid + 1;
    }
    items.splice(lo, 0, item);
    if (items.length > this.limit) items.pop();
  }

  /** In order, at most `limit`. */
  list(): readonly T[] {
    return this.items;
  }
}
