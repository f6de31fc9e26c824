/**
 * What keeps a user's TypeScript rule from hanging or ending the run (built-in rules are trusted
 * and run bare):
 * - its walk over the resources runs under the rule's time budget as a watchdog (budget.ts), so
 *   an endless loop in one call becomes `error` outcomes and the run goes on;
 * - process.exit and friends throw while its code runs (load/process-guard.ts) and are the
 *   originals again after the walk, even when the watchdog stopped the rule inside a call;
 * - every promise created while it runs is traced to the rule and the resource it was
 *   evaluating (a V8 promise hook, on only while rule code runs), so a rejection nobody handled
 *   becomes that resource's `error` outcome (late-errors.ts) instead of ending the run;
 * - every callback it schedules (setTimeout, setInterval, setImmediate, process.nextTick,
 *   queueMicrotask) is seen as Node creates it (an async_hooks `init` hook, on only while rule
 *   code runs, so it is seen however the rule got hold of the function) and wrapped: it runs
 *   with the same isolation (watchdog, process controls, tracing), and a throw in it is that
 *   resource's `error` outcome, never an uncaught exception.
 * These errors surface after evaluate() has returned: the caller settles them
 * (`settleRuleWork`) before it writes anything. Timers the rule set never run: the settle
 * cancels them first, each an `error` outcome (a check's work ends when it returns, and the run
 * neither waits for a timer nor lets it fire into its output phase). Immediates, ticks and
 * microtasks run in the settle's one turn of the event loop; what is still pending after it
 * (an immediate that rescheduled itself) is cancelled the same way.
 */
import { createHook } from 'node:async_hooks';
import { promiseHooks } from 'node:v8';
import type { ResourceView } from '../model/index.ts';
import { describeThrown, runWithin, type RuleTimer } from './budget.ts';
import { claimRejection } from './load/claimed-rejections.ts';
import { currentProcessControls, refuseProcessControls, restoreProcessControls } from './load/process-guard.ts';

/** An error of a rule that surfaced after its walk: an unhandled rejection, a throw in a callback, work left pending. */
export interface LateRuleError {
  ruleId: string;
  /** The resource the rule was evaluating when it created the promise or scheduled the callback. */
  resource: Pick<ResourceView, 'arn' | 'type' | 'name' | 'accountId' | 'region'>;
  /** What went wrong, as one line, scrubbed of known secrets. */
  detail: string;
}

/** What one rule walk's deferred callbacks share: the rule's budget, spent again by them. */
interface WalkState {
  timer: RuleTimer;
  spentMs: number;
  /** Stopped by the watchdog or for scheduling without end: its callbacks no longer run. */
  stopped: boolean;
  calls: number;
}

interface Owner {
  ruleId: string;
  resource: ResourceView;
  scrub: (text: string) => string;
  walk: WalkState;
}

/** A callback Node holds for a rule: its async resource and how it was scheduled. */
interface Deferred {
  owner: Owner;
  type: string;
  kind: string;
  resource: Record<string, unknown>;
  delay?: number;
}

/** A rule's callbacks that may run in the settle, at most, before the rest are dropped (a tick that reschedules itself). */
const MAX_DEFERRED_CALLS = 1000;

/** The rule and resource of every promise created while rule code ran. */
const owners = new WeakMap<object, Owner>();
/** Errors found since the last settle, in the order they happened. */
const late: LateRuleError[] = [];
/** Callbacks of rules Node still holds (or may still run). */
const pending = new Set<Deferred>();
/** Whether rule code made a promise since the last settle (else a settle has nothing to wait for). */
let tracedSince = false;
/** Async resources created while rule code ran, adopted (wrapped) when it returns. */
let created: Array<{ owner: Owner; type: string; resource: object }> = [];

// The code running now (an Owner is made only when a promise or a callback needs one).
let currentRule: string | undefined;
let currentResource: ResourceView | undefined;
let currentScrub: (text: string) => string = (text) => text;
let currentWalk: WalkState | undefined;
let currentOwner: Owner | undefined;

