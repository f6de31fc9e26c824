/**
 * The hostile estate against its clean twin (same resources and sizes, benign content): the
 * snapshot step (scan, record, replace) and a full evaluation with the built-in rules, each
 * timed in this process after a warm-up. Issue 15's target: hostile within 2× of clean.
 *
 *   node --import tsx bench/hostile.ts [--without-huge-line] [--small]
 *
 * --small: one 20 KB token spec instead of ten of 200 KB and one of 1 MB (the end-to-end test's
 * estate), which separates the cost of tens of thousands of secret findings from the rest.
 */
import { loadavg } from 'node:os';
import { defaultConfig } from '../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../src/engine/index.ts';
import { protectSecrets } from '../src/facts/secret-records.ts';
import { snapshotOfEstate } from './estate-snapshot.ts';
import { hostileEstate } from './hostile-estate.ts';
import { findingsOf } from '../src/engine/outcomes.ts';

const withoutHugeLine = process.argv.includes('--without-huge-line');
const small = process.argv.includes('--small');
await prepareFacts();
const config = defaultConfig();
const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config });
const now = new Date('2026-11-02T00:00:00Z');

/** Process CPU time (every thread: the garbage collector's helpers too), in ms. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

function measure(hostile: boolean): { protectMs: number; evaluateMs: number; protectCpuMs: number; evaluateCpuMs: number; findings: number; secrets: number } {
  const snapshot = snapshotOfEstate(hostileEstate({ hostile, withoutHugeLine, small }), '2026-11-01T00:00:00Z');
  let t = performance.now();
  let c = cpuMs();
  const { found } = protectSecrets(snapshot, { salt: '00112233445566778899aabbccddeeff' });
  const protectMs = performance.now() - t;
  const protectCpuMs = cpuMs() - c;
  t = performance.now();
  c = cpuMs();
  const result = evaluate({ snapshot, sha256: '0'.repeat(64), rules, config, now, toolVersion: 'bench', budget: { perRuleMs: 60_000, clock: () => performance.now() } });
  return { protectMs, evaluateMs: performance.now() - t, protectCpuMs, evaluateCpuMs: cpuMs() - c, findings: findingsOf(result).length, secrets: found.length };
}

// Warm-up of both (JIT, the IAM data, the scanner's hit paths), then rounds alternating clean and
// hostile, each figure the median of its rounds: the machine is shared, single runs are noisy.
const roundsArg = process.argv.find((a) => a.startsWith('--rounds='));
const rounds = roundsArg ? Math.max(1, Number(roundsArg.slice('--rounds='.length)) || 3) : 3;
measure(false);
measure(true);
type M = ReturnType<typeof measure>;
const runs: Record<'clean' | 'hostile', M[]> = { clean: [], hostile: [] };
for (let i = 0; i < rounds; i++) {
  runs.clean.push(measure(false));
  runs.hostile.push(measure(true));
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const summary = (ms: M[]) => ({
  protectMs: median(ms.map((m) => m.protectMs)),
  evaluateMs: median(ms.map((m) => m.evaluateMs)),
  protectCpuMs: median(ms.map((m) => m.protectCpuMs)),
  evaluateCpuMs: median(ms.map((m) => m.evaluateCpuMs)),
  findings: ms[0]?.findings ?? 0,
  secrets: ms[0]?.secrets ?? 0,
});
const clean = summary(runs.clean);
const hostile = summary(runs.hostile);
process.stdout.write(`${small ? 'small' : 'full'} estate${withoutHugeLine ? ' without the 10 MB line' : ''}, median of ${rounds} rounds, load average ${loadavg()[0]?.toFixed(2)}\n`);
for (const [name, m] of [['clean', clean], ['hostile', hostile]] as const) {
  process.stdout.write(
    `${name.padEnd(8)} snapshot step ${m.protectMs.toFixed(0).padStart(6)} ms (cpu ${m.protectCpuMs.toFixed(0).padStart(6)})   evaluate ${m.evaluateMs.toFixed(0).padStart(6)} ms (cpu ${m.evaluateCpuMs.toFixed(0).padStart(6)})   ${m.findings} findings, ${m.secrets} secrets\n`,
  );
}
const ratio = (hostile.protectMs + hostile.evaluateMs) / (clean.protectMs + clean.evaluateMs);
const cpuRatio = (hostile.protectCpuMs + hostile.evaluateCpuMs) / (clean.protectCpuMs + clean.evaluateCpuMs);
process.stdout.write(`hostile / clean (snapshot step + evaluate): ${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× cpu\n`);
