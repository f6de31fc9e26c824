/**
 * The process controls a user's rule code may not use: while it runs (a check, a callback it
 * scheduled, its module's top level) they throw instead, so a rule that calls them gets an error,
 * never the run ended (with 0 and no output, or by a signal). `reallyExit` is what `exit` calls
 * underneath; `kill` would signal the run itself.
 */
const CONTROLS = ['exit', 'abort', 'reallyExit', 'kill'] as const;

/** The controls as they were before a swap, to put back afterwards. */
export type SavedControls = readonly unknown[];

function refusing(name: string): () => never {
  return () => {
    throw new Error(`called process.${name}(), which a rule may not do (rules do no I/O and never end the run)`);
  };
}
const REFUSING = CONTROLS.map((name) => refusing(name));

/** Swaps in the refusing controls; returns what to restore. */
export function refuseProcessControls(): SavedControls {
  const proc = process as unknown as Record<string, unknown>;
  const saved = CONTROLS.map((name) => proc[name]);
  CONTROLS.forEach((name, i) => (proc[name] = REFUSING[i]));
  return saved;
}

/** Puts back the controls `refuseProcessControls` saved, whatever the rule assigned meanwhile. */
export function restoreProcessControls(saved: SavedControls): void {
  const proc = process as unknown as Record<string, unknown>;
  CONTROLS.forEach((name, i) => (proc[name] = saved[i]));
}

/** The process's current controls (to restore after code that may have replaced them). */
export function currentProcessControls(): SavedControls {
  const proc = process as unknown as Record<string, unknown>;
  return CONTROLS.map((name) => proc[name]);
}
