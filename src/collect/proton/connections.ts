/**
 * Environment account connections (both sides: the ones this account requested as management
 * account and the ones it received as environment account) and registered repositories.
 */
import {
  GetEnvironmentAccountConnectionCommand,
  GetRepositoryCommand,
  paginateListEnvironmentAccountConnections,
  paginateListRepositories,
} from '@aws-sdk/client-proton';
import type { EnvironmentAccountConnection, Repository } from '../../model/index.ts';
import { connectionFrom, mergeRecord } from '../../snapshot/normalize/proton.ts';
import { pager, type ProtonContext } from './context.ts';
import { listThenGet, type ListGetResult } from './list-get.ts';

export const REQUESTED_BY = ['MANAGEMENT_ACCOUNT', 'ENVIRONMENT_ACCOUNT'] as const;

export async function collectConnections(ctx: ProtonContext): Promise<ListGetResult<EnvironmentAccountConnection>> {
  const sides = await Promise.all(
    REQUESTED_BY.map((requestedBy) =>
      listThenGet(ctx, {
        type: 'environmentAccountConnections',
        list: 'ListEnvironmentAccountConnections',
        pages: () => paginateListEnvironmentAccountConnections(pager(ctx), { requestedBy, maxResults: ctx.pageSize }),
        pick: (p) => p.environmentAccountConnections,
        get: 'GetEnvironmentAccountConnection',
        // The summary lacks codebuildRoleArn (a role the IAM collector must follow); the Get has it.
        needsDetail: (s) => !('codebuildRoleArn' in s),
        fetch: async (s) =>
          (await ctx.client.send(new GetEnvironmentAccountConnectionCommand({ id: s.id ?? '' }))).environmentAccountConnection,
        merge: (s, d) => connectionFrom(s, d, requestedBy),
      }),
    ),
  );
  return { records: sides.flatMap((s) => s.records), listed: sides.some((s) => s.listed) };
}

export function collectRepositories(ctx: ProtonContext): Promise<ListGetResult<Repository>> {
  return listThenGet(ctx, {
    type: 'repositories',
    list: 'ListRepositories',
    pages: () => paginateListRepositories(pager(ctx), { maxResults: ctx.pageSize }),
    pick: (p) => p.repositories,
    get: 'GetRepository',
    // encryptionKey is only in the Get output; the Get needs the provider the summary names.
    needsDetail: (s) => !('encryptionKey' in s) && s.provider !== undefined,
    fetch: async (s) => (await ctx.client.send(new GetRepositoryCommand({ provider: s.provider, name: s.name ?? '' }))).repository,
    merge: (s, d) => mergeRecord<Repository>(s, d),
  });
}
