/**
 * What isolating a user's TypeScript rules costs (engine/isolation.ts: a watchdog per rule walk,
 * a promise hook and an async_hooks init hook during it, the resource noted before each call, the
 * settle after). The built-in TypeScript rules
 * are run twice over the same snapshot: as they ship (trusted, bare) and relabelled as a user
 * pack's (isolated), in alternating rounds after a warm-up of each; medians of CPU and wall time.
 * Also checks that both give the same outcomes, round after round.
 *   node --expose-gc --import tsx bench/isolation.ts [--snapshot <file> | --scale N] [--rounds R]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../src/config/defaults.ts';
import { DEFAULT_RULE_BUDGET_MS } from '../src/engine/budget.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts, settleRuleWork, type LoadedRule } from '../src/engine/index.ts';
import type { Snapshot } from '../src/model/index.ts';
import { readSnapshot } from '../src/snapshot/io.ts';
import { snapshotOfEstate } from './estate-snapshot.ts';
import { syntheticEstate } from './synthetic-estate.ts';

const { values } = parseArgs({ options: { snapshot: { type: 'string' }, scale: { type: 'string', default: '10' }, seed: { type: 'string', default: '2026' }, rounds: { type: 'string', default: '5' } } });
const snapshot: Snapshot = values.snapshot
  ? (await readSnapshot(values.snapshot)).snapshot
  : snapshotOfEstate(syntheticEstate({ scale: Number(values.scale), seed: Number(values.seed) }), '2026-11-01T00:00:00Z');
await prepareFacts();
const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config: defaultConfig() });
// Both sets are copies made the same way: rule objects of another shape alone cost ~10% here.
const trusted = rules.filter((r) => r.kind === 'typescript').map((r) => ({ ...r }));
const isolated: LoadedRule[] = trusted.map((r) => ({ ...r, pack: 'bench-user-pack' }));
const config = defaultConfig();
const now = new Date('2026-11-02T00:00:00Z');

interface Run {
  cpuS: number;
  wallS: number;
  outcomes: string;
}
async function once(set: readonly LoadedRule[]): Promise<Run> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = evaluate({ snapshot, sha256: '0'.repeat(64), rules: set, config, now, toolVersion: 'bench', budget: { perRuleMs: DEFAULT_RULE_BUDGET_MS, clock: () => performance.now() } });
  const late = await settleRuleWork();
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (late.length > 0) throw new Error(`${late.length} rejections from built-in rules`);
  return { cpuS: (cpu.user + cpu.system) / 1e6, wallS, outcomes: JSON.stringify([result.resources, result.outcomes, result.summary]) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const rounds = Number(values.rounds);
const load0 = loadavg()[0];
const reference = (await once(trusted)).outcomes;
await once(isolated);
const plain: Run[] = [];
const guarded: Run[] = [];
// ABBA order, and a full collection before each run when node runs with --expose-gc: neither
// set pays for the other's garbage.
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
for (let i = 0; i < rounds; i++) {
  for (const set of i % 2 === 0 ? [trusted, isolated] : [isolated, trusted]) {
    gc();
    (set === trusted ? plain : guarded).push(await once(set));
  }
}
const identical = [...plain, ...guarded].every((r) => r.outcomes === reference);
const resources = JSON.parse(reference)[0].length as number;
const p = { cpuS: median(plain.map((r) => r.cpuS)), wallS: median(plain.map((r) => r.wallS)) };
const g = { cpuS: median(guarded.map((r) => r.cpuS)), wallS: median(guarded.map((r) => r.wallS)) };
process.stdout.write(
  `${JSON.stringify({
    typescriptRules: trusted.length,
    resources,
    rounds,
    trusted: p,
    isolated: g,
    overheadCpuS: g.cpuS - p.cpuS,
    overheadCpuPct: (100 * (g.cpuS - p.cpuS)) / p.cpuS,
    cpuS: { trusted: plain.map((r) => r.cpuS), isolated: guarded.map((r) => r.cpuS) },
    identicalOutcomes: identical,
    loadAverage: [load0, loadavg()[0]],
  })}\n`,
);
