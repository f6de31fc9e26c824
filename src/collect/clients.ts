/**
 * One place that builds SDK clients: region, credentials or profile, endpoint override, the
 * SDK's adaptive retry, socket timeouts, a middleware that counts each logical call and holds a
 * concurrency slot while the request (with its retries) is in flight, and one inside the retry
 * loop that spends the request budget and counts throttles on every attempt.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ProtonClient } from '@aws-sdk/client-proton';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/util-retry';
import type { CoverageService } from './coverage.ts';
import type { Limiter } from './pool.ts';
import type { RateBudget } from './rate.ts';
import type { CollectStats } from './stats.ts';

// The SDK warns on every run that future releases need Node 22; this tool supports Node 20, and
// the warning would bury our own stderr report. A user who sets the variable keeps their choice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface ClientSettings {
  credentials?: AwsCredentialIdentityProvider;
  profile?: string;
  endpointUrl?: string;
  maxAttempts: number;
  /** Per-request socket timeout; a dead endpoint must be noticed quickly, a slow page must finish. */
  requestTimeoutMs?: number;
  limiter: Limiter;
  /** Called once per logical call (a page, a Get), before retries. */
  onCall: (service: CoverageService, operation: string) => void;
  /** Request budget shared by every client of a run; buckets are keyed by `budgetKey`, region and service. */
  budget?: RateBudget;
  /** The account the budget is spent for (its id, or a stand-in before STS has answered). */
  budgetKey?: string;
  /** Run-wide counters for the progress display. */
  stats?: CollectStats;
  /** The budget's rate per service (0: none); sets how far adaptive retry may slow a client. */
  rateFor?: (service: CoverageService) => number;
}

/** The SDK's own floor for adaptive retry when there is no budget to scale from. */
const SDK_MIN_FILL_RATE = 0.5;

/**
 * How slow adaptive retry may make one client while it is throttled: a quarter of the budget.
 * Low enough to yield to the workloads sharing the account's API rate, high enough that a
 * server throttling a fixed share of requests (whatever the rate) cannot stall a scan.
 */
export function adaptiveFloor(budget: number): number {
  return budget > 0 ? Math.max(SDK_MIN_FILL_RATE, budget / 4) : SDK_MIN_FILL_RATE;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 5_000;

type Middleware = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>;

interface Stackable {
  middlewareStack: {
    add: (mw: Middleware, options: { step: 'initialize'; name: string; priority?: 'high' | 'low' | 'normal' }) => void;
    addRelativeTo: (mw: Middleware, options: { relation: 'after' | 'before'; toMiddleware: string; name: string }) => void;
  };
}

/** Error names AWS services use for throttling (and HTTP 429). */
const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);

export function isThrottle(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return THROTTLE_CODES.has(String(e.name)) || THROTTLE_CODES.has(String(e.code)) || e.$metadata?.httpStatusCode === 429;
}

export function instrument<C>(client: C, service: CoverageService, region: string, settings: ClientSettings): C {
  const stack = (client as unknown as Stackable).middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      settings.onCall(service, operation);
      try {
        return await settings.limiter.run(() => next(args));
      } finally {
        // Counted when done, so the progress display shows work finished, not work queued.
        if (settings.stats) settings.stats.calls += 1;
      }
    },
    { step: 'initialize', name: 'protonAuditCallAccounting', priority: 'high' },
  );
  // After the retry middleware: runs once per attempt, before signing (a wait never ages a signature).
  stack.addRelativeTo(
    (next) => async (args) => {
      if (settings.budget) await settings.budget.take(settings.budgetKey ?? 'default', region, service);
      if (settings.stats) settings.stats.attempts += 1;
      try {
        return await next(args);
      } catch (err) {
        if (settings.stats && isThrottle(err)) settings.stats.throttles += 1;
        throw err;
      }
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'protonAuditRequestBudget' },
  );
  return client;
}

