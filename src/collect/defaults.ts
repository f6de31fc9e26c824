/** Collection defaults, without the collector: the CLI shows them in --help without loading the AWS SDK. */
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_ACCOUNT_CONCURRENCY = 4;
export const DEFAULT_MAX_ATTEMPTS = 6;
/**
 * Requests per second per account, region and service. AWS throttles read APIs per account and
 * region at rates well above this, and the audited workloads share that allowance.
 */
export const DEFAULT_MAX_RPS = 5;
export const FALLBACK_REGION = 'us-east-1';
