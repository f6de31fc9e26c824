/**
 * The few typed errors. Each carries the exit code the CLI uses; only src/cli/main.ts exits.
 * Loaders collect every problem first and throw one error listing them all.
 */

/** One problem found while loading a file: where, and what is wrong. */
export interface Problem {
  file: string;
  /** JSON path ('$.accounts[0].regions'), YAML field ('rules[3].id'), or 'line:col'. */
  location: string;
  message: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  ${p.file}${p.location ? ` at ${p.location}` : ''}: ${p.message}`).join('\n');
}

export abstract class AuditorError extends Error {
  abstract readonly exitCode: number;
}

/** Bad flags or arguments. Exit 2. */
export class UsageError extends AuditorError {
  readonly exitCode = 2;
}

/**
 * A file could not be used: snapshot, config, rule pack, estate, export or result. Exit 2.
 * The message names what was being loaded; problems name file and location.
 */
export class InputError extends AuditorError {
  readonly exitCode = 2;
  constructor(
    readonly what: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${formatProblems(problems)}`);
  }
}

/**
 * An output could not be written: a missing or read-only folder, a full disk, a path that is a
 * directory, an output that would overwrite an input. Exit 2, with the path and the reason.
 */
export class OutputError extends AuditorError {
  readonly exitCode = 2;
}

/** Collection was incomplete and --strict was given. Exit 3. */
export class IncompleteCollectionError extends AuditorError {
  readonly exitCode = 3;
}

/**
 * Collection failed as a whole (no credentials, nothing collected from any account, a service of
 * which every call failed): the run must not pass on an empty audit. Exit 3.
 */
export class CollectionFailedError extends AuditorError {
  readonly exitCode = 3;
}
