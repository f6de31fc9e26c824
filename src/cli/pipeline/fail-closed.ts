/**
 * The gate fails closed (snapshot/health.ts). Its own module: `evaluate` uses it too, and must not
 * load the collector's modules that pipeline/collection.ts imports.
 */
import { CollectionFailedError } from '../../errors.ts';
import type { Snapshot } from '../../model/index.ts';
import { assessCollection } from '../../snapshot/health.ts';

/**
 * The gate fails closed: a collection that failed as a whole (snapshot/health.ts) ends the run
 * with exit 3 and its cause, before any snapshot or report is written, so an expired token can
 * neither pass a gate nor replace a good snapshot with an empty one.
 */
export function collectionFailure(snapshot: Pick<Snapshot, 'accounts' | 'coverage'>, what = 'collection failed'): CollectionFailedError | undefined {
  const { fatal } = assessCollection(snapshot);
  return fatal.length > 0 ? new CollectionFailedError(`${what}: ${fatal.join('; ')}`) : undefined;
}

export function failClosed(snapshot: Pick<Snapshot, 'accounts' | 'coverage'>, what?: string): void {
  const failure = collectionFailure(snapshot, what);
  if (failure) throw failure;
}
