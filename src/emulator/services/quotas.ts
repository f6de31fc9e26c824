/**
 * Service Quotas ListServiceQuotas for Proton, from the region's `serviceQuotas`. Other service
 * codes are unknown to the emulator and answered as AWS answers an unknown service.
 */
import { ApiError } from '../api-error.ts';
import { paginate, queryDigest } from '../paging.ts';
import { int, str, struct } from '../shape.ts';
import type { JsonService } from './context.ts';

const input = struct(
  'ListServiceQuotasRequest',
  {
    ServiceCode: str({ min: 1, max: 63, pattern: /^[a-zA-Z][a-zA-Z0-9-]{1,63}$/ }),
    NextToken: str({ max: 2048 }),
    MaxResults: int(1, 100),
    QuotaCode: str({ min: 1, max: 128, pattern: /^[a-zA-Z][a-zA-Z0-9-]{1,128}$/ }),
    QuotaAppliedAtLevel: str({ enum: ['ACCOUNT', 'RESOURCE', 'ALL'] }),
  },
  ['ServiceCode'],
);

export const quotasService: JsonService = {
  operations: {
    ListServiceQuotas: {
      input,
      handle: (i, ctx) => {
        if (i.ServiceCode !== 'proton') throw new ApiError('NoSuchResourceException', `The request failed because the specified service ${String(i.ServiceCode)} does not exist.`);
        const accountId = ctx.account.account.accountId;
        const quotas = (ctx.account.regions.get(ctx.region)?.quotas ?? [])
          .filter((q) => i.QuotaCode === undefined || q.QuotaCode === i.QuotaCode)
          .map((q) => ({
            ServiceCode: 'proton',
            ServiceName: q.ServiceName ?? 'AWS Proton',
            QuotaArn: q.QuotaArn ?? `arn:aws:servicequotas:${ctx.region}:${accountId}:proton/${q.QuotaCode}`,
            QuotaCode: q.QuotaCode,
            QuotaName: q.QuotaName,
            Value: q.Value,
            Unit: q.Unit ?? 'None',
            Adjustable: q.Adjustable ?? true,
            GlobalQuota: q.GlobalQuota ?? false,
          }));
        const page = paginate(quotas, {
          operation: 'ListServiceQuotas',
          digest: queryDigest(i, ['NextToken', 'MaxResults']),
          ...(typeof i.NextToken === 'string' ? { token: i.NextToken } : {}),
          size: typeof i.MaxResults === 'number' ? i.MaxResults : 100,
          invalid: () => new ApiError('InvalidPaginationTokenException', 'Invalid input: the NextToken is not valid.'),
        });
        return { Quotas: page.items, ...(page.next ? { NextToken: page.next } : {}) };
      },
    },
  },
  codes: { validation: 'IllegalArgumentException', accessDenied: 'AccessDeniedException', throttling: 'TooManyRequestsException', serverError: 'InternalFailure' },
};
