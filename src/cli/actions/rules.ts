/**
 * `proton-audit rules list|show|test|docs`: the rule catalog, one rule's details, the case
 * harness for built-in or custom packs, and the generated rule reference.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../errors.ts';
import { loadConfig } from '../../config/load.ts';
import { BUILTIN_RULES_DIR } from '../../engine/builtin.ts';
import { DOCS_BANNER, ruleDocs } from '../../engine/docs.ts';
import { loadRules } from '../../engine/load/load-rules.ts';
import { terminalSafe } from '../../util/text.ts';
import { ensureDir, writeFileAtomic } from '../../util/atomic-file.ts';
import type { LoadedRule } from '../../engine/load/rule.ts';
import type { CatalogRule, Framework } from '../../model/index.ts';
import { mappingsByFramework, ruleMappings } from '../../compliance/mapping.ts';
import { canonicalJson } from '../../util/canonical-json.ts';
import type { CommandContext } from '../shared/io.ts';
import { frameworkById } from '../pipeline/compliance.ts';
import type { CatalogFlags } from '../shared/options.ts';

async function catalogFrom(opts: CatalogFlags): Promise<{ rules: LoadedRule[]; catalog: CatalogRule[]; frameworks: Framework[] }> {
  const config = await loadConfig(opts.config);
  return loadRules({ ...(opts.builtin ? { builtinDir: BUILTIN_RULES_DIR } : {}), extraDirs: opts.rules, config, purpose: 'catalog' });
}

/** A short column label per framework: its id up to the first '-' (nist, cis, soc2...), unless two would share it. */
function shortLabels(frameworks: readonly Framework[]): Map<string, string> {
  const short = (id: string): string => id.split('-')[0] ?? id;
  const taken = new Map<string, number>();
  for (const fw of frameworks) taken.set(short(fw.id), (taken.get(short(fw.id)) ?? 0) + 1);
  return new Map(frameworks.map((fw) => [fw.id, taken.get(short(fw.id)) === 1 ? short(fw.id) : fw.id]));
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/**
 * The rule table. Its compliance column names the frameworks that map each rule (short labels,
 * explained under the table); with --compliance it lists that framework's requirements instead.
 */
function listing(catalog: readonly CatalogRule[], frameworks: readonly Framework[], only: Framework | undefined): string {
  const w = (f: (r: CatalogRule) => string, title: string): number => Math.max(title.length, ...catalog.map((r) => f(r).length));
  const byRule = ruleMappings(only ? [only] : frameworks);
  const labels = shortLabels(frameworks);
  const cols: Array<[string, (r: CatalogRule) => string]> = [
    ['ID', (r) => r.id],
    ['SEVERITY', (r) => (r.enabled ? r.effectiveSeverity : `${r.effectiveSeverity} (off)`)],
    ['RESOURCE', (r) => r.resource],
    ['FAMILY', (r) => r.family],
  ];
  if (only) cols.push([only.id.toUpperCase(), (r) => (byRule.get(r.id) ?? []).map((m) => m.requirement).join(', ')]);
  else if (frameworks.length > 0) cols.push(['FRAMEWORKS', (r) => Object.keys(mappingsByFramework(byRule.get(r.id))).map((id) => labels.get(id) ?? id).join(' ')]);
  const widths = cols.map(([t, f]) => w(f, t));
  const line = (cells: string[]): string => cells.map((c, i) => (i < widths.length ? pad(c, widths[i] ?? 0) : c)).join('  ');
  const out = [line([...cols.map(([t]) => t), 'TITLE'])];
  for (const r of catalog) out.push(line([...cols.map(([, f]) => terminalSafe(f(r))), terminalSafe(r.title)]));
  out.push(`${catalog.length} rules`);
  if (only) out.push(`${only.id}: ${terminalSafe(`${only.name} ${only.version}`)}`);
  else if (frameworks.length > 0) {
    out.push(`frameworks: ${frameworks.map((fw) => `${labels.get(fw.id) ?? fw.id} = ${terminalSafe(`${fw.name} ${fw.version}`)}`).join('; ')}`);
    out.push('--compliance <id> lists one framework\'s requirements per rule; rules show <id> lists them all');
  }
  return `${out.join('\n')}\n`;
}

function showRule(rule: LoadedRule, entry: CatalogRule, frameworks: readonly Framework[]): string {
  const m = rule.meta;
  const out = [
    `${m.id}: ${m.title}`,
    `severity: ${entry.effectiveSeverity}${entry.effectiveSeverity !== m.severity ? ` (rule says ${m.severity})` : ''}${entry.enabled ? '' : ', disabled by config'}`,
    `resource: ${m.resource}   family: ${m.family}   kind: ${rule.kind}${m.unwaivable ? '   unwaivable' : ''}`,
    `file: ${rule.path}`,
    `sha256: ${rule.sha256}`,
    '',
    'Rationale:',
    `  ${m.rationale.trim()}`,
    '',
    'Remediation:',
    `  ${m.remediation.text.trim()}`,
  ];
  if (m.remediation.cli) out.push(`  CLI: ${m.remediation.cli.trim()}`);
  if (m.remediation.iac) out.push(`  IaC: ${m.remediation.iac.trim()}`);
  if (rule.requires.length) out.push('', `Requires: ${rule.requires.join(', ')}`);
  if (rule.source) {
    out.push('', 'Logic (CEL):');
    for (const [k, v] of Object.entries(rule.source)) if (k !== 'requires') out.push(`  ${k}: ${v.trim()}`);
  }
  const options = Object.entries(m.options ?? {});
  if (options.length) {
    out.push('', 'Options:');
    for (const [name, spec] of options) out.push(`  ${name} (${spec.type}, default ${JSON.stringify(spec.default)}): ${spec.description}`);
  }
  const mapped = frameworks
    .map((fw) => ({ fw, reqs: fw.requirements.filter((r) => r.rules.includes(m.id)) }))
    .filter((x) => x.reqs.length > 0);
  if (mapped.length > 0) {
    out.push('', 'Compliance:');
    for (const { fw, reqs } of mapped) out.push(`  ${fw.name} ${fw.version} (${fw.id}): ${reqs.map((r) => `${r.id} ${r.title}`).join('; ')}`);
  } else if (m.compliance) out.push('', `Compliance: ${Object.entries(m.compliance).map(([k, v]) => `${k} ${v.join(', ')}`).join('; ')}`);
  out.push('', 'References:', ...m.references.map((r) => `  - ${r.title}: ${r.url}`));
  return `${out.map(terminalSafe).join('\n')}\n`;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/**
 * Rules whose cases `rules test [dir]` runs: built-in by default, else those in dir. The user's
 * config plays no part: cases carry their own.
 */
async function rulesToTest(dir: string | undefined): Promise<LoadedRule[]> {
  const builtin = resolve(BUILTIN_RULES_DIR);
  if (dir === undefined) return (await loadRules({ builtinDir: builtin })).rules;
  const target = resolve(dir);
  // A custom pack is loaded next to the built-ins so its ids are checked against them; a part
  // of the built-in pack is loaded with the whole pack, once.
  const { rules } = await loadRules({ builtinDir: builtin, ...(isInside(target, builtin) ? {} : { extraDirs: [target] }) });
  return rules.filter((r) => isInside(r.path, target));
}

export async function listAction(ctx: CommandContext, opts: CatalogFlags & { format: string; compliance?: string }): Promise<void> {
  if (opts.format !== 'table' && opts.format !== 'json') throw new UsageError(`--format '${opts.format}' is not table or json`);
  const loaded = await catalogFrom(opts);
  const only = opts.compliance === undefined ? undefined : frameworkById(loaded.frameworks, opts.compliance);
  const byRule = ruleMappings(only ? [only] : loaded.frameworks);
  const catalog = only ? loaded.catalog.filter((r) => byRule.has(r.id)) : loaded.catalog;
  if (opts.format === 'json') {
    const out = catalog.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.effectiveSeverity,
      resource: r.resource,
      family: r.family,
      rationale: r.rationale,
      remediation: r.remediation,
      references: r.references,
      ...(r.compliance ? { compliance: r.compliance } : {}),
      // Every framework file's requirements for the rule (compliance keeps NIST and CIS only).
      frameworks: mappingsByFramework(byRule.get(r.id)),
      ...(r.options ? { options: r.options } : {}),
      enabled: r.enabled,
      pack: r.pack,
    }));
    ctx.io.stdout.write(canonicalJson(out));
  } else {
    ctx.io.stdout.write(listing(catalog, loaded.frameworks, only));
  }
}

