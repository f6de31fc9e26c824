import { describe, expect, it } from 'vitest';
import { countsTowardQuota, quotaUse, specBytes } from '../../src/facts/quotas.ts';
import { caseView, quietAnalyzers } from '../helpers/case-builder.ts';

describe('quota use', () => {
  it('uses the Service Quotas value when collected, else the documented default', () => {
    expect(quotaUse('environmentsPerAccount', 80, [{ name: 'environmentsPerAccount', value: 200, source: 'service-quotas' }])).toEqual({
      name: 'environmentsPerAccount',
      used: 80,
      limit: 200,
      ratio: 0.4,
      source: 'service-quotas',
    });
    expect(quotaUse('environmentsPerAccount', 80, [])).toMatchObject({ limit: 100, ratio: 0.8, source: 'documented-default' });
    expect(quotaUse('servicesPerAccount', 1, [{ name: 'servicesPerAccount', value: 0, source: 'service-quotas' }]).ratio).toBe(1);
  });

  it('counts DELETE_FAILED (it still holds its slot) but not DELETE_COMPLETE', () => {
    expect(countsTowardQuota('DELETE_FAILED')).toBe(true);
    expect(countsTowardQuota('DELETE_COMPLETE')).toBe(false);
  });

  it('measures spec size in bytes, not characters', () => {
    expect(specBytes('é')).toBe(2);
    expect(specBytes(undefined)).toBeUndefined();
  });

  it('puts counts on the account and service resources of the view', () => {
    const view = caseView(
      {
        proton: {
          services: [{ name: 'api', spec: 'proton: ServiceSpec\n', tags: { Owner: 'a', App: 'b' } }],
          serviceInstances: [
            { name: 'one', serviceName: 'api' },
            { name: 'two', serviceName: 'api', deploymentStatus: 'DELETE_FAILED' },
            { name: 'three', serviceName: 'api', deploymentStatus: 'DELETE_COMPLETE' },
          ],
          environments: [{ name: 'env' }, { name: 'old', deploymentStatus: 'DELETE_FAILED' }],
        },
        quotas: { instancesPerService: 4 },
      },
      { analyzers: quietAnalyzers },
    );
    const service = view.ofType('service')[0];
    expect(service?.facts.quotas?.instancesPerService).toMatchObject({ used: 2, limit: 4, ratio: 0.5, source: 'service-quotas' });
    expect(service?.facts.quotas?.customerTagsPerResource).toMatchObject({ used: 2, limit: 50 });
    expect(service?.facts.quotas?.specSizeBytes).toMatchObject({ used: 20, limit: 204800 });
    expect(service?.facts.specSizeBytes).toBe(20);
    const account = view.ofType('account')[0];
    expect(account?.facts.quotas?.environmentsPerAccount).toMatchObject({ used: 2, limit: 100, source: 'documented-default' });
    expect(account?.facts.quotas?.servicesPerAccount).toMatchObject({ used: 1 });
  });
});
