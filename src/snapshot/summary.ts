/**
 * The stderr report after a collection (or import): resources per type, coverage gaps and API
 * calls per service. Pure: lines in, lines out; text from AWS is flattened to one line.
 */
import type { CoverageEntry, LastKnown, Snapshot } from '../model/index.ts';
import { boundedLine } from '../util/text.ts';
import { PROTON_LISTS } from './empty.ts';

/** A short, human description of where last-known records came from (stderr, reports). */
export function describeLastKnown(l: LastKnown): string {
  return `last known ${l.collectedAt} (snapshot sha256 ${l.sha256.slice(0, 12)}…, ${l.source})`;
}


export function resourceCounts(snapshot: Snapshot): Array<[string, number]> {
  const counts = new Map<string, number>();
  const add = (key: string, n: number): void => {
    counts.set(key, (counts.get(key) ?? 0) + n);
  };
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      for (const type of PROTON_LISTS) if (region.proton) add(region.lastKnown ? `${type} (last-known)` : type, region.proton[type].length);
      if (region.cloudformation) add('protonStacks', region.cloudformation.stacks.length);
      if (region.codebuild) add('protonCodeBuildProjects', region.codebuild.projects.length);
      if (region.tagging) {
        add('taggedProtonResources', region.tagging.protonResources.length);
        add('provisionedResources', region.tagging.provisionedResources.length);
      }
    }
    if (account.iam) {
      add('roles', account.iam.roles.length);
      add('managedPolicies', account.iam.policies.length);
    }
  }
  return [...counts.entries()];
}

export function callsPerService(snapshot: Snapshot): Array<[string, number]> {
  const calls = new Map<string, number>();
  for (const e of snapshot.coverage) calls.set(e.service, (calls.get(e.service) ?? 0) + e.calls);
  return [...calls.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function callsPerOperation(snapshot: Snapshot): Array<[string, number]> {
  const calls = new Map<string, number>();
  for (const e of snapshot.coverage) {
    const key = `${e.service}:${e.operation}`;
    calls.set(key, (calls.get(key) ?? 0) + e.calls);
  }
  return [...calls.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function describeSnapshot(snapshot: Snapshot, sha256?: string): string[] {
  const lines: string[] = [];
  for (const account of snapshot.accounts) {
    const regions = account.regions.map((r) => r.region).join(', ') || 'no region';
    const who = account.identity ? ` as ${boundedLine(account.identity.Arn, 300)}` : '';
    lines.push(`Account ${account.accountId}${account.name ? ` (${boundedLine(account.name, 300)})` : ''}${who}: ${regions}`);
    for (const r of account.regions) {
      if (!r.proton) lines.push(`  ${r.region}: no Proton data`);
      else if (r.lastKnown) lines.push(`  ${r.region}: Proton records are last-known, not collected now: ${describeLastKnown(r.lastKnown)}`);
    }
  }
  // Accounts never entered come first; partial gaps are listed per account and region below.
  const names = new Map(snapshot.accounts.map((a) => [a.accountId, a.name]));
  const missing = unreachedAccounts(snapshot);
  if (missing.length > 0) {
    lines.push(`Accounts not collected (${missing.length}):`);
    for (const m of missing) {
      const name = names.get(m.accountId);
      lines.push(`  ${m.accountId}${name ? ` (${boundedLine(name, 60)})` : ''}: ${boundedLine(m.reason, 200)}`);
    }
  }
  const inc = snapshot.collection.incremental;
  if (inc) lines.push(`Incremental since ${inc.previousSha256.slice(0, 12)}: ${inc.reused} detail(s) reused from it, ${inc.fetched} fetched`);
  const counts = resourceCounts(snapshot).filter(([, n]) => n > 0);
  lines.push(counts.length > 0 ? `Resources: ${counts.map(([k, n]) => `${k} ${n}`).join(', ')}` : 'Resources: none');
  // Accounts never entered are named once above; their per-operation entries would only repeat it.
  const unreached = new Set(unreachedAccounts(snapshot).map((u) => u.accountId));
  const gaps = snapshot.coverage.filter((e) => !unreached.has(e.accountId) && (e.status !== 'ok' || (e.failedResources?.length ?? 0) > 0));
  if (gaps.length === 0) lines.push(unreached.size === 0 ? 'Coverage: every operation answered' : 'Coverage: every operation answered in the accounts that were entered');
  else {
    lines.push(`Coverage gaps (${gaps.length} operation(s)):`);
    // Operations that failed the same way in one place are one line (a dead endpoint is 20+).
    const groups = new Map<string, CoverageEntry[]>();
    for (const e of gaps) {
      const key = `${e.accountId} ${e.region} ${e.service} ${e.status} ${e.errors?.[0]?.code ?? ''} ${e.errors?.[0]?.message ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    for (const group of groups.values()) {
      const e = group[0] as CoverageEntry;
      const err = e.errors?.[0];
      const detail = err ? ` ${boundedLine(err.code, 80)}: ${boundedLine(err.message, 160)}` : '';
      if (group.length > 2) {
        lines.push(`  ${e.accountId} ${e.region} ${e.service}: ${group.length} operations ${e.status}${detail}`);
        continue;
      }
      for (const g of group) {
        const failed = g.failedResources?.length ? ` (${g.failedResources.length} resource(s) without detail)` : '';
        lines.push(`  ${g.accountId} ${g.region} ${g.service}:${g.operation} ${g.status}${failed}${detail}`);
      }
    }
  }
  const perService = callsPerService(snapshot);
  const total = perService.reduce((n, [, c]) => n + c, 0);
  if (total > 0) lines.push(`API calls: ${perService.map(([s, c]) => `${s} ${c}`).join(', ')} (total ${total})`);
  if (sha256) lines.push(`sha256 ${sha256}`);
  return lines;
}

/** Codes the orchestration records for an account it could not enter at all. */
const UNREACHED_CODES = new Set(['AssumeRoleFailed', 'AccountNotActive', 'WrongAccount']);

/** Accounts whose collection never started, with why (from their AssumeRole entry or the stub's). */
export function unreachedAccounts(snapshot: Snapshot): Array<{ accountId: string; reason: string }> {
  const out = new Map<string, string>();
  for (const e of snapshot.coverage) {
    const err = e.errors?.find((x) => UNREACHED_CODES.has(x.code));
    if (err && !out.has(e.accountId)) out.set(e.accountId, err.message.replace(/^not called: /, ''));
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([accountId, reason]) => ({ accountId, reason }));
}
