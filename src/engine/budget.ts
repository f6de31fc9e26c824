/**
 * Per-rule time budget: a rule that takes longer than its budget over the resources of its type
 * stops there; each resource it did not reach gets an `error` outcome ("time budget exceeded")
 * and the run goes on to the next rule. Checked between resources, so one call into a rule is
 * not interrupted: built-in rules are linear by construction, and the limit is for the rule that
 * slowly walks a hostile estate. The clock is a monotonic one handed in by the CLI (the engine
 * reads no clock of its own), and an evaluation that never overruns is byte-identical whatever
 * the machine's speed.
 */

export interface RuleBudget {
  /** Milliseconds one rule may spend over all its resources. */
  perRuleMs: number;
  /** A monotonic clock in milliseconds (performance.now). */
  clock: () => number;
}

/** The default the CLI gives every rule: far above any built-in rule on a 100× estate. */
export const DEFAULT_RULE_BUDGET_MS = 60_000;

export class RuleTimer {
  private readonly started: number;
  constructor(private readonly budget: RuleBudget | undefined) {
    this.started = budget ? budget.clock() : 0;
  }

  /** Undefined while within budget; else the error detail for the remaining resources. */
  overrun(): string | undefined {
    const b = this.budget;
    if (!b) return undefined;
    const spent = b.clock() - this.started;
    return spent > b.perRuleMs ? `time budget exceeded (${Math.round(b.perRuleMs / 1000)} s per rule); this resource was not evaluated` : undefined;
  }
}

/** What was thrown, as one line, whatever it was (an Error, a string, an object without toString, a Symbol). */
export function describeThrown(err: unknown): string {
  if (err instanceof Error) return typeof err.message === 'string' && err.message !== '' ? err.message : err.name || 'Error';
  try {
    if (typeof err === 'string') return `threw a string: ${err}`;
    return `threw a non-Error value: ${String(err)}`;
  } catch {
    return 'threw a value that cannot be shown';
  }
}
