/**
 * `proton-audit scan [PATH...]`: the pull-request gate on template bundles, specs and sync
 * files. Offline, no AWS call. Same rules, config, waivers, clock, formats and gate as
 * `evaluate`; paths in reports are relative to the repository root, so SARIF annotates the
 * lines of the pull request. With --base, bundles are compared with the base revision and the
 * base is scanned too, so only findings new in the change fail the gate.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { BUILTIN_RULES_DIR, loadConfig, loadRules, prepareFacts, unmatchedWaivers } from '../../engine/index.ts';
import { baselineFailures } from '../../engine/gate.ts';
import { evaluateScan } from '../../engine/scan-evaluate.ts';
import { DEFAULT_RULE_BUDGET_MS } from '../../engine/budget.ts';
import { UsageError } from '../../errors.ts';
import type { ScanIssue, ScanSummary } from '../../model/index.ts';
import { breakingChanges } from '../../scan/breaking/base.ts';
import { deployedIssues, deployedSpecVerdicts } from '../../scan/breaking/deployed.ts';
import { snapshotFacts } from '../../scan/breaking/snapshot-targets.ts';
import type { BindingRule } from '../../scan/bind/bind.ts';
import { prepareScan, scanTree, type ScanOptions } from '../../scan/scan.ts';
import { fsTree } from '../../scan/source/fs-tree.ts';
import { gitTree, repositoryRoot, resolveCommit } from '../../scan/source/git-tree.ts';
import { DEFAULT_MAX_FILE_BYTES, type FileTree } from '../../scan/source/tree.ts';
import { readSnapshot } from '../../snapshot/io.ts';
import { terminalSafe } from '../../util/text.ts';
import { TOOL_VERSION } from '../../version.ts';
import { complianceInputs } from '../pipeline/compliance.ts';
import { historyFiles } from '../pipeline/history.ts';
import { bundlePath } from '../pipeline/evaluation.ts';
import { checkOutputs, emitReports, loadReportInputs, prepareReports } from '../pipeline/report.ts';
import { InputGuard } from '../../util/atomic-file.ts';
import type { Inventory } from '../../scan/discover/index.ts';
import { logTo, type CommandContext } from '../shared/io.ts';
import { parseNow, type ScanCommandFlags } from '../shared/options.ts';
import { scanSpec } from '../../facts/secrets.ts';

function positiveInt(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} '${value}' is not a whole number of at least ${min}`);
  return Number(value);
}

/** `specs/prod-*.yaml=web:2` → { spec, template, major }. */
export function parseBind(value: string): BindingRule {
  const m = /^([^=]+)=([A-Za-z0-9][A-Za-z0-9_-]*)(?::(\d+))?$/.exec(value);
  if (!m) throw new UsageError(`--bind '${value}' is not <spec-glob>=<template>[:<major>], e.g. specs/prod-*.yaml=web:2`);
  return { spec: (m[1] ?? '').trim(), template: m[2] ?? '', ...(m[3] !== undefined ? { major: Number(m[3]) } : {}) };
}

/** The tree restricted to the scanned paths (the base revision is read whole by git). */
function within(tree: FileTree, paths: readonly string[]): FileTree {
  if (paths.includes('')) return tree;
  const inside = (p: string): boolean => paths.some((d) => p === d || p.startsWith(`${d}/`));
  return { entries: tree.entries.filter((e) => inside(e.path)), read: tree.read };
}

/** The repository files a scan read as bundles, specs and sync files (repository-relative). */
function scannedFiles(inventory: Inventory): string[] {
  const files = new Set<string>();
  for (const b of inventory.bundles) for (const f of b.files) files.add(f.path);
  for (const s of inventory.specs) files.add(s.file);
  for (const o of inventory.opsFiles) files.add(o.file);
  return [...files];
}

/** sha256 over every scanned path, size and content: the evidence anchor of a scan. */
function treeHash(tree: FileTree): string {
  const h = createHash('sha256');
  for (const e of tree.entries) {
    const r = e.skipped ? undefined : tree.read(e.path);
    h.update(`${e.path}\u0000${e.size}\u0000${r && 'text' in r ? createHash('sha256').update(r.text).digest('hex') : (e.skipped?.reason ?? 'unread')}\n`);
  }
  return h.digest('hex');
}

