import type { ResourceView } from '../model/index.ts';
import { lowerBound } from './sorted-cursor.ts';

const arnOf = (v: ResourceView): string => v.arn;

/**
 * The view's resources by ARN: the first view of an ARN in the view's order answers, as a Map
 * over all of them would. A few questions (one rule asking for 1,000 pipelines of a 100,000-
 * resource estate) are answered by binary search in each type's run, which is sorted by ARN;
 * the Map, whose building costs more than those searches, is built once questions are many.
 */
export class ArnIndex {
  private map: Map<string, ResourceView> | undefined;
  private asked = 0;
  private readonly searchesBeforeMap: number;

  /** `runs`: each type's views, sorted by ARN (stably), in the view's type order. */
  constructor(private readonly runs: ReadonlyArray<readonly ResourceView[]>) {
    let total = 0;
    for (const run of runs) total += run.length;
    // Past a number of searches near an eighth of the views, building the Map costs less than searching on.
    this.searchesBeforeMap = 64 + (total >> 3);
  }

  get(arn: string): ResourceView | undefined {
    if (this.map) return this.map.get(arn);
    if (++this.asked > this.searchesBeforeMap) return this.built().get(arn);
    for (const run of this.runs) {
      // The first view of the ARN in its run: a run is sorted by ARN, stably.
      const v = run[lowerBound(run, arn, arnOf)];
      if (v !== undefined && v.arn === arn) return v;
    }
    return undefined;
  }

  private built(): Map<string, ResourceView> {
    const map = new Map<string, ResourceView>();
    for (const run of this.runs) for (const v of run) if (!map.has(v.arn)) map.set(v.arn, v);
    this.map = map;
    return map;
  }
}
