/**
 * Test helpers over the case harness: build a snapshot or a snapshot view from a partial estate
 * (the same builder `rules test` uses), and write throwaway rule packs to temp directories.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Config, Snapshot } from '../../src/model/index.ts';
import { buildCaseSnapshot, CASE_NOW, type CaseEstate } from '../../src/engine/case-estate.ts';
import { createSnapshotView, type DataFamily, type FactAnalyzers, type SnapshotView } from '../../src/facts/index.ts';

export { buildCaseSnapshot, CASE_ACCOUNT, CASE_REGION, CASE_NOW, type CaseEstate } from '../../src/engine/case-estate.ts';

export function caseSnapshot(estate: CaseEstate, notCollected: DataFamily[] = [], now = CASE_NOW): Snapshot {
  return buildCaseSnapshot(estate, notCollected, now);
}

export function caseView(
  estate: CaseEstate,
  opts: { config?: Partial<Config>; notCollected?: DataFamily[]; now?: string; analyzers?: FactAnalyzers } = {},
): SnapshotView {
  const now = opts.now ?? CASE_NOW;
  const config = { ...defaultConfig(), ...opts.config };
  return createSnapshotView(caseSnapshot(estate, opts.notCollected ?? [], now), config, new Date(now), opts.analyzers);
}

/** Writes files (path relative to the pack → content) into a fresh temp directory. */
export function writePack(files: Record<string, string>, prefix = 'proton-audit-pack-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Stand-in IAM and trust analyses for tests that are not about them: nothing found. */
export const quietAnalyzers: FactAnalyzers = {
  analyzeRolePermissions: () => emptyIam(),
  analyzePolicyDocument: () => emptyIam(),
  analyzeTrust: () => ({
    principals: [],
    trustsProton: false,
    trustsAnyone: false,
    missingConfusedDeputyConditions: false,
    foreignSourceAccounts: [],
    badSourceArns: [],
    foreignAccountsWithoutExternalId: [],
    malformed: [],
    evidence: [],
  }),
};

function emptyIam(): ReturnType<FactAnalyzers['analyzePolicyDocument']> {
  return {
    adminEquivalent: false,
    adminEvidence: [],
    serviceWildcards: [],
    passRoleOnStar: false,
    passRoleEvidence: [],
    escalations: [],
    unconstrainedPermissionsManagement: [],
    credentialExposure: [],
    notActionAllows: [],
    malformedActions: [],
    allowedActionCount: 0,
    hasCodeBuildBasicAccess: false,
    unresolvedPolicies: [],
  };
}
