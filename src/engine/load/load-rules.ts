/**
 * Loads rule packs: the built-in `rules/` plus user directories. Every rule is validated against
 * one metadata schema, CEL is compiled once, ids must be unique across packs, and the config is
 * checked against the rules it names. All problems are reported together, then one InputError.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, type Problem } from '../../errors.ts';
import { COMPILED, PACKAGE_ROOT, compiledPath } from '../../paths.ts';
import type { Config, ResourceView, RuleCatalog, RuleMeta } from '../../model/index.ts';
import { defaultConfig } from '../../config/defaults.ts';
import type { YamlSource } from '../../config/yaml-source.ts';
import { DATA_FAMILIES, type DataFamily } from '../../model/index.ts';
import { once } from '../../util/once.ts';
import type { YamlLogic } from '../cel/yaml-rule.ts';
import type { RuleContext, RuleDefinition, RuleVerdict } from '../../rule-api/core/define-rule.ts';
import { resolveVerdict } from '../../rule-api/core/format.ts';
import type { LoadedRule } from './rule.ts';
import { catalogEntry } from './catalog.ts';
import { discoverRules, type RuleFolder } from './discover.ts';
import { optionValueProblem } from './options.ts';
import { configRuleProblems } from './config-check.ts';
import { builtinIndex, type IndexedRule } from './rule-index.ts';
import { refuseProcessControls, restoreProcessControls } from './process-guard.ts';
import { importIsolated } from './module-isolation.ts';
import { BUILTIN_FRAMEWORKS_DIR, BUILTIN_RULES_DIR } from './builtin.ts';
import { loadFrameworks } from '../../compliance/load.ts';
import { catalogCompliance, mergeCompliance, ruleMappings } from '../../compliance/mapping.ts';
import type { Framework, RuleMapping } from '../../model/index.ts';

/** The parsers and compilers a rule file needs, loaded only when one is read the full way. */
const parsers = once(async () => ({
  yaml: await import('../../config/yaml-source.ts'),
  schema: await import('./schema.ts'),
  cel: await import('../cel/yaml-rule.ts'),
}));

const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface LoadRulesOptions {
  /** The built-in pack; omit to load only user packs. */
  builtinDir?: string;
  /** User packs (--rules); config `rules:` are added to these. */
  extraDirs?: readonly string[];
  config?: Config;
  /** Base for relative pack paths (default: process.cwd()). */
  cwd?: string;
  /**
   * 'catalog': metadata only, for listing and docs; built-in rules may come from the build's
   * index and no rule can run. Default 'run'.
   */
  purpose?: 'run' | 'catalog';
  /**
   * Framework mapping files (compliance/<id>.yaml) whose mappings fill each rule's `compliance`
   * metadata. Defaults to the built-in ones when `builtinDir` is the built-in pack.
   */
  frameworksDir?: string;
}

export interface LoadedRules {
  rules: LoadedRule[];
  catalog: RuleCatalog;
  /** The frameworks loaded from `frameworksDir` (empty when none). */
  frameworks: Framework[];
}

const LOGIC_KEYS = ['requires', 'when', 'skipReason', 'assert', 'message', 'evidence', 'forEach', 'as', 'key'] as const;

