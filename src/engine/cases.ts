/**
 * The case harness: every rule ships cases (a small estate and the expected outcome per
 * resource). Each case builds a full snapshot, runs only the rule under test and compares.
 * Used by test/rules/catalog.test.ts and by `proton-audit rules test`.
 */
import { readFile } from 'node:fs/promises';
import { InputError, type Problem } from '../errors.ts';
import { configFromValue, configProblems } from '../config/parse.ts';
import { parseYaml, yamlSchemaProblems, type YamlSource } from '../config/yaml-source.ts';
import type { DataFamily, FactAnalyzers } from '../facts/index.ts';
import { prepareFacts } from '../facts/analyzers.ts';
import { buildCaseSnapshot, CASE_NOW, carryProtonLastKnown, retireProton, type CaseEstate } from './case-estate.ts';
import { YAML_MESSAGE_ID } from './cel/yaml-rule.ts';
import type { RuleBudget } from './budget.ts';
import { evaluate } from './evaluate.ts';
import { settleRuleWork } from './isolation.ts';
import { withLateRuleErrors } from './late-errors.ts';
import { findingsOf, messageIdOf } from './outcomes.ts';
import { configRuleProblems } from './load/config-check.ts';
import { validateCases } from './load/schema.ts';
import type { LoadedRule } from './load/rule.ts';
import type { AuditResult, Config, Finding, Status } from '../model/index.ts';
import { breakingChanges } from '../scan/breaking/base.ts';
import { deployedIssues, deployedSpecVerdicts, type DeployedTarget } from '../scan/breaking/deployed.ts';
import { prepareScan, scanTree } from '../scan/scan.ts';
import { memoryTree } from '../scan/source/tree.ts';
import { evaluateScan } from './scan-evaluate.ts';

export interface CaseExpectation {
  /** A resource name or ARN. */
  resource: string;
  status: Status;
  subKey?: string;
  /** The id of the message the finding must carry (`meta.messages` of a TypeScript rule; 'message' for a YAML rule). */
  messageId?: string;
  /** A substring the finding's message must contain. */
  message?: string;
  /** Scanned resources: the file and line the finding points at. */
  file?: string;
  line?: number;
}

export interface RuleCase {
  name: string;
  description?: string;
  estate?: CaseEstate;
  /** Rules over scanned templates: the repository to scan, path → content. */
  files?: Record<string, string>;
  scan?: { bindings?: Array<{ spec: string; template: string; major?: number }>; base?: Record<string, string>; deployed?: DeployedTarget[] };
  config?: Record<string, unknown>;
  notCollected?: DataFamily[];
  /** Proton's endpoint did not answer (retired): no Proton data, its calls unavailable. */
  protonRetired?: boolean;
  /** Proton did not answer and the case's Proton records are last-known, collected at this time. */
  protonLastKnown?: string;
  now?: string;
  /** The case lists only some of the failing resources; others may fail too. */
  partial?: boolean;
  expect: CaseExpectation[];
  /** Where the case sits, for messages. */
  file: string;
  location: string;
}

export interface CaseResult {
  ruleId: string;
  caseName: string;
  file: string;
  location: string;
  passed: boolean;
  /** Why the case failed, one line each. */
  failures: string[];
}

export interface CaseRun {
  results: CaseResult[];
  passed: number;
  failed: number;
}

/** Reads and validates one rule's cases.yaml; problems name the case and field. */
export async function loadRuleCases(rule: LoadedRule): Promise<{ cases: RuleCase[]; problems: Problem[] }> {
  const file = rule.casesPath;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { cases: [], problems: [{ file, location: '', message: 'cannot be read' }] };
  }
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return { cases: [], problems: parsed.problems };
  const src = parsed.source;
  if (!validateCases(src.value)) return { cases: [], problems: yamlSchemaProblems(src, validateCases.errors) };
  const raw = src.value as Array<Omit<RuleCase, 'file' | 'location'>>;
  const problems: Problem[] = [];
  const names = new Set<string>();
  const cases = raw.map((c, i) => {
    if (names.has(c.name)) problems.push({ file, location: src.locate([i, 'name']), message: `duplicate case name '${c.name}'` });
    names.add(c.name);
    if (c.now !== undefined && Number.isNaN(Date.parse(c.now))) problems.push({ file, location: src.locate([i, 'now']), message: 'not a valid time' });
    if (c.protonLastKnown !== undefined && Number.isNaN(Date.parse(c.protonLastKnown))) problems.push({ file, location: src.locate([i, 'protonLastKnown']), message: 'not a valid time' });
    if (c.protonLastKnown !== undefined && c.protonRetired) problems.push({ file, location: src.locate([i, 'protonLastKnown']), message: 'a case has protonRetired or protonLastKnown, not both' });
    if (c.config !== undefined) problems.push(...caseConfigProblems(src, c.config, i, rule));
    problems.push(...messageIdProblems(src, c, i, rule));
    return { ...c, file, location: src.locate([i]) };
  });
  return { cases, problems };
}