function ownerNow(): Owner | undefined {
  if (currentOwner) return currentOwner;
  if (currentRule === undefined || currentResource === undefined || currentWalk === undefined) return undefined;
  currentOwner = { ruleId: currentRule, resource: currentResource, scrub: currentScrub, walk: currentWalk };
  return currentOwner;
}

const SCHEDULED = new Set(['Timeout', 'Immediate', 'TickObject', 'Microtask']);
const deferredHook = createHook({
  init(_asyncId, type, _trigger, resource) {
    if (!SCHEDULED.has(type)) return;
    const owner = ownerNow();
    if (owner) created.push({ owner, type, resource });
  },
});
let stopPromiseHook: (() => void) | undefined;
let tracing = 0;

function startTracing(): void {
  if (tracing++ > 0) return;
  const stop = promiseHooks.onInit((promise) => {
    const owner = ownerNow();
    if (!owner) return;
    owners.set(promise, owner);
    tracedSince = true;
  });
  stopPromiseHook = () => void stop();
  deferredHook.enable();
}

function stopTracing(): void {
  if (--tracing > 0) return;
  deferredHook.disable();
  stopPromiseHook?.();
  stopPromiseHook = undefined;
  adopt();
}

/** Called before each call into a traced rule: promises and callbacks from here on are this resource's. */
export function attribute(ruleId: string, resource: ResourceView, scrub: (text: string) => string): void {
  currentRule = ruleId;
  currentResource = resource;
  currentScrub = scrub;
  currentOwner = undefined;
}

/**
 * Runs a user rule's walk: under the timer's watchdog, with its promises and callbacks traced and
 * the process's controls restored afterwards. Returns undefined when the walk finished, else the
 * error detail for the resource it was stopped on.
 */
export function isolated(timer: RuleTimer, walk: () => void): string | undefined {
  const saved = currentProcessControls();
  currentWalk = { timer, spentMs: 0, stopped: false, calls: 0 };
  currentOwner = undefined;
  startTracing();
  try {
    return timer.bounded(walk);
  } finally {
    currentRule = undefined;
    currentResource = undefined;
    currentWalk = undefined;
    currentOwner = undefined;
    stopTracing();
    restoreProcessControls(saved);
  }
}

/** Takes over the callbacks rule code just scheduled: each runs through `runDeferred`. */
function adopt(): void {
  if (created.length === 0) return;
  const batch = created;
  created = [];
  for (const { owner, type, resource } of batch) {
    const r = resource as Record<string, unknown>;
    let entry: Deferred;
    let callback: string;
    if (type === 'Timeout') {
      entry = { owner, type, kind: r._repeat === null || r._repeat === undefined ? 'setTimeout' : 'setInterval', resource: r };
      if (typeof r._idleTimeout === 'number' && r._idleTimeout >= 0) entry.delay = r._idleTimeout;
      callback = '_onTimeout';
    } else if (type === 'Immediate') {
      entry = { owner, type, kind: 'setImmediate', resource: r };
      callback = '_onImmediate';
    } else {
      entry = { owner, type, kind: type === 'TickObject' ? 'process.nextTick' : 'queueMicrotask', resource: r };
      callback = 'callback';
    }
    // Node's own property for the callback it will call (pinned by the isolation tests).
    const original = r[callback];
    if (typeof original === 'function') {
      r[callback] = function (this: unknown, ...args: unknown[]): void {
        runDeferred(entry, original as (...a: unknown[]) => unknown, this, args);
      };
    }
    pending.add(entry);
  }
}

