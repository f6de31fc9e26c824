/**
 * `proton-audit rules list|show|test|docs`: the rule catalog, one rule's details, the case
 * harness for built-in or custom packs, and the generated rule reference.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { BUILTIN_RULES_DIR, loadConfig, loadRules, runCases } from '../../engine/index.ts';
import { DOCS_BANNER, ruleDocs } from '../../engine/docs.ts';
import { terminalSafe } from '../../util/text.ts';
import type { LoadedRule } from '../../engine/rule.ts';
import type { CatalogRule } from '../../model/index.ts';
import { canonicalJson } from '../../util/canonical-json.ts';
import type { SetExit } from './index.ts';

interface CatalogOptions {
  rules: string[];
  config?: string;
  builtin: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function catalogFrom(opts: CatalogOptions): Promise<{ rules: LoadedRule[]; catalog: CatalogRule[] }> {
  const config = await loadConfig(opts.config);
  return loadRules({ ...(opts.builtin ? { builtinDir: BUILTIN_RULES_DIR } : {}), extraDirs: opts.rules, config });
}

function withCatalogOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'extra rule pack directory (repeatable)', collect, [])
    .option('--no-builtin', 'leave out the built-in rules')
    .option('--config <file>', 'config file (default: .proton-audit.yml in the current directory, if present)');
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function listing(catalog: readonly CatalogRule[]): string {
  const w = (f: (r: CatalogRule) => string, title: string): number => Math.max(title.length, ...catalog.map((r) => f(r).length));
  const cols: Array<[string, (r: CatalogRule) => string]> = [
    ['ID', (r) => r.id],
    ['SEVERITY', (r) => (r.enabled ? r.effectiveSeverity : `${r.effectiveSeverity} (off)`)],
    ['RESOURCE', (r) => r.resource],
    ['FAMILY', (r) => r.family],
  ];
  const widths = cols.map(([t, f]) => w(f, t));
  const line = (cells: string[]): string => cells.map((c, i) => (i < widths.length ? pad(c, widths[i] ?? 0) : c)).join('  ');
  const out = [line([...cols.map(([t]) => t), 'TITLE'])];
  for (const r of catalog) out.push(line([...cols.map(([, f]) => terminalSafe(f(r))), terminalSafe(r.title)]));
  return `${out.join('\n')}\n${catalog.length} rules\n`;
}

function showRule(rule: LoadedRule, entry: CatalogRule): string {
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
  if (m.compliance) out.push('', `Compliance: ${Object.entries(m.compliance).map(([k, v]) => `${k} ${v.join(', ')}`).join('; ')}`);
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

export function register(program: Command, setExit: SetExit): void {
  const rules = program.command('rules').description('List, show, test and document rules.');

  withCatalogOptions(rules.command('list').description('List the loaded rules.'))
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: CatalogOptions & { format: string }) => {
      if (opts.format !== 'table' && opts.format !== 'json') throw new UsageError(`--format '${opts.format}' is not table or json`);
      const { catalog } = await catalogFrom(opts);
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
          ...(r.options ? { options: r.options } : {}),
          enabled: r.enabled,
          pack: r.pack,
        }));
        process.stdout.write(canonicalJson(out));
      } else {
        process.stdout.write(listing(catalog));
      }
    });

  withCatalogOptions(rules.command('show').description("Show one rule's metadata and logic.").argument('<id>', 'rule id, e.g. PA-IAM-001')).action(
    async (id: string, opts: CatalogOptions) => {
      const loaded = await catalogFrom(opts);
      const rule = loaded.rules.find((r) => r.meta.id === id) ?? loaded.rules.find((r) => r.meta.id.toLowerCase() === id.toLowerCase());
      const entry = loaded.catalog.find((c) => c.id === rule?.meta.id);
      if (!rule || !entry) throw new UsageError(`no rule with id '${id}' (try: proton-audit rules list)`);
      process.stdout.write(showRule(rule, entry));
    },
  );

  rules
    .command('test')
    .description("Run every rule's cases (built-in rules, or the pack in [dir]); exit 1 if a case fails.")
    .argument('[dir]', 'rule pack directory (default: the built-in rules)')
    .option('--verbose', 'also list passing cases')
    .action(async (dir: string | undefined, opts: { verbose?: boolean }) => {
      const selected = await rulesToTest(dir);
      if (selected.length === 0) throw new UsageError(`no rules found in ${dir ?? BUILTIN_RULES_DIR}`);
      const run = await runCases(selected);
      const lines: string[] = [];
      for (const r of run.results) {
        if (r.passed && !opts.verbose) continue;
        lines.push(`${r.passed ? 'pass' : 'FAIL'}  ${r.ruleId}  ${terminalSafe(r.caseName)}${r.passed ? '' : `  (${terminalSafe(r.location)})`}`);
        for (const f of r.failures) lines.push(`        ${terminalSafe(f)}`);
      }
      if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
      process.stdout.write(`${selected.length} rules, ${run.results.length} cases: ${run.passed} passed, ${run.failed} failed\n`);
      setExit(run.failed > 0 ? 1 : 0);
    });

  rules
    .command('docs')
    .description('Write the Markdown rule reference (one page per rule and an index) for the built-in rules.')
    .requiredOption('--out <dir>', 'output directory, e.g. docs/rules')
    .action(async (opts: { out: string }) => {
      const { catalog } = await loadRules({ builtinDir: BUILTIN_RULES_DIR });
      const files = ruleDocs(catalog);
      await mkdir(opts.out, { recursive: true });
      // Pages of rules that no longer exist go; hand-written files (no banner) stay.
      for (const name of await readdir(opts.out)) {
        if (!name.endsWith('.md') || files.has(name)) continue;
        const text = await readFile(join(opts.out, name), 'utf8');
        if (text.startsWith(DOCS_BANNER)) await rm(join(opts.out, name));
      }
      for (const [name, text] of files) await writeFile(join(opts.out, name), text);
      process.stdout.write(`wrote ${files.size} files to ${opts.out}\n`);
    });
}
