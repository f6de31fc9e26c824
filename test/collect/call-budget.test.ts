/**
 * Efficiency on the demo estate: Proton and Tagging calls stay within 1.1x of the minimum, which
 * is computed here from the estate file itself (list pages at 100 per page, plus one Get per
 * resource whose detail only the Get returns), independently of the collector's code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../../src/emulator/index.ts';
import { loadEstate } from '../../src/emulator/index.ts';
import { collectFrom, type Run } from './emulator-helpers.ts';

const pages = (n: number, size = 100): number => Math.max(1, Math.ceil(n / size));
const isProtonArn = (arn: string): boolean => /^arn:[^:]+:proton:/.test(arn);

/** The fewest Proton + Tagging calls that can collect the first account of an estate. */
function minimumCalls(estate: Estate): { proton: number; tagging: number } {
  const account = estate.accounts[0];
  if (!account) throw new Error('empty estate');
  let proton = 0;
  let tagging = 0;
  for (const region of account.regions) {
    const p = region.proton ?? {};
    if (region.protonAvailable !== false) {
      proton += 2; // GetAccountSettings, GetResourcesSummary
      const versionLists = (templates: ReadonlyArray<{ name: string }>, versions: ReadonlyArray<{ templateName: string; majorVersion: string }>): number => {
        let n = 0;
        for (const t of templates) {
          const majors = new Map<string, number>();
          for (const v of versions) if (v.templateName === t.name) majors.set(v.majorVersion, (majors.get(v.majorVersion) ?? 0) + 1);
          n += pages(majors.size); // the majors
          for (const count of majors.values()) n += pages(count); // the minors of each major
        }
        return n;
      };
      const envT = p.environmentTemplates ?? [];
      const svcT = p.serviceTemplates ?? [];
      proton += pages(envT.length) + envT.length + versionLists(envT, p.environmentTemplateVersions ?? []) + (p.environmentTemplateVersions ?? []).length;
      proton += pages(svcT.length) + svcT.length + versionLists(svcT, p.serviceTemplateVersions ?? []) + (p.serviceTemplateVersions ?? []).length;
      for (const list of [p.environments, p.services, p.serviceInstances, p.components, p.repositories]) {
        proton += pages((list ?? []).length) + (list ?? []).length;
      }
      const conns = p.environmentAccountConnections ?? [];
      const mine = (side: 'managementAccountId' | 'environmentAccountId') => conns.filter((c) => c[side] === account.accountId).length;
      proton += pages(mine('managementAccountId')) + pages(mine('environmentAccountId')) + conns.length;
    }
    const tags = Object.entries(region.tags ?? {});
    tagging += pages(tags.filter(([arn, t]) => isProtonArn(arn) && Object.keys(t).length > 0).length);
    tagging += pages(tags.filter(([, t]) => 'proton:environment' in t).length);
    tagging += pages(tags.filter(([, t]) => 'proton:service' in t).length);
  }
  return { proton, tagging };
}

describe('call budget on examples/demo-estate.json', () => {
  let estate: Estate;
  let run: Run;
  beforeAll(async () => {
    estate = await loadEstate('examples/demo-estate.json');
    run = await collectFrom(estate, { regions: (estate.accounts[0]?.regions ?? []).map((r) => r.region) });
  });

  it('collects completely', () => {
    expect(run.snapshot.coverage.filter((e) => e.status !== 'ok')).toEqual([]);
  });

  it('stays within 1.1x of the minimum for Proton and Tagging', () => {
    const min = minimumCalls(estate);
    const made = (service: string): number => Object.entries(run.calls).filter(([k]) => k.startsWith(`${service}:`)).reduce((n, [, c]) => n + c, 0);
    const proton = made('proton');
    const tagging = made('tagging');
    console.log(`demo estate: proton ${proton} calls (minimum ${min.proton}), tagging ${tagging} (minimum ${min.tagging})`);
    expect(proton + tagging).toBeLessThanOrEqual(Math.floor(1.1 * (min.proton + min.tagging)));
    expect(proton).toBeGreaterThanOrEqual(min.proton);
  });

  it('calls IAM a handful of times, not once per role', () => {
    const iam = Object.entries(run.calls).filter(([k]) => k.startsWith('iam:')).reduce((n, [, c]) => n + c, 0);
    const roles = run.snapshot.accounts[0]?.iam?.roles.length ?? 0;
    expect(roles).toBeGreaterThan(0);
    expect(run.calls['iam:GetAccountAuthorizationDetails']).toBe(1);
    expect(iam).toBeLessThanOrEqual(2 + (run.snapshot.accounts[0]?.iam?.policies.length ?? 0) * 2);
  });
});
