/**
 * A counting semaphore: at most `limit` requests in flight per account. It is applied as SDK
 * middleware, so paginators and retries are bounded too without wrapping every call site.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter so the count never dips and overshoots.
      if (next) next();
      else this.active -= 1;
    }
  }

  /** Requests in flight now (for tests). */
  get inFlight(): number {
    return this.active;
  }
}

