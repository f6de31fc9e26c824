/**
 * Parses `.proton-audit.yml` (or the file given with --config), validates it against
 * schemas/config.schema.json plus the checks a schema cannot express (regexes compile, dates
 * exist), and reports every problem at once with file, field and line.
 */
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import schema from '../../schemas/config.schema.json' with { type: 'json' };
import { InputError, type Problem } from '../errors.ts';
import { once } from '../util/once.ts';
import { linearRegexProblem } from '../util/linear-regex.ts';
import type { ResourceType, Severity, Waiver, Config, FailOn } from '../model/index.ts';
import { defaultConfig } from './defaults.ts';
import { parseYaml, yamlSchemaProblems, type YamlSource } from './yaml-source.ts';

const configValidator = once(() => new Ajv({ allErrors: true, strict: false }).compile(schema));

/** The shape the schema admits; every member optional. */
interface ConfigFile {
  rules?: string[];
  requiredTags?: { keys?: string[]; byType?: Partial<Record<ResourceType, string[]>>; patterns?: Record<string, string> };
  severity?: Record<string, Severity>;
  disabled?: string[];
  options?: Record<string, Record<string, unknown>>;
  allowedAccounts?: string[];
  adminPrincipals?: string[];
  requireCustomerManagedKey?: boolean;
  unwaivable?: string[];
  failOn?: FailOn;
  waivers?: Waiver[];
  scan?: { bindings?: Array<{ spec: string; template: string; major?: number }> };
}

/** Parses and validates config text; `file` names it in problems and anchors relative paths. */
export function parseConfig(file: string, text: string): Config {
  const parsed = parseYaml(file, text);
  if (!parsed.ok) throw new InputError(`cannot use config ${file}`, parsed.problems);
  const value = parsed.source.value ?? {};
  const problems = configProblems(parsed.source, value);
  if (problems.length > 0) throw new InputError(`cannot use config ${file}`, problems);
  return toConfig(value as ConfigFile, file);
}

/** Validates an already-parsed value (a case's `config:` block uses this too). */
export function configProblems(source: YamlSource, value: unknown, prefix: ReadonlyArray<string | number> = []): Problem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ file: source.file, location: source.locate(prefix), message: 'the config is a mapping of keys (rules, requiredTags, severity, waivers, ...)' }];
  }
  const validateSchema = configValidator();
  if (!validateSchema(value)) return yamlSchemaProblems(source, validateSchema.errors, prefix);
  const cfg = value as ConfigFile;
  const problems: Problem[] = [];
  const at = (...path: Array<string | number>): string => source.locate([...prefix, ...path]);
  for (const [key, pattern] of Object.entries(cfg.requiredTags?.patterns ?? {})) {
    // Matched in linear time (RE2 syntax): backreferences and lookaround are refused here.
    const problem = linearRegexProblem(pattern);
    if (problem) problems.push({ file: source.file, location: at('requiredTags', 'patterns', key), message: `not a usable regular expression (RE2 syntax, matched in linear time): ${problem}` });
  }
  (cfg.waivers ?? []).forEach((w, i) => {
    if (!isCalendarDate(w.expires)) problems.push({ file: source.file, location: at('waivers', i, 'expires'), message: `'${w.expires}' is not a calendar date (YYYY-MM-DD)` });
  });
  return problems;
}

function toConfig(file: ConfigFile, source: string): Config {
  const base = defaultConfig();
  const dir = dirname(source);
  return {
    rules: (file.rules ?? []).map((r) => resolve(dir, r)),
    requiredTags: {
      keys: file.requiredTags?.keys ?? base.requiredTags.keys,
      byType: file.requiredTags?.byType ?? {},
      patterns: file.requiredTags?.patterns ?? {},
    },
    severity: file.severity ?? {},
    disabled: file.disabled ?? [],
    options: file.options ?? {},
    allowedAccounts: file.allowedAccounts ?? [],
    adminPrincipals: file.adminPrincipals ?? [],
    requireCustomerManagedKey: file.requireCustomerManagedKey ?? base.requireCustomerManagedKey,
    unwaivable: file.unwaivable ?? [],
    ...(file.failOn !== undefined ? { failOn: file.failOn } : {}),
    waivers: (file.waivers ?? []).map((w) => ({ ...w })),
    ...(file.scan ? { scan: { bindings: (file.scan.bindings ?? []).map((b) => ({ ...b })) } } : {}),
    source,
  };
}

/** Merges a case's partial config over defaults (no file on disk, so paths stay as given). */
export function configFromValue(value: unknown, source: string): Config {
  const cfg = toConfig((value ?? {}) as ConfigFile, source);
  return { ...cfg, rules: ((value ?? {}) as ConfigFile).rules ?? [] };
}

export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
