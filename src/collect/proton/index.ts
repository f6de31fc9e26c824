/**
 * Proton in one region. GetAccountSettings goes first through a client with few retries: if the
 * endpoint does not answer at all (AWS ended Proton on 2026-10-07), the region's remaining Proton
 * operations are marked unavailable without being called and IAM and tags carry on.
 */
import { GetAccountSettingsCommand, GetResourcesSummaryCommand, type ProtonClient } from '@aws-sdk/client-proton';
import type { ProtonData } from '../../model/index.ts';
import { PROTON_DEPENDENTS, PROTON_OPERATIONS } from '../../knowledge/operations.ts';
import { callOnce, type Scope } from '../call.ts';
import { isThrottle } from '../clients.ts';
import { classifyFailure } from '../failure.ts';
import type { PreviousSnapshot } from '../incremental.ts';
import { accountSettingsFrom, resourcesSummaryFrom, sortProton } from '../../snapshot/normalize/proton.ts';
import { collectConnections, collectRepositories } from './connections.ts';
import type { ProtonContext } from './context.ts';
import { collectComponents, collectEnvironments, collectServiceInstances, collectServices } from './deployments.ts';
import { collectEnvironmentTemplates, collectServiceTemplates } from './templates.ts';

/** A throttle or an HTTP 5xx: worth the full retry budget. */
function transient(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return isThrottle(err) || (typeof status === 'number' && status >= 500);
}

export function unavailableMessage(region: string): string {
  return `Proton is unavailable in ${region}: the endpoint did not answer (AWS ended support for Proton on 2026-10-07). IAM and tags are still collected.`;
}

export interface ProtonRegionInput {
  client: ProtonClient;
  probe: ProtonClient;
  scope: Scope;
  pageSize: number;
  log: (line: string) => void;
  previous?: PreviousSnapshot;
}

/**
 * The quick probe first; if it got no answer at all, it is asked once more (after its own
 * backoff) so one dropped connection is not mistaken for a retired endpoint. Only the second
 * outcome is recorded. A dead endpoint costs four quick attempts, not the full retry budget.
 */
async function probeAccountSettings(input: ProtonRegionInput) {
  const { scope } = input;
  try {
    const value = await input.probe.send(new GetAccountSettingsCommand({}));
    scope.coverage.ok(scope.region, 'proton', 'GetAccountSettings');
    return { ok: true as const, value };
  } catch (err) {
    const failure = classifyFailure(err);
    if (!failure.network) {
      // The endpoint answered: a throttle or a server error gets the full retry budget (the
      // probe's two attempts are only there to notice a dead endpoint quickly).
      if (transient(err)) {
        scope.coverage.retried(scope.region, 'proton', 'GetAccountSettings');
        return callOnce(scope, 'proton', 'GetAccountSettings', () => input.client.send(new GetAccountSettingsCommand({})));
      }
      scope.coverage.failed(scope.region, 'proton', 'GetAccountSettings', failure);
      if (scope.stats) scope.stats.failures += 1;
      return { ok: false as const, failure };
    }
    scope.coverage.retried(scope.region, 'proton', 'GetAccountSettings');
  }
  return callOnce(scope, 'proton', 'GetAccountSettings', () => input.probe.send(new GetAccountSettingsCommand({})));
}

export async function collectProtonRegion(input: ProtonRegionInput): Promise<ProtonData | undefined> {
  const { scope } = input;
  const settings = await probeAccountSettings(input);
  if (!settings.ok && settings.failure.network) {
    input.log(unavailableMessage(scope.region));
    for (const op of PROTON_OPERATIONS) {
      if (op === 'GetAccountSettings') continue;
      scope.coverage.unavailable(scope.region, 'proton', op, 'EndpointUnavailable', `not called: ${settings.failure.code} on GetAccountSettings`);
    }
    return undefined;
  }

  const ctx: ProtonContext = { client: input.client, scope, pageSize: input.pageSize, ...(input.previous ? { previous: input.previous } : {}) };
  const [envTemplates, svcTemplates, environments, services, instances, components, connections, repositories, summary] = await Promise.all([
    collectEnvironmentTemplates(ctx),
    collectServiceTemplates(ctx),
    collectEnvironments(ctx),
    collectServices(ctx),
    collectServiceInstances(ctx),
    collectComponents(ctx),
    collectConnections(ctx),
    collectRepositories(ctx),
    callOnce(scope, 'proton', 'GetResourcesSummary', () => input.client.send(new GetResourcesSummaryCommand({}))),
  ]);

  const listedBy: Record<string, boolean> = {
    ListEnvironmentTemplates: envTemplates.listed,
    ListServiceTemplates: svcTemplates.listed,
    ListEnvironments: environments.listed,
    ListServices: services.listed,
    ListServiceInstances: instances.listed,
    ListComponents: components.listed,
    ListEnvironmentAccountConnections: connections.listed,
    ListRepositories: repositories.listed,
  };
  for (const [list, dependents] of Object.entries(PROTON_DEPENDENTS)) {
    if (listedBy[list]) continue;
    for (const op of dependents) scope.coverage.unavailable(scope.region, 'proton', op, 'NotAttempted', `not called: ${list} failed`);
  }

  const data: ProtonData = {
    environmentTemplates: envTemplates.templates,
    environmentTemplateVersions: envTemplates.versions,
    serviceTemplates: svcTemplates.templates,
    serviceTemplateVersions: svcTemplates.versions,
    environments: environments.records,
    services: services.records,
    serviceInstances: instances.records,
    components: components.records,
    environmentAccountConnections: connections.records,
    repositories: repositories.records,
  };
  const accountSettings = settings.ok ? accountSettingsFrom(settings.value.accountSettings) : undefined;
  if (accountSettings) data.accountSettings = accountSettings;
  const resourcesSummary = summary.ok ? resourcesSummaryFrom(summary.value.counts) : undefined;
  if (resourcesSummary) data.resourcesSummary = resourcesSummary;
  return sortProton(data);
}