export async function showAction(ctx: CommandContext, id: string, opts: CatalogFlags): Promise<void> {
  const loaded = await catalogFrom(opts);
  const rule = loaded.rules.find((r) => r.meta.id === id) ?? loaded.rules.find((r) => r.meta.id.toLowerCase() === id.toLowerCase());
  const entry = loaded.catalog.find((c) => c.id === rule?.meta.id);
  if (!rule || !entry) throw new UsageError(`no rule with id '${id}' (try: proton-audit rules list)`);
  ctx.io.stdout.write(showRule(rule, entry, loaded.frameworks));
}

export async function testAction(ctx: CommandContext, dir: string | undefined, opts: { verbose?: boolean }): Promise<void> {
  const selected = await rulesToTest(dir);
  if (selected.length === 0) throw new UsageError(`no rules found in ${dir ?? BUILTIN_RULES_DIR}`);
  // The case harness evaluates, so it loads the facts and the IAM data: only for `rules test`.
  const { runCases } = await import('../../engine/cases.ts');
  const { DEFAULT_RULE_BUDGET_MS } = await import('../../engine/budget.ts');
  // Each case's rule under the budget `evaluate` gives it: a user rule that never returns fails its case, the command finishes.
  const run = await runCases(selected, undefined, { perRuleMs: DEFAULT_RULE_BUDGET_MS, clock: () => performance.now() });
  const lines: string[] = [];
  for (const r of run.results) {
    if (r.passed && !opts.verbose) continue;
    lines.push(`${r.passed ? 'pass' : 'FAIL'}  ${r.ruleId}  ${terminalSafe(r.caseName)}${r.passed ? '' : `  (${terminalSafe(r.location)})`}`);
    for (const f of r.failures) lines.push(`        ${terminalSafe(f)}`);
  }
  if (lines.length) ctx.io.stdout.write(`${lines.join('\n')}\n`);
  ctx.io.stdout.write(`${selected.length} rules, ${run.results.length} cases: ${run.passed} passed, ${run.failed} failed\n`);
  ctx.setExit(run.failed > 0 ? 1 : 0);
}

export async function docsAction(ctx: CommandContext, opts: { out: string }): Promise<void> {
  const { catalog, frameworks } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, purpose: 'catalog' });
  const files = ruleDocs(catalog, frameworks);
  await ensureDir(opts.out, `--out ${opts.out}`);
  // Pages of rules that no longer exist go; hand-written files (no banner) stay.
  for (const name of await readdir(opts.out)) {
    if (!name.endsWith('.md') || files.has(name)) continue;
    const text = await readFile(join(opts.out, name), 'utf8');
    if (text.startsWith(DOCS_BANNER)) await rm(join(opts.out, name));
  }
  for (const [name, text] of files) await writeFileAtomic(join(opts.out, name), text, { label: `--out ${join(opts.out, name)}` });
  ctx.io.stdout.write(`wrote ${files.size} files to ${opts.out}\n`);
}
