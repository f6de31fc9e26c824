/**
 * Fault injection: which request gets which failure. "Every Nth" counts every request the server
 * has received; the token bucket for `tps` reads the clock it is given, so tests can drive it.
 */

export interface FaultOptions {
  /** Every Nth request (counting all) gets ThrottlingException (HTTP 400; IAM: Throttling). */
  throttleEvery?: number;
  /**
   * Every Nth first attempt (the SDK's amz-sdk-request header says attempt=1) gets
   * ThrottlingException and its retry is answered: every call is throttled at most once, so the
   * outcome does not depend on timing or on the client's retry budget.
   */
  throttleFirstAttemptEvery?: number;
  /** Token bucket; requests over the rate get ThrottlingException. */
  tps?: number;
  /** Added to each response. */
  latencyMs?: number;
  /** Every Nth request: HTTP 500 InternalFailure / ServiceUnavailable. */
  serverErrorEvery?: number;
  /** Every Nth request: socket destroyed without a response. */
  dropEvery?: number;
  /** Every Nth request: body cut in half. */
  truncateEvery?: number;
  /** Every Nth request: 200 with a non-JSON / broken XML body. */
  malformedEvery?: number;
  /** Every Nth request: never answered until the client gives up. */
  timeoutEvery?: number;
  /**
   * Every Nth list request that carries a page token (JSON protocols: nextToken, NextToken,
   * PaginationToken; query protocols: NextToken, Marker) is answered with that same token as its next one: a service that never
   * moves on. A collector that trusts it pages forever.
   */
  repeatPageTokenEvery?: number;
}

export type FaultKind = 'drop' | 'timeout' | 'serverError' | 'throttle' | 'truncate' | 'malformed';

/** When several apply to one request, the first listed wins. */
const ORDER: ReadonlyArray<[FaultKind, keyof FaultOptions]> = [
  ['drop', 'dropEvery'],
  ['timeout', 'timeoutEvery'],
  ['serverError', 'serverErrorEvery'],
  ['throttle', 'throttleEvery'],
  ['truncate', 'truncateEvery'],
  ['malformed', 'malformedEvery'],
];

export class FaultPlan {
  private faults: FaultOptions = {};
  private tokens = 0;
  private lastRefill = 0;

  constructor(
    faults: FaultOptions | undefined,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.set(faults ?? {});
  }

  set(faults: FaultOptions): void {
    for (const [key, value] of Object.entries(faults)) {
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw new RangeError(`fault option ${key} must be a non-negative number, got ${String(value)}`);
      }
    }
    this.faults = { ...faults };
    this.tokens = Math.max(1, faults.tps ?? 0);
    this.lastRefill = this.now();
  }

  /** Whether the `n`th page request carrying a token gets that token back. */
  repeatsPageToken(n: number): boolean {
    const every = this.faults.repeatPageTokenEvery;
    return every !== undefined && every >= 1 && n % Math.floor(every) === 0;
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  /**
   * The fault for request number `n` (1-based), if any; `firstAttempt` numbers the request among
   * first attempts when it is one. Consumes a rate token.
   */
  decide(n: number, firstAttempt?: number): FaultKind | undefined {
    const first = this.faults.throttleFirstAttemptEvery;
    if (first !== undefined && first >= 1 && firstAttempt !== undefined && firstAttempt % Math.floor(first) === 0) return 'throttle';
    for (const [kind, key] of ORDER) {
      const every = this.faults[key];
      if (every !== undefined && every >= 1 && n % Math.floor(every) === 0) return kind;
    }
    return this.take() ? undefined : 'throttle';
  }

  /** Token bucket holding one second's worth of requests (at least one). */
  private take(): boolean {
    const tps = this.faults.tps;
    if (tps === undefined || tps <= 0) return true;
    const now = this.now();
    this.tokens = Math.min(Math.max(1, tps), this.tokens + ((now - this.lastRefill) / 1000) * tps);
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}
