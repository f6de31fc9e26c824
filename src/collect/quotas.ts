/** Proton quotas from Service Quotas; a failure is recorded and the documented defaults stand in. */
import { paginateListServiceQuotas, type ServiceQuota, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { Quota } from '../model/index.ts';
import { listAll, type Scope } from './call.ts';
import { quotasFrom } from '../snapshot/normalize/quotas.ts';

export async function collectQuotas(client: ServiceQuotasClient, scope: Scope, pageSize: number): Promise<Quota[]> {
  const listed = await listAll<{ Quotas?: ServiceQuota[] }, ServiceQuota>(
    scope,
    'servicequotas',
    'ListServiceQuotas',
    () => paginateListServiceQuotas({ client }, { ServiceCode: 'proton', MaxResults: pageSize }),
    (page) => page.Quotas,
  );
  return quotasFrom(listed.items);
}
