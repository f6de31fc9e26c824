/**
 * The hostile estate against its clean twin (same resources and sizes, benign content): the
 * snapshot step (scan, record, replace) and a full evaluation with the built-in rules, each
 * timed in this process after a warm-up. Issue 15's target: hostile within 2× of clean.
 *
 *   node --import tsx bench/hostile.ts [--without-huge-line]
 */
import { defaultConfig } from '../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../src/engine/index.ts';
import { protectSecrets } from '../src/facts/secret-records.ts';
import { snapshotOfEstate } from './estate-snapshot.ts';
import { hostileEstate } from './hostile-estate.ts';

const withoutHugeLine = process.argv.includes('--without-huge-line');
await prepareFacts();
const config = defaultConfig();
const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config });
const now = new Date('2026-11-02T00:00:00Z');

function measure(hostile: boolean): { protectMs: number; evaluateMs: number; findings: number; secrets: number } {
  const snapshot = snapshotOfEstate(hostileEstate({ hostile, withoutHugeLine }), '2026-11-01T00:00:00Z');
  let t = performance.now();
  const { found } = protectSecrets(snapshot, { salt: '00112233445566778899aabbccddeeff' });
  const protectMs = performance.now() - t;
  t = performance.now();
  const result = evaluate({ snapshot, sha256: '0'.repeat(64), rules, config, now, toolVersion: 'bench', budget: { perRuleMs: 60_000, clock: () => performance.now() } });
  return { protectMs, evaluateMs: performance.now() - t, findings: result.findings.length, secrets: found.length };
}

measure(false); // warm-up: JIT and the IAM data
const clean = measure(false);
const hostile = measure(true);
for (const [name, m] of [['clean', clean], ['hostile', hostile]] as const) {
  process.stdout.write(`${name.padEnd(8)} snapshot step ${m.protectMs.toFixed(0).padStart(6)} ms   evaluate ${m.evaluateMs.toFixed(0).padStart(6)} ms   ${m.findings} findings, ${m.secrets} secrets\n`);
}
const ratio = (hostile.protectMs + hostile.evaluateMs) / (clean.protectMs + clean.evaluateMs);
process.stdout.write(`hostile / clean (snapshot step + evaluate): ${ratio.toFixed(2)}×\n`);