function caseConfigProblems(src: YamlSource, value: unknown, index: number, rule: LoadedRule): Problem[] {
  const problems = configProblems(src, value, [index, 'config']);
  if (problems.length > 0) return problems;
  const config = configFromValue(value, src.file);
  return configRuleProblems(config, new Map([[rule.meta.id, rule]])).map((p) => ({ ...p, file: src.file, location: `${src.locate([index, 'config'])}: ${p.location}` }));
}

/**
 * Expected message ids must exist; and where a rule has several messages, every expected failure
 * says which one, as ESLint's RuleTester asks of every error.
 */
function messageIdProblems(src: YamlSource, c: Omit<RuleCase, 'file' | 'location'>, index: number, rule: LoadedRule): Problem[] {
  const ids = rule.kind === 'yaml' ? [YAML_MESSAGE_ID] : Object.keys(rule.meta.messages ?? {});
  const problems: Problem[] = [];
  c.expect.forEach((e, j) => {
    if (e.messageId !== undefined && !ids.includes(e.messageId)) {
      problems.push({ file: src.file, location: src.locate([index, 'expect', j, 'messageId']), message: `${rule.meta.id} has no message '${e.messageId}' (it has ${ids.join(', ') || 'none'})` });
    }
    if (e.status === 'fail' && e.messageId === undefined && ids.length > 1) {
      problems.push({ file: src.file, location: src.locate([index, 'expect', j]), message: `${rule.meta.id} has several messages (${ids.join(', ')}): say which one this failure carries with messageId` });
    }
  });
  return problems;
}

const STATUS_WEIGHT: Record<Status, number> = { fail: 3, error: 2, skip: 1, pass: 0 };

function describe(f: Finding): string {
  const what = f.status === 'skip' ? f.skipReason : f.status === 'error' ? f.error : f.message;
  return `${f.resource.name}${f.subKey ? `[${f.subKey}]` : ''} ${f.status}${what ? ` (${what})` : ''}`;
}

/**
 * Runs one case; failures explain each mismatch with what the rule actually reported. With a
 * budget, the rule runs as in `evaluate` (a user's TypeScript rule under its watchdog); what a
 * user rule leaves behind (rejections, callbacks, timers) is settled into its error outcomes.
 */
