/**
 * What `evaluate` and `audit` share once a snapshot is in hand: load config and rule packs,
 * evaluate at the injected clock, apply baseline, write every report and the evidence bundle,
 * and turn the result into an exit code (0 / 1, or 3 with --strict when collection was incomplete).
 */
import { isAbsolute, relative, sep } from 'node:path';
import { BUILTIN_RULES_DIR, evaluate, loadConfig, loadRules, prepareFacts, settleRuleWork, unmatchedWaivers, withLateRuleErrors } from '../../engine/index.ts';
import { terminalSafe } from '../../util/text.ts';
import type { AuditResult, Snapshot } from '../../model/index.ts';
import { logTo, type CliIo } from '../shared/io.ts';
import { parseNow, type EvaluateFlags } from '../shared/options.ts';
import { DEFAULT_RULE_BUDGET_MS } from '../../engine/budget.ts';
import { complianceInputs } from './compliance.ts';
import { historyFiles } from './history.ts';
import { checkOutputs, emitReports, loadReportInputs, prepareReports, type EvidenceSource } from './report.ts';
import { InputGuard } from '../../util/atomic-file.ts';
import { checkIntegrity } from '../../snapshot/integrity.ts';
import { InputError } from '../../errors.ts';
import { publicKeyFromPem, KeyProblem } from '../../util/signing.ts';
import { describeFsError } from '../../util/fs-errors.ts';
import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { TOOL_VERSION } from '../../version.ts';

/**
 * The config path as the evidence manifest records it: relative to the working directory when
 * the file is under it, so the same checkout gives the same bundle wherever it sits (and no home
 * directory leaks into evidence); absolute otherwise.
 */
export function bundlePath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}

export interface PipelineOutcome {
  result: AuditResult;
  exitCode: number;
}

/**
 * Checks every flag and loads config, rules, the baseline and the signing key (all load problems
 * surface here, before any collection); returns the function that audits a snapshot.
 */
export interface EvaluationDefaults {
  failOn?: 'none';
  /** `audit --sign` signs the snapshot even without --evidence. */
  signWithoutEvidence?: boolean;
}

export async function prepareEvaluation(flags: EvaluateFlags, io: CliIo, defaults: EvaluationDefaults = {}, inputs: readonly (string | undefined)[] = []) {
  const plan = prepareReports(flags, { signWithoutEvidence: defaults.signWithoutEvidence === true });
  if (defaults.failOn && plan.failOn === undefined) plan.failOn = defaults.failOn;
  const now = parseNow(flags.now);
  await loadReportInputs(plan);
  const config = await loadConfig(flags.config);
  const guard = new InputGuard();
  for (const path of [...inputs, plan.baseline, plan.signKeyPath, flags.snapshotPublicKey, config.source, ...(await historyFiles(flags.history))]) await guard.add(path);
  await checkOutputs(plan, guard);
  const trusted = await trustedSnapshotKey(flags.snapshotPublicKey);
  const loaded = await loadRules({ ...(flags.builtin ? { builtinDir: BUILTIN_RULES_DIR } : {}), extraDirs: flags.rules, config });
  const log = logTo(io, 'proton-audit: ');
  // --compliance narrows the rules and the reports to one framework; --history adds the trend.
  const { rules, compliance } = await complianceInputs(loaded, flags, log);
  plan.compliance = compliance;
  await prepareFacts();

  const run = async function run(snapshot: Snapshot, sha256: string, source: EvidenceSource): Promise<PipelineOutcome> {
    const integrity = checkIntegrity(snapshot, trusted);
    if (trusted && !integrity.trusted) {
      const where = source.snapshotPath ?? 'the collected snapshot';
      throw new InputError(`cannot trust snapshot ${where}`, [{ file: where, location: '$.integrity', message: `not signed by --snapshot-public-key ${flags.snapshotPublicKey ?? ''}: ${integrity.note}` }]);
    }
    if (integrity.source !== snapshot.collection.source) log(`snapshot: ${integrity.note}; reported as source '${integrity.source}'`);
    const evaluated = evaluate({ snapshot, sha256, rules, config, now, toolVersion: TOOL_VERSION, integrity, budget: { perRuleMs: DEFAULT_RULE_BUDGET_MS, clock: () => performance.now() } });
    // What user rules left behind (rejections, callbacks, timers) surfaces now, as their error outcomes, before anything is written.
    withLateRuleErrors(evaluated, await settleRuleWork());
    const emitted = await emitReports(evaluated, plan, { ...source, ...(config.source ? { configPath: bundlePath(config.source) } : {}) }, config.failOn ?? 'high', io);
    const { result } = emitted;
    for (const w of result.expiredWaivers) {
      log(`waiver for ${w.rule} on ${terminalSafe(w.resource)} (owner ${terminalSafe(w.owner)}) expired on ${w.expires} and no longer applies`);
    }
    for (const w of unmatchedWaivers(result, config.waivers, now)) {
      log(`waiver for ${w.rule} on ${terminalSafe(w.resource)} (owner ${terminalSafe(w.owner)}) matched no failing finding; remove it or fix its resource glob`);
    }
    for (const gap of result.summary.incomplete) {
      log(`incomplete collection: account ${gap.accountId} ${gap.region}: ${gap.operations.join(', ')}`);
    }
    for (const out of emitted.written) if (out.path) log(`wrote ${out.format} to ${out.path}`);
    if (emitted.evidence) log(`wrote evidence bundle to ${plan.evidence?.dir ?? ''}`);
    const incomplete = result.summary.incomplete.length > 0;
    const exitCode = flags.strict && incomplete ? 3 : emitted.exitCode;
    return { result, exitCode };
  };
  // The guard goes with it: the snapshot `audit` writes is an output too.
  return Object.assign(run, { guard, signKeyPath: plan.signKeyPath });
}

/** The --snapshot-public-key key, read before any slow work. */
async function trustedSnapshotKey(path: string | undefined): Promise<KeyObject | undefined> {
  if (path === undefined) return undefined;
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read public key ${path}`, [{ file: path, location: '', message: describeFsError((err as NodeJS.ErrnoException).code ?? 'EIO') }]);
  }
  try {
    return publicKeyFromPem(pem);
  } catch (err) {
    if (err instanceof KeyProblem) throw new InputError(`cannot use public key ${path}`, [{ file: path, location: '', message: `--snapshot-public-key: ${err.message}` }]);
    throw err;
  }
}
