/**
 * A user rule module's top level is rule code too: while it is imported, process.exit and the
 * other process controls throw (process-guard.ts), and a promise it makes and leaves rejected
 * is traced to it. So a module whose top level throws, exits or leaves a rejection is a load
 * problem with its file and location (exit 2), never an internal error (70) or a silent exit 0.
 * Not covered: callbacks its top level schedules (a timer) run outside the import.
 */
import { pathToFileURL } from 'node:url';
import { promiseHooks } from 'node:v8';
import { claimRejection } from './claimed-rejections.ts';
import { refuseProcessControls, restoreProcessControls } from './process-guard.ts';

export interface ModuleProblem {
  location: string;
  message: string;
}

/** Imports a user rule module isolated: the module, or every problem of its top level. */
export async function importIsolated(file: string, load: () => Promise<unknown>): Promise<{ module: unknown } | { problems: ModuleProblem[] }> {
  const made = new WeakSet<object>();
  const problems: ModuleProblem[] = [];
  const onRejection = (reason: unknown, promise: Promise<unknown>): void => {
    if (!made.has(promise)) return;
    claimRejection(promise);
    problems.push({ location: locationIn(file, reason), message: `left a promise rejected that nothing handled at its top level: ${oneLine(reason)}` });
  };
  process.on('unhandledRejection', onRejection);
  const stopTracing = promiseHooks.onInit((promise) => made.add(promise));
  const saved = refuseProcessControls();
  let module: unknown;
  let thrown: { value: unknown } | undefined;
  try {
    module = await load();
  } catch (err) {
    thrown = { value: err };
  } finally {
    restoreProcessControls(saved);
    stopTracing();
  }
  try {
    // One macrotask turn: every microtask chain of the top level has settled and Node has said what stayed unhandled.
    await new Promise<void>((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  if (thrown) problems.unshift({ location: locationIn(file, thrown.value), message: `cannot be imported: ${oneLine(thrown.value)}` });
  return problems.length > 0 ? { problems } : { module };
}

/**
 * Where in the rule file the error was made ("line 3, column 7"), from its stack; else "top
 * level" (a pack read as CommonJS runs from a compiled copy whose positions are not the file's).
 */
function locationIn(file: string, err: unknown): string {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  for (const name of [pathToFileURL(file).href, file]) {
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
