/**
 * Acceptance of the rule pack on an estate no other test uses: the emulator serves
 * estates/acme-estate.json, collect() reads it through the AWS SDK (two regions), and the built-in
 * pack evaluates it with acme-config.yml. expected.md is the contract: each planted problem is a
 * failing finding of its rule on its resource, and every other resource has no failing finding of
 * medium severity or higher.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/collect/index.ts';
import { loadEstate, startEmulator } from '../../src/emulator/index.ts';
import { BUILTIN_RULES_DIR, evaluate, loadConfig, loadRules, prepareFacts } from '../../src/engine/index.ts';
import type { AuditResult, Finding, Snapshot } from '../../src/model/index.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const ACCOUNT = '730335218860';
const REGIONS = ['us-west-2', 'ap-southeast-2'];
const NOW = new Date('2026-11-20T00:00:00Z');
const SERIOUS = new Set(['critical', 'high', 'medium']);

/** `<region> <path>`, `iam role/..`, `iam policy/..`, `aws policy/..` or a full ARN (expected.md). */
function arnOf(ref: string): string {
  const [scope = '', path = ''] = ref.split(' ');
  if (ref.startsWith('arn:')) return ref;
  if (scope === 'iam') return `arn:aws:iam::${ACCOUNT}:${path}`;
  if (scope === 'aws') return `arn:aws:iam::aws:${path}`;
  return `arn:aws:proton:${scope}:${ACCOUNT}:${path}`;
}

interface Planted {
  family: string;
  rule: string;
  arn: string;
  subKey: string;
  problem: string;
}

/** The rows of the markdown table that follows `heading`. */
function tableRows(markdown: string, heading: string): string[][] {
  const section = (markdown.split(`\n## ${heading}\n`)[1] ?? '').split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

const markdown = readFileSync(here('./expected.md'), 'utf8');
const planted: Planted[] = tableRows(markdown, 'Planted problems').map(([family = '', rule = '', resource = '', subKey = '', problem = '']) => ({
  family,
  rule,
  arn: arnOf(resource),
  subKey,
  problem,
}));
const probes = tableRows(markdown, 'Correctly configured resources a reviewer may probe').map(([type = '', resource = '', why = '']) => ({ type, arn: arnOf(resource), why }));
const plantedArns = new Set(planted.map((p) => p.arn));

let snapshot: Snapshot;
let result: AuditResult;

beforeAll(async () => {
  const estate = await loadEstate(here('./estates/acme-estate.json'));
  const emulator = await startEmulator({ estate });
  try {
    snapshot = await collect({
      endpointUrl: emulator.url,
      credentials: async () => ({ accessKeyId: 'AKIDQAACCEPTANCE', secretAccessKey: 'qa-secret' }),
      regions: REGIONS,
      now: () => new Date('2026-11-19T23:00:00Z'),
      env: {},
    });
  } finally {
    await emulator.close();
  }
  await prepareFacts();
  const config = await loadConfig(here('./acme-config.yml'));
  const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config });
  result = evaluate({ snapshot, sha256: sha256Hex(serializeSnapshot(snapshot)), rules, config, now: NOW, toolVersion: 'qa' });
}, 120_000);

const failing = (arn: string, rule?: string): Finding[] =>
  findingsOf(result).filter((f) => f.status === 'fail' && f.resource.arn === arn && (rule === undefined || f.ruleId === rule));
const brief = (f: Finding): string => `${f.ruleId} ${f.severity} ${f.resource.arn}${f.subKey ? ` [${f.subKey}]` : ''}: ${f.message}`;

describe('acceptance estate (Northwind Freight, two regions)', () => {
  it('reads the expected table', () => {
    expect(planted.length).toBeGreaterThanOrEqual(79);
    expect(probes.length).toBeGreaterThanOrEqual(25);
    for (const p of planted) expect(p.rule, p.problem).toMatch(/^PA-[A-Z]+-\d{3}$/);
  });

  it('collected every operation in both regions', () => {
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual([ACCOUNT]);
    expect(snapshot.accounts[0]?.regions.map((r) => r.region)).toEqual([...REGIONS].sort());
    expect(snapshot.coverage.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('ends no rule in error', () => {
    expect(findingsOf(result).filter((f) => f.status === 'error').map(brief)).toEqual([]);
  });

  it.each(planted.map((p) => [`${p.rule} ${p.arn.split(':').slice(5).join(':')}${p.subKey ? ` [${p.subKey}]` : ''}`, p] as const))(
    'reports %s',
    (_label, p) => {
      const hits = failing(p.arn, p.rule).filter((f) => p.subKey === '' || f.subKey === p.subKey);
      expect(hits.map(brief), `${p.problem}; findings of ${p.rule} on the resource: ${JSON.stringify(findingsOf(result).filter((f) => f.ruleId === p.rule && f.resource.arn === p.arn).map((f) => [f.status, f.subKey, f.skipReason]))}`).not.toEqual([]);
    },
  );

  it('reports no finding of medium or higher on a correctly configured resource', () => {
    const wrong = findingsOf(result).filter((f) => f.status === 'fail' && SERIOUS.has(f.severity) && !plantedArns.has(f.resource.arn));
    expect(wrong.map(brief)).toEqual([]);
  });

  it('lets the allow-listed holders of AWSProtonFullAccess pass', () => {
    const holders = findingsOf(result).filter((f) => f.ruleId === 'PA-POL-001' && f.resource.arn === arnOf('aws policy/AWSProtonFullAccess'));
    const byHolder = Object.fromEntries(holders.map((f) => [f.subKey, f.status]));
    expect(byHolder).toEqual({
      [`arn:aws:iam::${ACCOUNT}:group/platform-admins`]: 'pass',
      [`arn:aws:iam::${ACCOUNT}:role/platform-breakglass`]: 'pass',
      [`arn:aws:iam::${ACCOUNT}:user/contractor-dave`]: 'fail',
    });
  });

  it.each(probes.map((p) => [`${p.type} ${p.arn.split(':').slice(5).join(':')}`, p] as const))('evaluates %s and finds it clean', (_label, p) => {
    const evaluated = findingsOf(result).filter((f) => f.resource.arn === p.arn);
    expect(evaluated.length, `${p.arn} was not evaluated`).toBeGreaterThan(0);
    expect(evaluated[0]?.resource.type).toBe(p.type);
    expect(plantedArns.has(p.arn)).toBe(false);
    expect(failing(p.arn).filter((f) => SERIOUS.has(f.severity)).map(brief), p.why).toEqual([]);
  });

  it('keeps at least as many correctly configured resources as planted ones of every type', () => {
    const byType = new Map<string, { planted: Set<string>; clean: Set<string> }>();
    for (const f of findingsOf(result)) {
      const entry = byType.get(f.resource.type) ?? { planted: new Set<string>(), clean: new Set<string>() };
      (plantedArns.has(f.resource.arn) ? entry.planted : entry.clean).add(f.resource.arn);
      byType.set(f.resource.type, entry);
    }
    const short = [...byType].filter(([, e]) => e.clean.size < e.planted.size).map(([t, e]) => `${t}: ${e.clean.size} clean < ${e.planted.size} planted`);
    expect(short).toEqual([]);
    expect(byType.size).toBeGreaterThanOrEqual(14);
  });
});