export function baseConfig(region: string, settings: ClientSettings, service: CoverageService, maxAttempts = settings.maxAttempts) {
  const minFillRate = adaptiveFloor(settings.rateFor?.(service) ?? 0);
  return {
    region,
    maxAttempts,
    // The SDK's adaptive retry (client-side rate limiting after throttles), floored by the budget.
    retryStrategy: new AdaptiveRetryStrategy(maxAttempts, { rateLimiter: new DefaultRateLimiter({ minFillRate }) }),
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, settings.requestTimeoutMs ?? CONNECTION_TIMEOUT_MS),
      requestTimeout: settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without this the SDK only warns and waits on a request that never answers.
      throwOnRequestTimeout: true,
    },
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
  };
}

export interface RegionClients {
  proton: ProtonClient;
  /** Same as proton with few attempts: the first call of a region tells whether Proton answers at all. */
  protonProbe: ProtonClient;
  tagging: ResourceGroupsTaggingAPIClient;
  quotas: ServiceQuotasClient;
  cloudformation: CloudFormationClient;
  codebuild: CodeBuildClient;
}

export interface GlobalClients {
  iam: IAMClient;
  sts: STSClient;
  organizations: OrganizationsClient;
}

export function regionClients(region: string, settings: ClientSettings): RegionClients {
  return {
    proton: instrument(new ProtonClient(baseConfig(region, settings, 'proton')), 'proton', region, settings),
    protonProbe: instrument(new ProtonClient(baseConfig(region, settings, 'proton', Math.min(2, settings.maxAttempts))), 'proton', region, settings),
    tagging: instrument(new ResourceGroupsTaggingAPIClient(baseConfig(region, settings, 'tagging')), 'tagging', region, settings),
    quotas: instrument(new ServiceQuotasClient(baseConfig(region, settings, 'servicequotas')), 'servicequotas', region, settings),
    cloudformation: instrument(new CloudFormationClient(baseConfig(region, settings, 'cloudformation')), 'cloudformation', region, settings),
    codebuild: instrument(new CodeBuildClient(baseConfig(region, settings, 'codebuild')), 'codebuild', region, settings),
  };
}

/** IAM, STS and Organizations are global; the SDK maps any region of a partition to its endpoint. */
export function globalClients(region: string, settings: ClientSettings): GlobalClients {
  return {
    iam: instrument(new IAMClient(baseConfig(region, settings, 'iam')), 'iam', 'global', settings),
    sts: instrument(new STSClient(baseConfig(region, settings, 'sts')), 'sts', 'global', settings),
    organizations: instrument(new OrganizationsClient(baseConfig(region, settings, 'organizations')), 'organizations', 'global', settings),
  };
}

export function destroyAll(clients: ReadonlyArray<RegionClients | GlobalClients>): void {
  for (const set of clients) for (const client of Object.values(set)) (client as { destroy(): void }).destroy();
}

/** The SDK service ids behind AWS_ENDPOINT_URL_<SERVICE>, keyed by our coverage service names. */
export const ENDPOINT_ENV_SUFFIX: Readonly<Record<CoverageService, string>> = {
  proton: 'PROTON',
  tagging: 'RESOURCE_GROUPS_TAGGING_API',
  iam: 'IAM',
  sts: 'STS',
  servicequotas: 'SERVICE_QUOTAS',
  organizations: 'ORGANIZATIONS',
  ec2: 'EC2',
  cloudformation: 'CLOUDFORMATION',
  codebuild: 'CODEBUILD',
};

/**
 * The endpoint overrides in force, as the SDK will resolve them from flags and environment,
 * recorded in the snapshot so a reviewer can tell an emulator run from a live one.
 */
export function endpointOverrides(endpointUrl: string | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  const ignoreEnv = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true';
  for (const [service, suffix] of Object.entries(ENDPOINT_ENV_SUFFIX)) {
    const url = endpointUrl ?? (ignoreEnv ? undefined : env[`AWS_ENDPOINT_URL_${suffix}`] || env.AWS_ENDPOINT_URL || undefined);
    if (url) out[service] = url;
  }
  return out;
}
