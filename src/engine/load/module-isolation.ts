/**
 * A user rule module's top level is rule code too: while it is imported, process.exit and the
 * other process controls throw (process-guard.ts), a promise it makes and leaves rejected is
 * traced to it, and a callback it schedules (setTimeout, setImmediate, process.nextTick,
 * queueMicrotask) is seen as Node creates it (an async_hooks hook; a callback counts as the
 * module's when the module's file is on the stack that scheduled it) and runs with the process
 * controls refused, a throw in it caught. So a module whose top level throws, exits, leaves a
 * rejection or a failing callback is a load problem with its file and location (exit 2), never
 * an internal error (70) or a silent exit 0. Its timers still pending once the import is done
 * are cancelled, each a load problem too: the run neither waits for them nor lets them fire
 * later. Not covered: a callback of its top level that never returns (no watchdog at load).
 */
import { createHook } from 'node:async_hooks';
import { pathToFileURL } from 'node:url';
import { relative } from 'node:path';
import { promiseHooks } from 'node:v8';
import { claimRejection } from './claimed-rejections.ts';
import { refuseProcessControls, restoreProcessControls } from './process-guard.ts';

export interface ModuleProblem {
  location: string;
  message: string;
}

/** A callback the module's top level scheduled: its async resource and how. */
interface Scheduled {
  type: string;
  kind: string;
  resource: Record<string, unknown>;
  delay?: number;
  ran: boolean;
  /** Where the top level scheduled it. */
  location: string;
}

/** The import being watched: the names the module's file has on a stack, and what it scheduled. */
interface Watch {
  file: string;
  names: string[];
  scheduled: Scheduled[];
  problems: ModuleProblem[];
}

const SCHEDULED = new Set(['Timeout', 'Immediate', 'TickObject', 'Microtask']);
let watching: Watch | undefined;
const hook = createHook({
  init(_asyncId, type, _trigger, resource) {
    const watch = watching;
    if (!watch || !SCHEDULED.has(type)) return;
    // Whose callback: the module's file on the stack that scheduled it (not the loader's own ticks).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 64;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    if (!watch.names.some((name) => stack.includes(name))) return;
    adopt(watch, type, resource as Record<string, unknown>, locationInStack(watch.file, stack));
  },
});

/** Wraps the callback Node will call (a microtask's is assigned just after this hook, so it is caught as it is set). */
function adopt(watch: Watch, type: string, r: Record<string, unknown>, location: string): void {
  const kind = type === 'Timeout' ? (r._repeat === null || r._repeat === undefined ? 'setTimeout' : 'setInterval') : type === 'Immediate' ? 'setImmediate' : type === 'TickObject' ? 'process.nextTick' : 'queueMicrotask';
  const entry: Scheduled = { type, kind, resource: r, ran: false, location };
  if (type === 'Timeout' && typeof r._idleTimeout === 'number' && r._idleTimeout >= 0) entry.delay = r._idleTimeout;
  watch.scheduled.push(entry);
  const wrap = (callback: unknown): unknown =>
    typeof callback !== 'function'
      ? callback
      : function (this: unknown, ...args: unknown[]): void {
          entry.ran = true;
          const saved = refuseProcessControls();
          try {
            (callback as (...a: unknown[]) => unknown).apply(this, args);
          } catch (err) {
            watch.problems.push({ location: locationIn(watch.file, err), message: `a callback its top level scheduled (${kind}) threw: ${oneLine(err)}` });
          } finally {
            restoreProcessControls(saved);
          }
        };
  const property = type === 'Timeout' ? '_onTimeout' : type === 'Immediate' ? '_onImmediate' : 'callback';
  if (type === 'Microtask') {
    let wrapped: unknown;
    Object.defineProperty(r, property, { configurable: true, enumerable: true, get: () => wrapped, set: (v: unknown) => (wrapped = wrap(v)) });
  } else {
    r[property] = wrap(r[property]);
  }
}

