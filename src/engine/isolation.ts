/**
 * What keeps a user's TypeScript rule from hanging or ending the run (built-in rules are trusted
 * and run bare):
 * - its walk over the resources runs under the rule's time budget as a watchdog (budget.ts), so
 *   an endless loop in one call becomes `error` outcomes and the run goes on;
 * - process.exit and friends are the originals again after the walk, even when the watchdog
 *   stopped the rule inside a call that had swapped them (load-rules.ts `guarded`);
 * - every promise created while it runs is traced to the rule and the resource it was
 *   evaluating (a V8 promise hook, on only during the walk), so a rejection nobody handled
 *   becomes that resource's `error` outcome (late-errors.ts) instead of ending the run. Those
 *   rejections surface after evaluate() has returned: the caller settles them
 *   (`settleRuleRejections`) before it writes anything.
 */
import { promiseHooks } from 'node:v8';
import type { ResourceView } from '../model/index.ts';
import { describeThrown, type RuleTimer } from './budget.ts';

/** A rejection that a rule's promise left unhandled, as its rule and resource. */
export interface RuleRejection {
  ruleId: string;
  /** The resource the rule was evaluating when it created the promise. */
  resource: Pick<ResourceView, 'arn' | 'type' | 'name' | 'accountId' | 'region'>;
  /** What was rejected, as one line, scrubbed of known secrets. */
  detail: string;
}

interface Owner {
  ruleId: string;
  resource: RuleRejection['resource'];
  scrub: (text: string) => string;
}

/** The rule and resource of every promise created during a user rule's walk. */
const owners = new WeakMap<object, Owner>();
/** Rejections a settle took as a rule's: the CLI's last-resort handler leaves them alone. */
const claimed = new WeakSet<object>();
// The call being traced (an Owner is made only when a promise is).
let currentRule: string | undefined;
let currentResource: ResourceView | undefined;
let currentScrub: (text: string) => string = (text) => text;

/** Called before each call into a traced rule: promises from here on are this resource's. */
export function attribute(ruleId: string, resource: ResourceView, scrub: (text: string) => string): void {
  currentRule = ruleId;
  currentResource = resource;
  currentScrub = scrub;
}

const PROCESS_CONTROLS = ['exit', 'abort', 'reallyExit', 'kill'] as const;

/**
 * Runs a user rule's walk: under the timer's watchdog, with its promises traced and the
 * process's controls restored afterwards. Returns undefined when the walk finished, else the
 * error detail for the resource it was stopped on.
 */
export function isolated(timer: RuleTimer, walk: () => void): string | undefined {
  const proc = process as unknown as Record<string, unknown>;
  const saved = PROCESS_CONTROLS.map((name) => proc[name]);
  const stop = promiseHooks.onInit((promise) => {
    if (currentRule !== undefined && currentResource !== undefined) owners.set(promise, { ruleId: currentRule, resource: currentResource, scrub: currentScrub });
  });
  try {
    return timer.bounded(walk);
  } finally {
    stop();
    currentRule = undefined;
    currentResource = undefined;
    PROCESS_CONTROLS.forEach((name, i) => (proc[name] = saved[i]));
  }
}

/**
 * Lets the rejections that user rules' promises left behind surface (one macrotask turn: every
 * microtask chain has settled and Node has reported what stayed unhandled) and returns them, in
 * the order Node reported them. Call it right after evaluate() returns, before any await, and
 * before writing outputs. A rejection that is not a rule's is left to the process's other
 * handlers (the CLI: internal error, exit 70); one a rule's promise makes later than this turn
 * (after a timer, say) is not a rule's outcome any more and ends the run the same way.
 */
export async function settleRuleRejections(): Promise<RuleRejection[]> {
  const found: RuleRejection[] = [];
  const onRejection = (reason: unknown, promise: Promise<unknown>): void => {
    const owner = owners.get(promise);
    if (!owner) return;
    claimed.add(promise);
    found.push({ ruleId: owner.ruleId, resource: owner.resource, detail: owner.scrub(`left a promise rejected that nothing handled: ${describeThrown(reason)}`) });
  };
  process.on('unhandledRejection', onRejection);
  try {
    await new Promise<void>((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  return found;
}

/** Whether a settle took this rejection as a rule's outcome (the CLI's fatal handler asks). */
export function isRuleRejection(promise: unknown): boolean {
  return promise !== null && typeof promise === 'object' && claimed.has(promise);
}