export async function runCase(rule: LoadedRule, c: RuleCase, analyzers?: FactAnalyzers, budget?: RuleBudget): Promise<CaseResult> {
  const base = { ruleId: rule.meta.id, caseName: c.name, file: c.file, location: c.location };
  const now = c.now ?? CASE_NOW;
  let findings: Finding[];
  try {
    const config = configFromValue(c.config ?? {}, c.file);
    if (c.files) findings = findingsOf(await scanCase(rule, c, config, now, budget));
    else {
      const built = buildCaseSnapshot(c.estate ?? {}, c.notCollected ?? [], now);
      const snapshot = c.protonRetired ? retireProton(built) : c.protonLastKnown !== undefined ? carryProtonLastKnown(built, c.protonLastKnown) : built;
      const result = evaluate({ snapshot, sha256: '0'.repeat(64), rules: [rule], config, now: new Date(now), toolVersion: 'case', ...(analyzers ? { analyzers } : {}), ...(budget ? { budget } : {}) });
      findings = findingsOf(withLateRuleErrors(result, await settleRuleWork()));
    }
  } catch (err) {
    return { ...base, passed: false, failures: [`the case could not run: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const failures: string[] = [];
  const matched = new Set<Finding>();
  for (const exp of c.expect) {
    const forResource = findings.filter((f) => f.resource.arn === exp.resource || f.resource.name === exp.resource);
    const candidates = exp.subKey !== undefined ? forResource.filter((f) => f.subKey === exp.subKey) : forResource;
    const label = `${exp.resource}${exp.subKey !== undefined ? `[${exp.subKey}]` : ''}`;
    if (candidates.length === 0) {
      const seen = findings.map(describe).join('; ') || 'none';
      failures.push(`expected ${label} ${exp.status}, but the rule reported nothing for it (findings: ${seen})`);
      continue;
    }
    for (const f of candidates) matched.add(f);
    // Without a sub-key the resource's worst outcome counts: one failing element fails it.
    const worst = candidates.reduce((a, f) => (STATUS_WEIGHT[f.status] > STATUS_WEIGHT[a.status] ? f : a));
    if (worst.status !== exp.status) {
      failures.push(`expected ${label} ${exp.status}, got ${candidates.map(describe).join('; ')}`);
      continue;
    }
    if (exp.messageId !== undefined && !candidates.some((f) => f.status === exp.status && messageIdOf(f) === exp.messageId)) {
      failures.push(`expected ${label} ${exp.status} with message ${exp.messageId}, got ${candidates.map((f) => `${f.status} ${messageIdOf(f) ?? '(no message id)'}`).join('; ')}`);
    }
    if (exp.message !== undefined && !candidates.some((f) => f.status === exp.status && f.message.includes(exp.message ?? ''))) {
      failures.push(`expected ${label} message to contain ${JSON.stringify(exp.message)}, got ${JSON.stringify(worst.message)}`);
    }
    if (exp.line !== undefined || exp.file !== undefined) {
      const at = (f: Finding): string => `${f.location?.file ?? '?'}:${f.location?.line ?? '?'}`;
      const ok = candidates.some((f) => f.status === exp.status && (exp.file === undefined || f.location?.file === exp.file) && (exp.line === undefined || f.location?.line === exp.line));
      if (!ok) failures.push(`expected ${label} ${exp.status} at ${exp.file ?? '*'}:${exp.line ?? '*'}, got ${candidates.map((f) => `${f.status} at ${at(f)}`).join('; ')}`);
    }
  }
  // As strict as ESLint's RuleTester: a failure the case did not expect fails it, unless the case is partial.
  if (!c.partial) {
    for (const f of findings) if (f.status === 'fail' && !matched.has(f)) failures.push(`unexpected fail on ${describe(f)}`);
  }
  // A rule that errors is broken even where the case did not look.
  for (const f of findings) {
    if (f.status === 'error' && !matched.has(f)) failures.push(`unexpected error on ${f.resource.name}: ${f.error ?? f.message}`);
  }
  return { ...base, passed: failures.length === 0, failures };
}

/** A scan case: the files scanned as `proton-audit scan` would, the rule evaluated over them. */
function scanCase(rule: LoadedRule, c: RuleCase, config: Config, now: string, budget: RuleBudget | undefined): Promise<AuditResult> {
  const scan = scanTree(memoryTree(c.files ?? {}), { ...(c.scan?.bindings ? { bindings: c.scan.bindings } : {}) });
  const extra = [
    ...(c.scan?.base ? breakingChanges(scan.inventory.bundles, memoryTree(c.scan.base)) : []),
    ...(c.scan?.deployed ? deployedIssues(deployedSpecVerdicts(scan.inventory.bundles, c.scan.deployed)) : []),
  ];
  return evaluateScan({ scan, extraIssues: extra, rules: [rule], config, now: new Date(now), toolVersion: 'case', sha256: '0'.repeat(64), summary: { paths: ['.'], bundles: 0, specs: 0, renderings: 0 }, ...(budget ? { budget } : {}) });
}

/**
 * Runs the cases of every given rule. Case files are validated first, all of them; any problem
 * is an InputError (exit 2), as a broken rule file would be.
 */
export async function runCases(rules: readonly LoadedRule[], analyzers?: FactAnalyzers, budget?: RuleBudget): Promise<CaseRun> {
  const loaded: Array<{ rule: LoadedRule; cases: RuleCase[] }> = [];
  const problems: Problem[] = [];
  for (const rule of rules) {
    const r = await loadRuleCases(rule);
    problems.push(...r.problems);
    loaded.push({ rule, cases: r.cases });
  }
  if (problems.length > 0) throw new InputError('cannot load rule cases', problems);
  if (!analyzers) await prepareFacts();
  if (loaded.some((l) => l.cases.some((c) => c.files))) await prepareScan();
  const results: CaseResult[] = [];
  for (const { rule, cases } of loaded) for (const c of cases) results.push(await runCase(rule, c, analyzers, budget));
  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed };
}
