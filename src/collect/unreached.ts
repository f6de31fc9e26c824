/**
 * An account the run could not enter (its role could not be assumed, or Organizations lists it
 * as suspended): it stays in the snapshot with its name, no data, and every operation that would
 * have been called marked unavailable, so rules skip there and every report names it.
 */
import type { AccountSnapshot, CoverageEntry } from '../model/index.ts';
import { Coverage, type CoverageService } from './coverage.ts';
import { quotasFrom } from '../snapshot/normalize/quotas.ts';
import { COLLECTOR_OPERATIONS } from './operations.ts';

const REGIONAL: readonly CoverageService[] = ['proton', 'tagging', 'servicequotas'];
const GLOBAL: readonly CoverageService[] = ['iam', 'sts'];

export function unreachedAccount(
  target: { accountId: string; name?: string },
  regions: readonly string[],
  code: string,
  why: string,
): { account: AccountSnapshot; coverage: CoverageEntry[] } {
  const coverage = new Coverage();
  const message = `not called: ${why}`;
  for (const service of GLOBAL) for (const op of COLLECTOR_OPERATIONS[service] ?? []) coverage.unavailable('global', service, op, code, message);
  for (const region of regions) {
    for (const service of REGIONAL) for (const op of COLLECTOR_OPERATIONS[service] ?? []) coverage.unavailable(region, service, op, code, message);
  }
  const account: AccountSnapshot = {
    accountId: target.accountId,
    ...(target.name ? { name: target.name } : {}),
    // Regions are listed (with no data) so rules over them skip as not collected.
    regions: [...regions].sort().map((region) => ({ region, quotas: quotasFrom([]) })),
  };
  return { account, coverage: coverage.entries(target.accountId) };
}
