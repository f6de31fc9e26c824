/**
 * Per-rule time budget: a rule that takes longer than its budget over the resources of its type
 * stops there; each resource it did not reach gets an `error` outcome ("time budget exceeded")
 * and the run goes on to the next rule. Checked between resources for every rule: built-in rules
 * are linear by construction, and the check stops the rule that slowly walks a hostile estate.
 * A user's TypeScript rule may also never return from one call (`for(;;){}`), so its walk over
 * the resources runs under Node's vm watchdog as well (`bounded`), which terminates whatever
 * JavaScript runs when the budget is spent. The clock is a monotonic one handed in by the CLI
 * (the engine reads no clock of its own), and an evaluation that never overruns is
 * byte-identical whatever the machine's speed.
 */
import { Script, createContext, type Context } from 'node:vm';


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
  constructor(readonly budget: RuleBudget | undefined) {
    this.started = budget ? budget.clock() : 0;
  }

  /** Undefined while within budget; else the error detail for the remaining resources. */
  overrun(): string | undefined {
    const b = this.budget;
    if (!b) return undefined;
    const spent = b.clock() - this.started;
    return spent > b.perRuleMs ? this.notReached() : undefined;
  }

  /** The error detail of a resource the rule did not reach in its budget. */
  notReached(): string {
    return `time budget exceeded (${this.limit()} per rule); this resource was not evaluated`;
  }

  /**
   * Runs `walk` (the rule's loop over its resources) under a watchdog of the whole budget:
   * undefined when it returned, else the error detail for the resource it was stopped on. The
   * watchdog's time is real time (the budget's clock is only read between resources). Without a
   * budget `walk` just runs.
   */
  bounded(walk: () => void): string | undefined {
    const b = this.budget;
    if (!b) {
      walk();
      return undefined;
    }
    if (runWithin(b.perRuleMs, walk)) return undefined;
    return `time budget exceeded (${this.limit()} per rule); the rule was stopped while evaluating this resource`;
  }

  /** The budget as text: "60 s", "250 ms". */
  limit(): string {
    const ms = this.budget?.perRuleMs ?? 0;
    return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
  }
}

/**
 * One script and context for every watchdog: `body()` called from a script run with a timeout.
 * Node's watchdog thread terminates the isolate's JavaScript when the timeout passes, whichever
 * context the running function comes from, and the termination cannot be caught or delayed by
 * the code it stops (no catch or finally of it runs); runInContext then throws
 * ERR_SCRIPT_EXECUTION_TIMEOUT to its caller. Starting a watchdog costs ~0.1 ms (a thread), so
 * it guards a rule's whole walk, not each call.
 */
let sandbox: { script: Script; context: Context } | undefined;

/** Runs `body` for at most `ms` milliseconds of real time: true when it returned, false when it was stopped. */
export function runWithin(ms: number, body: () => void): boolean {
  sandbox ??= { script: new Script('body()', { filename: 'proton-audit:rule-watchdog' }), context: createContext(Object.create(null) as object) };
  const { script, context } = sandbox;
  context.body = body;
  try {
    script.runInContext(context, { timeout: Math.max(1, Math.min(0xffff_fffe, Math.ceil(ms))) });
    return true;
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return false;
    throw err;
  } finally {
    context.body = undefined;
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
