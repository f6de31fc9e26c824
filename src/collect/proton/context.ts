/** What every Proton collector of one region needs. */
import type { ProtonClient } from '@aws-sdk/client-proton';
import type { Scope } from '../call.ts';
import type { PreviousSnapshot } from '../incremental.ts';

export interface ProtonContext {
  client: ProtonClient;
  scope: Scope;
  /** maxResults for every list call (100, the API maximum, unless a test asks for smaller pages). */
  pageSize: number;
  /** collect --since: unchanged resources keep this snapshot's detail instead of a Get. */
  previous?: PreviousSnapshot;
}

/** The paginator config shared by every list: page size is set in each input instead. */
export function pager(ctx: ProtonContext): { client: ProtonClient } {
  return { client: ctx.client };
}
