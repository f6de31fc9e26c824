/**
 * The request budget: a token bucket per account, region and service, so a scan never spends
 * the API rate the audited workloads need (AWS throttles per account, region and API; the
 * default stays well under it). Every attempt takes a token, retries included.
 */

export interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/**
 * Tokens refill at `rate` per second up to `burst`; callers wait in arrival order. The bucket
 * starts with one token, not a full burst, so a scan's first second is as gentle as the rest.
 */
export class TokenBucket {
  private tokens = 1;
  private last: number;
  private readonly queue: Array<() => void> = [];
  private draining = false;

  constructor(
    readonly rate: number,
    readonly burst: number = Math.max(1, rate),
    private readonly clock: Clock = realClock,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** Resolves when a token is spent for the caller. */
  take(): Promise<void> {
    if (this.queue.length === 0) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return Promise.resolve();
      }
    }
    const waiting = new Promise<void>((resolve) => this.queue.push(resolve));
    if (!this.draining) void this.drain();
    return waiting;
  }

  /** One loop serves the queue, sleeping exactly until the next token exists. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          this.queue.shift()?.();
          continue;
        }
        await this.clock.sleep(Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
      }
    } finally {
      this.draining = false;
    }
  }

  /** Callers waiting now (for tests and progress). */
  get waiting(): number {
    return this.queue.length;
  }
}

/** Buckets by key (`account|region|service`), created on first use; rate 0 means no budget. */
export class RateBudget {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly rateFor: (service: string) => number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Requests per second allowed for one account and region of this service (0: no budget). */
  rate(service: string): number {
    const rate = this.rateFor(service);
    return rate > 0 ? rate : 0;
  }

  /** Waits for a token of this account, region and service; returns at once when unbudgeted. */
  async take(account: string, region: string, service: string): Promise<void> {
    const rate = this.rateFor(service);
    if (!(rate > 0)) return;
    const key = `${account}|${region}|${service}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(rate, Math.max(1, rate), this.clock);
      this.buckets.set(key, bucket);
    }
    await bucket.take();
  }
}