export async function scanAction(ctx: CommandContext, paths: string[], flags: ScanCommandFlags): Promise<void> {
  if (flags.evidence !== undefined) throw new UsageError('--evidence bundles a snapshot and its reports; scan has no snapshot: keep the SARIF or JSON report instead');
  const plan = prepareReports(flags);
  const now = parseNow(flags.now);
  const maxFileBytes = positiveInt(flags.maxFileSize, '--max-file-size', DEFAULT_MAX_FILE_BYTES, 1);
  const maxVariations = positiveInt(flags.maxVariations, '--max-variations', 4, 0);
  const cliBindings = flags.bind.map(parseBind);
  const cwd = process.cwd();
  // Paths in every report are relative to the repository root (SARIF's %SRCROOT%), wherever the command runs.
  const root = repositoryRoot(cwd) ?? cwd;
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) throw new UsageError(`${p}: no such file or directory`);
    const rel = relative(root, abs);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new UsageError(`${p} is outside the repository at ${root}; run scan from inside it`);
    return rel.split(sep).join('/');
  });
  await loadReportInputs(plan);
  const config = await loadConfig(flags.config);
  // No report may replace what the scan reads: checked now for the named inputs, and again at
  // write time once the scanned bundles and specs are known.
  const guard = new InputGuard();
  for (const path of [config.source, flags.snapshot, plan.baseline, ...(await historyFiles(flags.history))]) await guard.add(path);
  await checkOutputs(plan, guard);
  const loaded = await loadRules({ ...(flags.builtin ? { builtinDir: BUILTIN_RULES_DIR } : {}), extraDirs: flags.rules, config });
  // --compliance narrows the rules and the reports to one framework; --history adds the trend.
  const { rules, compliance } = await complianceInputs(loaded, flags, logTo(ctx.io, 'proton-audit: '));
  plan.compliance = compliance;
  const facts = flags.snapshot !== undefined ? snapshotFacts((await readSnapshot(flags.snapshot)).snapshot) : undefined;
  const baseCommit = flags.base !== undefined ? resolveCommit(root, flags.base) : undefined;
  await Promise.all([prepareFacts(), prepareScan()]);
  const log = logTo(ctx.io, 'proton-audit: ');
  // Every rule's time budget, and the watchdog of a user's TypeScript rule, as in `evaluate`.
  const budget = { perRuleMs: DEFAULT_RULE_BUDGET_MS, clock: () => performance.now() };

  const options: ScanOptions = {
    bindings: [...(config.scan?.bindings ?? []), ...cliBindings],
    maxVariations,
    ...(facts ? { serviceTemplates: facts.serviceTemplates } : {}),
  };
  const tree = fsTree(root, targets.map((t) => resolve(root, t)), { maxFileBytes });
  const scan = scanTree(tree, options);
  for (const path of scannedFiles(scan.inventory)) await guard.add(resolve(root, path));
  // Before any report is written, so a refused one leaves none half-written beside it.
  await checkOutputs(plan, guard);
  const extra: ScanIssue[] = [];
  const summary: ScanSummary = { paths: targets.map((t) => t || '.'), bundles: scan.inventory.bundles.length, specs: scan.inventory.specs.length, renderings: scan.renderings.length };
  const baseSecrets: string[] = [];
  // Deployed specs of a --snapshot (raw when it was made with --keep-secrets): their secrets are scrubbed too.
  for (const t of facts?.targets ?? []) if (t.spec !== undefined) baseSecrets.push(...scanSpec(t.spec, 'spec').values);
  if (flags.base !== undefined && baseCommit !== undefined) {
    summary.base = { ref: flags.base, commit: baseCommit };
    const base = within(gitTree(root, baseCommit, { maxFileBytes }), targets);
    extra.push(...breakingChanges(scan.inventory.bundles, base));
    // The base scanned the same way: what already failed there is not new in this change.
    if (plan.baselineResult === undefined) {
      const baseScan = scanTree(base, options);
      baseSecrets.push(...baseScan.secretValues);
      const baseHash = treeHash(base);
      const baseResult = await evaluateScan({ otherSecrets: scan.secretValues, scan: baseScan, rules, config, now, toolVersion: TOOL_VERSION, sha256: baseHash, budget, summary: { ...summary, bundles: baseScan.inventory.bundles.length, specs: baseScan.inventory.specs.length, renderings: baseScan.renderings.length } });
      // No baseline file here: the base revision's tree hash stands for it.
      plan.baselineResult = baselineFailures(baseResult, baseHash);
    }
  }
  if (facts) extra.push(...deployedIssues(deployedSpecVerdicts(scan.inventory.bundles, facts.targets)));

  const result = await evaluateScan({ otherSecrets: baseSecrets, scan, extraIssues: extra, rules, config, now, toolVersion: TOOL_VERSION, sha256: treeHash(tree), summary, budget });
  const emitted = await emitReports(result, plan, config.source ? { configPath: bundlePath(config.source) } : {}, config.failOn ?? 'high', ctx.io);
  log(`scanned ${summary.bundles} bundles and ${summary.specs} spec files (${summary.renderings} renderings)${baseCommit ? ` against ${terminalSafe(flags.base ?? '')} (${baseCommit.slice(0, 12)})` : ''}`);
  for (const w of emitted.result.expiredWaivers) log(`waiver for ${w.rule} on ${terminalSafe(w.resource)} (owner ${terminalSafe(w.owner)}) expired on ${w.expires} and no longer applies`);
  for (const w of unmatchedWaivers(emitted.result, config.waivers, now)) log(`waiver for ${w.rule} on ${terminalSafe(w.resource)} (owner ${terminalSafe(w.owner)}) matched no failing finding; remove it or fix its resource glob`);
  for (const out of emitted.written) if (out.path) log(`wrote ${out.format} to ${out.path}`);
  ctx.setExit(emitted.exitCode);
}