export async function loadRules(options: LoadRulesOptions): Promise<LoadedRules> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? defaultConfig();
  const packs: Array<{ dir: string; name: string; builtin: boolean }> = [];
  const seenDirs = new Set<string>();
  const addPack = (dir: string, builtin: boolean): void => {
    const abs = resolve(cwd, dir);
    if (seenDirs.has(abs)) return;
    seenDirs.add(abs);
    packs.push({ dir: abs, name: builtin ? 'builtin' : packName(abs, cwd), builtin });
  };
  if (options.builtinDir) addPack(options.builtinDir, true);
  for (const d of options.extraDirs ?? []) addPack(d, false);
  for (const d of config.rules) addPack(d, false);

  const problems: Problem[] = [];
  const rules: LoadedRule[] = [];
  for (const pack of packs) {
    const found = await discoverRules(pack.dir);
    problems.push(...found.problems);
    const index = pack.builtin && options.purpose === 'catalog' ? await builtinIndex() : undefined;
    for (const folder of found.folders) {
      const read = await readRuleFile(folder.ruleFile);
      if ('problem' in read) {
        problems.push(read.problem);
        continue;
      }
      const file = relative(pack.dir, folder.ruleFile).split('\\').join('/');
      const indexed = index?.get(file);
      const loaded =
        indexed && indexed.sha256 === read.sha256
          ? { rule: fromIndex(indexed, folder, pack), problems: [] }
          : folder.kind === 'yaml'
            ? await loadYamlRule(folder, pack, read)
            : await loadTsRule(folder, pack, read);
      problems.push(...loaded.problems);
      if (loaded.rule) rules.push(loaded.rule);
    }
  }

  // Ids are unique across every pack; custom packs keep off the built-in prefix.
  const byId = new Map<string, LoadedRule>();
  for (const rule of rules) {
    const first = byId.get(rule.meta.id);
    if (first) {
      problems.push({ file: rule.path, location: 'id', message: `duplicate rule id ${rule.meta.id}: already used by ${first.path}${first.pack === 'builtin' ? ' (built-in)' : ''}` });
      continue;
    }
    byId.set(rule.meta.id, rule);
    if (rule.pack !== 'builtin' && rule.meta.id.startsWith('PA-')) {
      problems.push({ file: rule.path, location: 'id', message: `the PA- prefix is reserved for built-in rules; give custom rules your own prefix (e.g. ${rule.meta.id.replace(/^PA-/, 'ACME-')})` });
    }
  }
  for (const rule of rules) {
    if (rule.meta.replacedBy !== undefined && !byId.has(rule.meta.replacedBy)) {
      problems.push({ file: rule.path, location: 'replacedBy', message: `names ${rule.meta.replacedBy}, which is not a loaded rule` });
    }
  }
  problems.push(...configRuleProblems(config, byId));
  const builtinIsOurs = options.builtinDir !== undefined && resolve(cwd, options.builtinDir) === resolve(BUILTIN_RULES_DIR);
  const frameworksDir = options.frameworksDir ?? (builtinIsOurs ? BUILTIN_FRAMEWORKS_DIR : undefined);
  let frameworks: Framework[] = [];
  let mappings = new Map<string, RuleMapping[]>();
  if (frameworksDir !== undefined) {
    const loaded = await loadFrameworks(resolve(cwd, frameworksDir), new Set(byId.keys()));
    problems.push(...loaded.problems);
    frameworks = withOwnMappings(loaded.frameworks, [...byId.values()]);
    mappings = ruleMappings(frameworks);
  }
  if (problems.length > 0) throw new InputError('cannot load rules', problems);

  const unique = [...byId.values()]
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0))
    .map((r) => withCompliance(r, catalogCompliance(mappings.get(r.meta.id)), frameworksDir !== undefined));
  return { rules: unique, catalog: unique.map((r) => catalogEntry(r, config)), frameworks };
}

/**
 * Custom rules may still state `compliance:` in their own metadata; each requirement they name
 * that a loaded framework lists gains the rule, so the compliance views and --compliance count it.
 * (A requirement id the framework file does not list stays in the rule's catalog entry only.)
 */
function withOwnMappings(frameworks: Framework[], rules: readonly LoadedRule[]): Framework[] {
  const extra = new Map<string, string[]>();
  for (const rule of rules) {
    if (rule.pack === 'builtin') continue;
    for (const [fw, reqs] of Object.entries(rule.meta.compliance ?? {})) {
      for (const req of reqs ?? []) {
        const key = `${fw}\u0000${req}`;
        let list = extra.get(key);
        if (!list) extra.set(key, (list = []));
        list.push(rule.meta.id);
      }
    }
  }
  if (extra.size === 0) return frameworks;
  return frameworks.map((fw) => ({
    ...fw,
    requirements: fw.requirements.map((req) => {
      const add = (extra.get(`${fw.id}\u0000${req.id}`) ?? []).filter((id) => !req.rules.includes(id));
      return add.length === 0 ? req : { ...req, rules: [...req.rules, ...add] };
    }),
  }));
}

