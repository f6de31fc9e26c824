/** The common shape of most Proton families: list the summaries, then one Get per resource. */
import { callOnce, listAll } from '../call.ts';
import type { ProtonListKey } from '../incremental.ts';
import type { ProtonContext } from './context.ts';

export interface ListGetSpec<P, S, D, R> {
  /** The snapshot list these records go to (finds the previous record for collect --since). */
  type: ProtonListKey;
  list: string;
  pages: () => AsyncIterable<P>;
  pick: (page: P) => readonly S[] | undefined;
  get: string;
  /** The Get call for one summary; returns the detail object inside the output. */
  fetch: (summary: S) => Promise<D | undefined>;
  /** Skip the Get when the summary already holds everything (never a call for what is known). */
  needsDetail?: (summary: S) => boolean;
  /** Summary overlaid with the detail: a Get output, or the previous snapshot's record. */
  merge: (summary: S, detail: object | undefined) => R;
}

export interface ListGetResult<R> {
  records: R[];
  /** False when the list gave nothing because it failed: dependent operations were not tried. */
  listed: boolean;
}

/**
 * One list entry's detail: the previous snapshot's record when the entry is unchanged (collect
 * --since), else the Get. A failed Get is recorded against `resource` and yields undefined.
 */
export async function detailOf<D>(
  ctx: ProtonContext,
  type: ProtonListKey,
  summary: object,
  operation: string,
  resource: string,
  fetch: () => Promise<D | undefined>,
): Promise<object | undefined> {
  const previous = ctx.previous?.detail(type, summary);
  if (ctx.previous && previous) {
    ctx.previous.reused += 1;
    if (ctx.scope.stats) ctx.scope.stats.reused += 1;
    return previous;
  }
  if (ctx.previous) ctx.previous.fetched += 1;
  const answer = await callOnce(ctx.scope, 'proton', operation, fetch, resource);
  return answer.ok && answer.value !== undefined && answer.value !== null ? (answer.value as object) : undefined;
}

export async function listThenGet<P, S extends { arn?: string | undefined; name?: string | undefined }, D, R>(
  ctx: ProtonContext,
  spec: ListGetSpec<P, S, D, R>,
): Promise<ListGetResult<R>> {
  // Each page's Gets start as the page arrives: with 100,000 instances the listing alone is a
  // thousand pages, and the Gets queued meanwhile keep the request budget busy.
  const pending: Array<Promise<R>> = [];
  const one = async (summary: S): Promise<R> => {
    if (spec.needsDetail && !spec.needsDetail(summary)) return spec.merge(summary, undefined);
    const detail = await detailOf(ctx, spec.type, summary, spec.get, summary.arn ?? summary.name ?? '', () => spec.fetch(summary));
    return spec.merge(summary, detail);
  };
  const listed = await listAll(ctx.scope, 'proton', spec.list, spec.pages, spec.pick, undefined, (items) => {
    for (const summary of items) pending.push(one(summary));
  });
  const records = await Promise.all(pending);
  return { records, listed: listed.complete || listed.items.length > 0 };
}
