/**
 * Run-wide counters the collectors bump as they go, and the interface of whatever displays them.
 * The display polls the counters on its own timer, so collection never waits on a terminal.
 */

export interface CollectStats {
  accounts: { total: number; done: number; failed: number };
  /** Account × region pairs. */
  regions: { total: number; done: number };
  /** Proton resources and tag mappings listed so far. */
  resources: number;
  /** Logical API calls (a page, a Get). */
  calls: number;
  /** HTTP attempts, retries included. */
  attempts: number;
  /** Attempts answered with a throttling error. */
  throttles: number;
  /** Calls that failed after every retry. */
  failures: number;
  /** Details taken from the previous snapshot instead of fetched (collect --since). */
  reused: number;
}

export function newStats(): CollectStats {
  return {
    accounts: { total: 0, done: 0, failed: 0 },
    regions: { total: 0, done: 0 },
    resources: 0,
    calls: 0,
    attempts: 0,
    throttles: 0,
    failures: 0,
    reused: 0,
  };
}

/** A progress display: started with the live counters, stopped when collection ends. */
export interface ProgressReporter {
  start(stats: Readonly<CollectStats>): void;
  stop(): void;
}
