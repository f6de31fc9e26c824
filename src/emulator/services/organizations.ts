/**
 * Organizations ListAccounts: answered to the management account only, from `organization`
 * (its `accounts`, or else the estate's accounts).
 */
import { ApiError } from '../api-error.ts';
import { toDate } from '../derive.ts';
import { paginate, queryDigest } from '../paging.ts';
import { int, str, struct } from '../shape.ts';
import type { JsonService } from './context.ts';

const input = struct('ListAccountsRequest', { NextToken: str({ max: 100000, pattern: /^[\s\S]*$/ }), MaxResults: int(1, 20) });

export const organizationsService: JsonService = {
  operations: {
    ListAccounts: {
      input,
      handle: (i, ctx) => {
        const org = ctx.world.estate.organization;
        if (!org) throw new ApiError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
        const me = ctx.account.account.accountId;
        if (me !== org.managementAccountId) {
          throw new ApiError('AccessDeniedException', 'You don\'t have permissions to access this resource: ListAccounts is available to the management account only.', 400);
        }
        const orgId = `o-emu${org.managementAccountId.slice(-7)}`;
        const source: NonNullable<typeof org.accounts> =
          org.accounts ??
          ctx.world.estate.accounts.map((a) => ({
            Id: a.accountId,
            ...(a.name !== undefined ? { Name: a.name } : {}),
            ...(a.email !== undefined ? { Email: a.email } : {}),
          }));
        const accounts = [...source]
          .sort((a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0))
          .map((a) => ({
            Id: a.Id,
            Arn: a.Arn ?? `arn:aws:organizations::${org.managementAccountId}:account/${orgId}/${a.Id}`,
            Email: a.Email ?? `aws+${a.Id}@example.com`,
            Name: a.Name ?? a.Id,
            Status: a.Status ?? 'ACTIVE',
            JoinedMethod: a.JoinedMethod ?? (a.Id === org.managementAccountId ? 'CREATED' : 'INVITED'),
            ...(a.JoinedTimestamp !== undefined ? { JoinedTimestamp: toDate(a.JoinedTimestamp) } : {}),
          }));
        const page = paginate(accounts, {
          operation: 'ListAccounts',
          digest: queryDigest(i, ['NextToken', 'MaxResults']),
          ...(typeof i.NextToken === 'string' ? { token: i.NextToken } : {}),
          size: typeof i.MaxResults === 'number' ? i.MaxResults : 20,
          invalid: () => new ApiError('InvalidInputException', 'You provided an invalid NextToken value.'),
        });
        return { Accounts: page.items, ...(page.next ? { NextToken: page.next } : {}) };
      },
    },
  },
  codes: { validation: 'InvalidInputException', accessDenied: 'AccessDeniedException', throttling: 'TooManyRequestsException', serverError: 'InternalFailure' },
};
