/**
 * Proton List/Get outputs → snapshot records. A record is the summary overlaid with the detail
 * (the Get output is a superset); when the detail call failed the summary alone is kept, so the
 * resource stays visible and coverage names it in failedResources.
 */
import type {
  AccountSettings,
  EnvironmentAccountConnection,
  ProtonData,
  ResourceCountsSummary,
  ResourcesSummary,
  ServiceTemplateVersion,
} from '../../model/index.ts';
import { plainRecord, sortBy, uniqueBy } from './plain.ts';

export function mergeRecord<T>(summary: object, detail?: object): T {
  return plainRecord<T>(detail ? { ...summary, ...detail } : summary);
}

export function connectionFrom(
  summary: object,
  detail: object | undefined,
  requestedBy: 'MANAGEMENT_ACCOUNT' | 'ENVIRONMENT_ACCOUNT',
): EnvironmentAccountConnection {
  return { ...mergeRecord<EnvironmentAccountConnection>(summary, detail), requestedBy };
}

export function accountSettingsFrom(settings: object | undefined): AccountSettings | undefined {
  return settings ? plainRecord<AccountSettings>(settings) : undefined;
}

const SUMMARY_KEYS = ['components', 'environmentTemplates', 'environments', 'serviceInstances', 'services', 'serviceTemplates', 'pipelines'] as const;

/** GetResourcesSummary's `counts` → ResourcesSummary (only the keys it names; extra AWS fields kept). */
export function resourcesSummaryFrom(counts: object | undefined): ResourcesSummary | undefined {
  if (!counts) return undefined;
  const plain = plainRecord<Record<string, ResourceCountsSummary>>(counts);
  const out: ResourcesSummary = {};
  for (const key of SUMMARY_KEYS) {
    const value = plain[key];
    if (value && typeof value === 'object') out[key] = value;
  }
  return out;
}

const byArn = (r: { arn: string }): string => r.arn;

/** The deterministic order every Proton list has in a snapshot: by arn, duplicates dropped. */
export function sortProton(data: ProtonData): ProtonData {
  const sorted: ProtonData = {
    environmentTemplates: sortBy(uniqueBy(data.environmentTemplates, byArn), byArn),
    environmentTemplateVersions: sortBy(uniqueBy(data.environmentTemplateVersions, byArn), byArn),
    serviceTemplates: sortBy(uniqueBy(data.serviceTemplates, byArn), byArn),
    serviceTemplateVersions: sortBy(uniqueBy(data.serviceTemplateVersions, byArn), byArn),
    environments: sortBy(uniqueBy(data.environments, byArn), byArn),
    services: sortBy(uniqueBy(data.services, byArn), byArn),
    serviceInstances: sortBy(uniqueBy(data.serviceInstances, byArn), byArn),
    components: sortBy(uniqueBy(data.components, byArn), byArn),
    // A connection is listed once per side; in one account it can only be on one side, but
    // the key includes requestedBy so a record is never silently merged away.
    environmentAccountConnections: sortBy(
      uniqueBy(data.environmentAccountConnections, (c) => `${c.arn}\u0000${c.requestedBy ?? ''}`),
      byArn,
    ),
    repositories: sortBy(uniqueBy(data.repositories, byArn), byArn),
  };
  if (data.accountSettings) sorted.accountSettings = data.accountSettings;
  if (data.resourcesSummary) sorted.resourcesSummary = data.resourcesSummary;
  return sorted;
}

/** Service template versions: the compatible templates and component sources in a stable order. */
export function serviceTemplateVersionFrom(summary: object, detail?: object): ServiceTemplateVersion {
  const record = mergeRecord<ServiceTemplateVersion>(summary, detail);
  if (record.compatibleEnvironmentTemplates) {
    record.compatibleEnvironmentTemplates = sortBy(record.compatibleEnvironmentTemplates, (c) => `${c.templateName}\u0000${c.majorVersion}`);
  }
  if (record.supportedComponentSources) record.supportedComponentSources = [...record.supportedComponentSources].sort();
  return record;
}