/** Cancels what the top level left pending (timers; with `all`, immediates too), each a problem. */
function cancelPending(watch: Watch, all: boolean): void {
  for (const entry of watch.scheduled) {
    const r = entry.resource;
    if (entry.ran && entry.kind !== 'setInterval') continue;
    if (r._destroyed === true) continue;
    if (entry.type === 'Timeout') {
      clearTimeout(r as unknown as NodeJS.Timeout);
      const delay = entry.delay !== undefined ? `, ${entry.delay} ms` : '';
      watch.problems.push({ location: entry.location, message: `set a timer (${entry.kind}${delay}) at its top level that was still pending when the module had loaded; it was cancelled (rules do no deferred work)` });
    } else if (all && entry.type === 'Immediate') {
      clearImmediate(r as unknown as NodeJS.Immediate);
      watch.problems.push({ location: entry.location, message: `scheduled a callback (${entry.kind}) at its top level that had not run when the module had loaded; it was cancelled (rules do no deferred work)` });
    }
  }
}

/** Imports a user rule module isolated: the module, or every problem of its top level. */
export async function importIsolated(file: string, load: () => Promise<unknown>): Promise<{ module: unknown } | { problems: ModuleProblem[] }> {
  const made = new WeakSet<object>();
  const watch: Watch = { file, names: [pathToFileURL(file).href, file, encodeURIComponent(file)], scheduled: [], problems: [] };
  const onRejection = (reason: unknown, promise: Promise<unknown>): void => {
    if (!made.has(promise)) return;
    claimRejection(promise);
    watch.problems.push({ location: locationIn(file, reason), message: `left a promise rejected that nothing handled at its top level: ${oneLine(reason)}` });
  };
  process.on('unhandledRejection', onRejection);
  // Promises are traced until the turn below ends: its callbacks' promises are the module's too.
  const stopTracing = promiseHooks.onInit((promise) => made.add(promise));
  const saved = refuseProcessControls();
  watching = watch;
  hook.enable();
  let module: unknown;
  let thrown: { value: unknown } | undefined;
  try {
    module = await load();
  } catch (err) {
    thrown = { value: err };
  }
  // Nothing but microtasks ran since the module's top level finished: its timers cannot have fired since.
  cancelPending(watch, false);
  try {
    // One macrotask turn: its ticks, microtasks and immediates run, every microtask chain of the
    // top level settles and Node says what stayed unhandled.
    await new Promise<void>((resolve) => setImmediate(resolve));
  } finally {
    // Watched until here: what its callbacks schedule in this turn is the module's too.
    hook.disable();
    watching = undefined;
    stopTracing();
    // Refused until here: promise reactions of the top level run unwrapped in this turn.
    restoreProcessControls(saved);
    process.off('unhandledRejection', onRejection);
  }
  cancelPending(watch, true);
  if (thrown) watch.problems.unshift({ location: locationIn(file, thrown.value), message: `cannot be imported: ${oneLine(thrown.value)}` });
  return watch.problems.length > 0 ? { problems: watch.problems } : { module };
}

/**
 * Where in the rule file the error was made ("line 3, column 7"), from its stack; else "top
 * level" (a pack read as CommonJS runs from a compiled copy whose positions are not the file's).
 */
function locationIn(file: string, err: unknown): string {
  return locationInStack(file, err instanceof Error && typeof err.stack === 'string' ? err.stack : '');
}

function locationInStack(file: string, stack: string): string {
  // A transform error names the file as its loader was given it: relative to the working folder.
  for (const name of [pathToFileURL(file).href, file, relative(process.cwd(), file)]) {
    const at = stack.indexOf(name);
    if (at < 0) continue;
    // A loader may add a query to the module's URL (tsx: ?tsx-namespace=...).
    const m = /^(?:\?[^\s:)]*)?:(\d+):(\d+)/.exec(stack.slice(at + name.length));
    if (m) return `line ${m[1]}, column ${m[2]}`;
  }
  return 'top level';
}

function oneLine(err: unknown): string {
  if (err instanceof Error) return (typeof err.message === 'string' && err.message !== '' ? err.message : err.name || 'Error').split('\n')[0] ?? '';
  try {
    return typeof err === 'string' ? `threw a string: ${err}` : `threw a non-Error value: ${String(err)}`;
  } catch {
    return 'threw a value that cannot be shown';
  }
}
