/**
 * The CEL environment every declarative rule compiles against: its variables, the helper
 * functions documented in docs/rule-format.md, and int/double mixing in arithmetic (CEL proper
 * refuses `1 * 0.5`; rule authors should not have to care whether a count is an int).
 */
import { Environment } from '@marcbachmann/cel-js';
import { globMatch } from '../../util/glob.ts';
import { compareVersions } from '../../facts/versions.ts';
import { instantMs } from '../../util/instant.ts';
import { linearFind } from '../../util/linear-regex.ts';

const TS = 'google.protobuf.Timestamp';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const RULE_VARIABLES = ['resource', 'facts', 'options', 'config', 'now'] as const;

function toDate(v: unknown, fn: string): Date {
  if (v instanceof Date) return v;
  const d = new Date(instantMs(String(v)));
  if (Number.isNaN(d.getTime())) throw new Error(`${fn}: '${String(v)}' is not a timestamp`);
  return d;
}

function between(unit: number, fn: string) {
  return (a: unknown, b: unknown): bigint => BigInt(Math.floor((toDate(b, fn).getTime() - toDate(a, fn).getTime()) / unit));
}

function arnField(index: number) {
  return (arn: string): string => (arn.startsWith('arn:') ? (arn.split(':')[index] ?? '') : '');
}

/** `matches` runs through RE2 (util/linear-regex.ts): the parsed tree's calls are renamed to this before checking. */
export const RE2_MATCHES = 're2Matches';

const isString = (v: unknown): v is string => typeof v === 'string';
const isTime = (v: unknown): boolean => typeof v === 'string' || v instanceof Date;
function typed(name: string, check: (args: unknown[]) => boolean, fn: (...args: never[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    if (!check(args)) throw new Error(`${name}: no overload for these argument types`);
    return fn(...(args as never[]));
  };
}

/** The environment's own functions as plain JavaScript, for compiled closures (closure.ts). */
export const CEL_HELPERS: Record<string, (...args: unknown[]) => unknown> = {
  glob: typed('glob', (a) => a.length === 2 && a.every(isString), (s: string, p: string) => globMatch(s, p)),
  daysBetween: typed('daysBetween', (a) => a.length === 2 && a.every(isTime), between(DAY, 'daysBetween')),
  hoursBetween: typed('hoursBetween', (a) => a.length === 2 && a.every(isTime), between(HOUR, 'hoursBetween')),
  versionCompare: typed('versionCompare', (a) => a.length === 2 && a.every(isString), (a: string, b: string) => BigInt(compareVersions(a, b))),
  arnAccount: typed('arnAccount', (a) => a.length === 1 && a.every(isString), arnField(4)),
  arnRegion: typed('arnRegion', (a) => a.length === 1 && a.every(isString), arnField(3)),
  arnService: typed('arnService', (a) => a.length === 1 && a.every(isString), arnField(2)),
};

function createBase(): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false, enableOptionalTypes: true });
  env
    .registerVariable('resource', 'map', { description: 'The resource: type, arn, name, accountId, region, data, facts.' })
    .registerVariable('facts', 'map', { description: 'resource.facts' })
    .registerVariable('options', 'map', { description: "The rule's options, defaults merged with config." })
    .registerVariable('config', 'map', { description: 'requiredTags, allowedAccounts, adminPrincipals, requireCustomerManagedKey.' })
    .registerVariable('now', TS, { description: 'The evaluation clock.' });
  env.registerFunction('glob(string, string): bool', (s: string, p: string) => globMatch(s, p), {
    description: "Whether the string matches a glob: '*' any run of characters, '?' one character.",
  });
  for (const [name, unit] of [['daysBetween', DAY], ['hoursBetween', HOUR]] as const) {
    for (const sig of [`${TS}, ${TS}`, `string, ${TS}`, `${TS}, string`, 'string, string']) {
      env.registerFunction(`${name}(${sig}): int`, between(unit, name), { description: `Whole ${name === 'daysBetween' ? 'days' : 'hours'} from the first time to the second (negative if earlier).` });
    }
  }
  env.registerFunction('versionCompare(string, string): int', (a: string, b: string) => BigInt(compareVersions(a, b)), {
    description: "-1, 0 or 1 comparing dotted numeric versions ('1.10' > '1.9').",
  });
  env.registerFunction(`string.${RE2_MATCHES}(string): bool`, (s: string, p: string) => linearFind(p, s), {
    description: 'Whether the RE2 pattern matches anywhere in the string (CEL matches; linear time).',
  });
  env.registerFunction(`${RE2_MATCHES}(string, string): bool`, (s: string, p: string) => linearFind(p, s), {
    description: 'Whether the RE2 pattern matches anywhere in the string (CEL matches; linear time).',
  });
  env.registerFunction('arnAccount(string): string', arnField(4), { description: "The account field of an ARN ('' if none)." });
  env.registerFunction('arnRegion(string): string', arnField(3), { description: "The region field of an ARN ('' if none)." });
  env.registerFunction('arnService(string): string', arnField(2), { description: "The service field of an ARN ('' if none)." });
  const mix: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
  };
  for (const [op, fn] of Object.entries(mix)) {
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => fn(Number(a), b));
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => fn(a, Number(b)));
  }
  return env;
}

let base: Environment | undefined;
const byItemName = new Map<string, Environment>();

/** The environment for a rule; `itemName` adds the forEach variable. */
export function celEnvironment(itemName?: string): Environment {
  const key = itemName ?? '';
  let env = byItemName.get(key);
  if (!env) {
    base ??= createBase();
    env = base.clone();
    if (itemName) env.registerVariable(itemName, 'dyn', { description: 'The current forEach element.' });
    byItemName.set(key, env);
  }
  return env;
}