/** Runs a rule's callback as the rule itself ran: attributed, watched, process controls refused, a throw recorded. */
function runDeferred(entry: Deferred, callback: (...args: unknown[]) => unknown, self: unknown, args: unknown[]): void {
  if (entry.kind !== 'setInterval') pending.delete(entry);
  const { owner } = entry;
  const walk = owner.walk;
  if (walk.stopped) return;
  if (++walk.calls > MAX_DEFERRED_CALLS) {
    walk.stopped = true;
    lateError(owner, `kept scheduling callbacks (${entry.kind}); stopped after ${MAX_DEFERRED_CALLS} of them`);
    return;
  }
  const outer = { currentRule, currentResource, currentScrub, currentWalk, currentOwner };
  currentRule = owner.ruleId;
  currentResource = owner.resource;
  currentScrub = owner.scrub;
  currentWalk = walk;
  currentOwner = owner;
  const saved = refuseProcessControls();
  startTracing();
  const budget = walk.timer.budget;
  const started = budget?.clock() ?? 0;
  const outcome: { thrown?: { value: unknown } } = {};
  try {
    const body = (): void => {
      try {
        callback.apply(self, args);
      } catch (err) {
        outcome.thrown = { value: err };
      }
    };
    // Its callbacks share one more budget of the rule's size: a loop in one is stopped like one in a check.
    const finished = budget ? budget.perRuleMs - walk.spentMs > 0 && runWithin(budget.perRuleMs - walk.spentMs, body) : (body(), true);
    if (!finished) {
      walk.stopped = true;
      lateError(owner, `a callback it scheduled (${entry.kind}) was stopped: time budget exceeded (${walk.timer.limit()} per rule)`);
    }
  } finally {
    if (budget) walk.spentMs += budget.clock() - started;
    ({ currentRule, currentResource, currentScrub, currentWalk, currentOwner } = outer);
    stopTracing();
    restoreProcessControls(saved);
  }
  if (outcome.thrown) lateError(owner, `a callback it scheduled (${entry.kind}) threw: ${describeThrown(outcome.thrown.value)}`);
}

function lateError(owner: Owner, detail: string): void {
  late.push({ ruleId: owner.ruleId, resource: owner.resource, detail: owner.scrub(detail) });
}

/**
 * Cancels the callbacks Node still holds for rules (`timersOnly`: just the timers), each an
 * error of its rule on its resource. Ticks and microtasks cannot be cancelled; they always run
 * before the next macrotask.
 */
function cancelPending(timersOnly: boolean): void {
  for (const entry of [...pending]) {
    if (timersOnly && entry.type !== 'Timeout') continue;
    pending.delete(entry);
    const r = entry.resource;
    // Cleared by the rule itself, or already run.
    if (r._destroyed === true) continue;
    if (entry.type === 'Timeout') {
      clearTimeout(r as unknown as NodeJS.Timeout);
      const delay = entry.delay !== undefined ? `, ${entry.delay} ms` : '';
      lateError(entry.owner, `set a timer (${entry.kind}${delay}) that had not run when its evaluation ended; it was cancelled (a check's work ends when it returns)`);
    } else if (entry.type === 'Immediate') {
      clearImmediate(r as unknown as NodeJS.Immediate);
      lateError(entry.owner, `scheduled a callback (${entry.kind}) that had not run when its evaluation ended; it was cancelled (a check's work ends when it returns)`);
    }
  }
}

/**
 * Settles what user rules left behind and returns it as errors, in the order they happened:
 * their timers are cancelled at once; then one macrotask turn lets their immediates, ticks and
 * microtasks run (isolated) and every microtask chain settle, so Node reports the rejections
 * that stayed unhandled; then what is still pending is cancelled. Call it right after
 * evaluate() returns, before any await, and before writing outputs. A rejection that is not a
 * rule's is left to the process's other handlers (the CLI: internal error, exit 70).
 */
export async function settleRuleWork(): Promise<LateRuleError[]> {
  // Built-in rules only, or user rules that made no promise and scheduled nothing: no turn to wait.
  if (!tracedSince && pending.size === 0 && late.length === 0) return [];
  tracedSince = false;
  cancelPending(true);
  const onRejection = (reason: unknown, promise: Promise<unknown>): void => {
    const owner = owners.get(promise);
    if (!owner) return;
    claimRejection(promise);
    lateError(owner, `left a promise rejected that nothing handled: ${describeThrown(reason)}`);
  };
  process.on('unhandledRejection', onRejection);
  // Promise reactions of rule code run in this turn unwrapped: the process controls throw meanwhile.
  const saved = refuseProcessControls();
  try {
    await new Promise<void>((resolve) => setImmediate(resolve));
  } finally {
    restoreProcessControls(saved);
    process.off('unhandledRejection', onRejection);
  }
  cancelPending(false);
  return late.splice(0);
}