/**
 * The rule with its `compliance` metadata generated from the framework files, so the catalog,
 * the result's rules, SARIF tags and docs all read the one source. A built-in rule carries no
 * mapping of its own (a test holds it to that), so the files replace whatever it has: the
 * build's index may hold mappings from older framework files. A custom rule's own mapping is
 * kept and joined with the files'.
 */
function withCompliance(rule: LoadedRule, generated: RuleMeta['compliance'], fromFiles: boolean): LoadedRule {
  if (!fromFiles) return rule;
  const compliance = rule.pack === 'builtin' ? generated : mergeCompliance(generated, rule.meta.compliance);
  if (compliance === rule.meta.compliance) return rule;
  const meta: RuleMeta = { ...rule.meta };
  if (compliance) meta.compliance = compliance;
  else delete meta.compliance;
  return { ...rule, meta };
}

function packName(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

interface Loaded {
  rule?: LoadedRule;
  problems: Problem[];
}

interface RuleBytes {
  bytes: Buffer;
  sha256: string;
}

/** A built-in rule from the build's index: for the catalog only, so it cannot run. */
function fromIndex(entry: IndexedRule, folder: RuleFolder, pack: { name: string }): LoadedRule {
  return {
    meta: entry.meta,
    requires: entry.requires,
    kind: entry.kind,
    pack: pack.name,
    file: entry.file,
    path: folder.ruleFile,
    casesPath: folder.casesFile,
    sha256: entry.sha256,
    run: () => {
      throw new Error(`rule ${entry.meta.id} was loaded for the catalog only`);
    },
    ...(entry.source ? { source: entry.source } : {}),
  };
}

/** Checks shared by both kinds: folder layout against metadata, option defaults. */
function metaProblems(meta: RuleMeta, folder: RuleFolder, at: (path: Array<string | number>) => string): Problem[] {
  const file = folder.ruleFile;
  const problems: Problem[] = [];
  if (!SLUG_PATTERN.test(folder.slug)) problems.push({ file, location: '', message: `rule folder name '${folder.slug}' is not a kebab-case slug (e.g. role-not-admin)` });
  if (folder.parent !== meta.family) problems.push({ file, location: at(['family']), message: `family is '${meta.family}' but the rule folder sits in '${folder.parent}/'; rules live in <pack>/<family>/<slug>/` });
  meta.references.forEach((r, i) => {
    if (!isPublicUrl(r.url)) problems.push({ file, location: at(['references', i, 'url']), message: `a reference is a public https:// page (e.g. of the AWS documentation) that every reader can open, not ${JSON.stringify(r.url)}` });
  });
  for (const [name, spec] of Object.entries(meta.options ?? {})) {
    const p = optionValueProblem(spec, spec.default);
    if (p) problems.push({ file, location: at(['options', name, 'default']), message: `default ${p}` });
  }
  return problems;
}

function isPublicUrl(url: string): boolean {
  if (!/^https:\/\/\S+$/.test(url)) return false;
  try {
    return new URL(url).hostname.includes('.');
  } catch {
    return false;
  }
}

async function readRuleFile(path: string): Promise<RuleBytes | { problem: Problem }> {
  try {
    const bytes = await readFile(path);
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (err) {
    return { problem: { file: path, location: '', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'EIO'})` } };
  }
}

async function loadYamlRule(folder: RuleFolder, pack: { dir: string; name: string }, read: RuleBytes): Promise<Loaded> {
  const { yaml, schema, cel } = await parsers();
  const { parseYaml, yamlSchemaProblems } = yaml;
  const { validateYamlRule } = schema;
  const parsed = parseYaml(folder.ruleFile, read.bytes.toString('utf8'));
  if (!parsed.ok) return { problems: parsed.problems };
  const src: YamlSource = parsed.source;
  const value = src.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [{ file: folder.ruleFile, location: '', message: 'a rule file is a mapping of fields (id, title, severity, ...)' }] };
  }
  if (!validateYamlRule(value)) return { problems: yamlSchemaProblems(src, validateYamlRule.errors) };
  const def = value as unknown as RuleMeta & YamlLogic & { requires?: DataFamily[] };
  const problems = metaProblems(def, folder, (p) => src.locate(p));
  const compiled = cel.compileYamlLogic(def);
  if ('problems' in compiled) {
    for (const p of compiled.problems) problems.push({ file: folder.ruleFile, location: src.locate([p.field]), message: p.message });
  }
  if (problems.length > 0 || !('run' in compiled)) return { problems };
  const meta = pickMeta(def);
  const source: Record<string, string> = {};
  for (const k of LOGIC_KEYS) {
    const v = def[k];
    if (v !== undefined) source[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return {
    problems,
    rule: {
      meta,
      requires: def.requires ?? [],
      kind: 'yaml',
      pack: pack.name,
      file: relative(pack.dir, folder.ruleFile).split('\\').join('/'),
      path: folder.ruleFile,
      casesPath: folder.casesFile,
      sha256: read.sha256,
      run: compiled.run,
      source,
    },
  };
}

function pickMeta(def: RuleMeta): RuleMeta {
  const meta: RuleMeta = {
    id: def.id,
    title: def.title,
    severity: def.severity,
    resource: def.resource,
    family: def.family,
    rationale: def.rationale,
    remediation: def.remediation,
    references: def.references,
  };
  if (def.compliance) meta.compliance = def.compliance;
  if (def.options) meta.options = def.options;
  if (def.messages) meta.messages = def.messages;
  if (def.unwaivable !== undefined) meta.unwaivable = def.unwaivable;
  if (def.deprecated !== undefined) meta.deprecated = def.deprecated;
  if (def.replacedBy !== undefined) meta.replacedBy = def.replacedBy;
  return meta;
}

/**
 * A user rule's check with process.exit (and abort, reallyExit, kill) turned into a throw for its
 * duration: a rule that calls them ends its own evaluation with an error outcome, never the
 * audit with exit 0 and no output. An async check is an error outcome too, and its rejection is
 * handled here. When the watchdog stops a call (engine/isolation.ts), this finally does not run:
 * the isolation puts the originals back after the rule's walk.
 */
function guarded<T>(fn: () => T): T {
  const saved = refuseProcessControls();
  try {
    const out = fn();
    // An async check: its rejection is this rule's error, never an unhandled rejection of the run.
    if (out !== null && typeof out === 'object' && typeof (out as { then?: unknown }).then === 'function') {
      (out as unknown as PromiseLike<unknown>).then(undefined, () => undefined);
      throw new Error('returned a promise: a check is synchronous (rules do no I/O); its outcome was not awaited');
    }
    return out;
  } finally {
    restoreProcessControls(saved);
  }
}

type TsImport = (specifier: string, parent: string) => Promise<unknown>;
let typeScriptLoader: Promise<TsImport> | undefined;

/**
 * Imports a TypeScript rule. The compiled CLI runs the built-in rules from their compiled twins
 * in dist/rules; a user's rule.ts needs a TypeScript loader, so tsx is loaded then, and only
 * then (it costs start-up time). tsx's tsImport, not a global register: a pack whose
 * package.json does not say `"type": "module"` (or that has none) would otherwise be read as
 * CommonJS and fail to load. From source (tsx or vitest) a loader is already in place.
 */
async function importRule(file: string, builtin: boolean): Promise<unknown> {
  if (COMPILED && builtin) return import(pathToFileURL(compiledPath(relative(PACKAGE_ROOT, file))).href);
  if (COMPILED && /\.[cm]?ts$/.test(file)) {
    typeScriptLoader ??= import('tsx/esm/api').then((tsx) => tsx.tsImport as TsImport);
    const tsImport = await typeScriptLoader;
    return unwrapDefault(await tsImport(pathToFileURL(file).href, import.meta.url));
  }
  return unwrapDefault(await import(pathToFileURL(file).href));
}

/** A module read as CommonJS arrives as { default: { default: rule } }: the rule either way. */
function unwrapDefault(mod: unknown): unknown {
  const outer = (mod as { default?: unknown } | null)?.default;
  if (outer && typeof outer === 'object' && !('meta' in outer) && 'default' in outer) return { default: (outer as { default: unknown }).default };
  return mod;
}

async function loadTsRule(folder: RuleFolder, pack: { dir: string; name: string; builtin: boolean }, read: RuleBytes): Promise<Loaded> {
  const { validateTsMeta, validateTsRequires } = (await parsers()).schema;
  const file = folder.ruleFile;
  let mod: { default?: unknown };
  if (pack.builtin) {
    try {
      mod = (await importRule(file, true)) as { default?: unknown };
    } catch (err) {
      return { problems: [{ file, location: '', message: `cannot be imported: ${(err as Error).message.split('\n')[0]}` }] };
    }
  } else {
    // A user's module: its top level runs isolated, as its checks do.
    const imported = await importIsolated(file, () => importRule(file, false));
    if ('problems' in imported) return { problems: imported.problems.map((p) => ({ file, ...p })) };
    mod = imported.module as { default?: unknown };
  }
  const def = mod.default as Partial<RuleDefinition> | undefined;
  if (!def || typeof def !== 'object' || typeof def.check !== 'function' || !def.meta) {
    return { problems: [{ file, location: 'default export', message: 'a rule.ts default-exports defineRule({ meta, requires?, check })' }] };
  }
  const problems: Problem[] = [];
  if (!validateTsMeta(def.meta)) {
    for (const e of validateTsMeta.errors ?? []) {
      const params = e.params as Record<string, unknown>;
      const extra = e.keyword === 'additionalProperties' ? `.${String(params.additionalProperty)}` : e.keyword === 'required' ? `.${String(params.missingProperty)}` : '';
      const message = e.keyword === 'additionalProperties' ? 'unknown key' : e.keyword === 'required' ? 'missing required field' : (e.message ?? 'is invalid');
      problems.push({ file, location: `meta${e.instancePath.replace(/\//g, '.')}${extra}`, message });
    }
    return { problems };
  }
  if (def.requires !== undefined && !validateTsRequires(def.requires)) {
    problems.push({ file, location: 'requires', message: `must be a list of ${DATA_FAMILIES.join(', ')}` });
  }
  const meta = pickMeta(def.meta);
  problems.push(...metaProblems(meta, folder, (p) => `meta.${p.join('.')}`));
  if (problems.length > 0) return { problems };
  if (def.meta.messages === undefined) problems.push({ file, location: 'meta.messages', message: 'missing required field: a TypeScript rule names its messages, { id: template }, and its verdicts give a messageId' });
  if (problems.length > 0) return { problems };
  const check = def.check.bind(def) as unknown as (resource: ResourceView, ctx: RuleContext) => RuleVerdict | RuleVerdict[];
  const messages = def.meta.messages ?? {};
  return {
    problems,
    rule: {
      meta,
      requires: def.requires ?? [],
      kind: 'typescript',
      pack: pack.name,
      file: relative(pack.dir, file).split('\\').join('/'),
      path: file,
      casesPath: folder.casesFile,
      sha256: read.sha256,
      run: (resource, ctx) => {
        const out = pack.builtin ? check(resource, ctx) : guarded(() => check(resource, ctx));
        const verdicts: RuleVerdict[] = Array.isArray(out) ? (out.length > 0 ? out : [{ status: 'pass' }]) : [out];
        return verdicts.map((v) => resolveVerdict(v, messages));
      },
    },
  };
}
