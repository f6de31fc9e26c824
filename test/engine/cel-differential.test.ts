/**
 * The compiled CEL closures against the interpreter (@marcbachmann/cel-js, the reference): the
 * built-in pack over whole estates with each engine must give the same result, finding for
 * finding; and a corpus of expressions over values chosen for the edges (int/double mixing,
 * integers past 2^53 and int64 overflow, -0, unicode, RE2 patterns) must give the same value or
 * the same error. Any difference fails.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.ts';
import { loadEstate } from '../../src/emulator/index.ts';
import { BUILTIN_RULES_DIR, evaluate, loadConfig, loadRules, prepareFacts, type LoadedRule } from '../../src/engine/index.ts';
import { compileExpr, setCelEngine, type CelEngine, type EvalContext } from '../../src/engine/cel/compile.ts';
import { celEnvironment } from '../../src/engine/cel/environment.ts';
import { fromCel, toCel } from '../../src/engine/cel/values.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { Config, Snapshot } from '../../src/model/index.ts';
import { canonicalJson } from '../../src/util/canonical-json.ts';
import { snapshotOfEstate } from '../../bench/estate-snapshot.ts';
import { syntheticEstate } from '../../bench/synthetic-estate.ts';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const NOW = new Date('2026-11-02T00:00:00Z');

function withEngine<T>(engine: CelEngine, fn: () => T): T {
  const before = setCelEngine(engine);
  try {
    return fn();
  } finally {
    setCelEngine(before);
  }
}

/** Tags named "constructor", "__proto__" and "toString" on every tagged Proton resource: attacker-chosen keys the interpreter must read as keys. */
function withPrototypeNamedTags(snapshot: Snapshot): Snapshot {
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      for (const r of region.tagging?.protonResources ?? []) {
        r.Tags.push({ Key: '__proto__', Value: 'p' }, { Key: 'constructor', Value: 'c' }, { Key: 'toString', Value: 't' });
        r.Tags.sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
      }
    }
  }
  return snapshot;
}

describe('compiled CEL ≡ interpreter over whole estates', () => {
  let rules: LoadedRule[];
  beforeAll(async () => {
    await prepareFacts();
    rules = (await loadRules({ builtinDir: BUILTIN_RULES_DIR, config: defaultConfig() })).rules;
  });

  const run = (snapshot: Snapshot, config: Config, engine: CelEngine): string =>
    withEngine(engine, () => canonicalJson(findingsOf(evaluate({ snapshot, sha256: '0'.repeat(64), rules, config, now: NOW, toolVersion: 'diff' }))));

  const estates: Array<[string, () => Promise<{ snapshot: Snapshot; config: Config }>]> = [
    ['the synthetic 1× bench estate', async () => ({ snapshot: snapshotOfEstate(syntheticEstate({ scale: 1, seed: 2026 }), '2026-11-01T00:00:00Z'), config: defaultConfig() })],
    ['the synthetic estate with another seed', async () => ({ snapshot: snapshotOfEstate(syntheticEstate({ scale: 1, seed: 7 }), '2026-11-01T00:00:00Z'), config: defaultConfig() })],
    ['the acme QA estate with its config', async () => ({ snapshot: snapshotOfEstate(await loadEstate(here('../qa/estates/acme-estate.json')), '2026-11-01T00:00:00Z'), config: await loadConfig(here('../qa/acme-config.yml')) })],
    ['the demo estate', async () => ({ snapshot: snapshotOfEstate(await loadEstate(here('../../examples/demo-estate.json')), '2026-11-01T00:00:00Z'), config: defaultConfig() })],
    ['the hostile-payload estate', async () => ({ snapshot: snapshotOfEstate(await loadEstate(here('../e2e/estates/payload-estate.json')), '2026-11-01T00:00:00Z'), config: defaultConfig() })],
    ['an estate whose tags are named after Object.prototype members', async () => ({ snapshot: withPrototypeNamedTags(snapshotOfEstate(syntheticEstate({ scale: 1, seed: 2026 }), '2026-11-01T00:00:00Z')), config: defaultConfig() })],
  ];

  it.each(estates)('%s', async (_name, make) => {
    const { snapshot, config } = await make();
    const compiled = run(snapshot, config, 'compiled');
    const interpreted = run(snapshot, config, 'interpreter');
    expect(compiled.length).toBeGreaterThan(100);
    expect(compiled).toBe(interpreted);
  });
});

describe('compiled CEL ≡ interpreter over edge values', () => {
  const NUMBERS: unknown[] = [0, 1, -1, 2, 3, 7, -7, 0.5, -0.5, 1.5, 2.5, 1e-9, 100, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 62, -(2 ** 62), 9.2e18, 1e300, 4.0];
  const STRINGS: unknown[] = ['', 'a', 'abc', 'ABC', 'Ünïcödé', '😀x', 'a.b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaab', 'arn:aws:iam::111122223333:role/x', '10', '-3', ' 4'];
  // Maps whose keys are the names of Object.prototype's members (a tag named "constructor" or "__proto__", as JSON gives them).
  const PROTO_KEYED: unknown[] = [JSON.parse('{"constructor": "x", "k": 1}'), JSON.parse('{"__proto__": {"k": 5}, "a": "y"}'), JSON.parse('{"hasOwnProperty": 1, "toString": "t"}')];
  const OTHERS: unknown[] = [true, false, null, [], [1, 2.5, 'x'], ['a', 'b'], { k: 1 }, { a: 'x', b: 2 }, { k: { a: 9007199254740993 } }, ...PROTO_KEYED];
  const VALUES = [...NUMBERS, ...STRINGS, ...OTHERS];

  const BINARY = [
    'x + y', 'x - y', 'x * y', 'x / y', 'x % y', 'x < y', 'x <= y', 'x > y', 'x >= y', 'x == y', 'x != y', 'x in [y]', 'x in y',
    'double(x) / double(y)', 'double(x) * 100.0 < double(y)', 'int(x) + int(y)', 'x + 1', 'x * 2.0', '-x', 'string(x) + string(y)',
    'x.matches(y)', 'size(x) + size(y)', '[x, y].all(a, a == x)', '[x, y].exists(a, a == y)', '[x, y].exists_one(a, a == x)',
    '[x, y].map(a, a)', '[x, y].filter(a, a == x)', '{"a": x, "b": y}', '{"b": x, "a": y, "c": x}', '{"b": x, "a": y}.map(k, k)', '{"b": x, "a": x / y}', 'x.k', 'x.k.a', 'y.a + x.b', 'x.constructor', 'x.toString', 'x.hasOwnProperty', 'has(x.constructor)', 'x.startsWith(y)', 'x.contains(y)', 'x.endsWith(y)',
    'x.lowerAscii() == y', '[x, y].join("-")', 'x.split(y)', 'has(y.k) ? y.k : x', 'y[0]', 'x[y]', 'size(x)', 'x["constructor"]', 'x["__proto__"]', 'has(x.__proto__)', 'x.map(k, k)', '"constructor" in x', '{"__proto__": x, "a": y}', 'x ? y : x', '!x || y', 'x && !y',
    'int(x)', 'double(x)', 'string(x)', 'dyn(x) == dyn(y)', 'timestamp(x) < now', 'glob(x, y)', 'versionCompare(x, y)',
    'x in ["a", "10", "ABC"]', 'x in [1.0, 2]', '[1, "two", true, null] + [x]', '{"k": [1, 2.0]}', '["a", "b"].exists(a, a == y)',
  ];
  const PATTERNS: unknown[] = ['^a', 'b$', '(a+)+$', '[[:alpha:]]+', '\\d+', '(?i)abc', 'é', '.', '^$', 'a{2,3}', '\\p{L}+', '(?s).'];

  const outcome = (fn: () => unknown): string => {
    try {
      return `ok ${canonicalJson(fromCel(fn()), 0)}`;
    } catch (err) {
      return `error ${err instanceof Error ? err.message : String(err)}`;
    }
  };

  const xy = () => celEnvironment('x').clone().registerVariable('y', 'dyn');

  it('gives the same value or the same error for every expression and pair of values', () => {
    const env = xy();
    const mismatches: string[] = [];
    let compared = 0;
    for (const source of BINARY) {
      const compiled = compileExpr(env, 'assert', source, 'any');
      if (!compiled.ok) continue;
      const ys = source.includes('matches') ? [...PATTERNS, ...VALUES] : VALUES;
      for (const x of VALUES) {
        for (const y of ys) {
          const plain = { resource: {}, facts: {}, options: {}, config: {}, now: NOW, x, y };
          const context: EvalContext = { plain, cel: () => ({ ...(toCel(plain) as Record<string, unknown>), now: NOW, x: toCel(x), y: toCel(y) }) };
          const a = withEngine('compiled', () => outcome(() => compiled.value.run(context)));
          const b = withEngine('interpreter', () => outcome(() => compiled.value.run(context)));
          compared++;
          if (a !== b) mismatches.push(`${source} with x=${JSON.stringify(x)} y=${JSON.stringify(y)}: compiled ${a} / interpreter ${b}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('matches with RE2 semantics in linear time: a catastrophic pattern for a backtracking engine returns at once', () => {
    const env = celEnvironment('x');
    const c = compileExpr(env, 'assert', 'x.matches("^(a+)+$")', 'bool');
    if (!c.ok) throw new Error(c.message);
    const x = `${'a'.repeat(5000)}!`;
    const plain = { resource: {}, facts: {}, options: {}, config: {}, now: NOW, x };
    for (const engine of ['compiled', 'interpreter'] as const) {
      expect(withEngine(engine, () => c.value.run({ plain, cel: () => ({ ...(toCel(plain) as Record<string, unknown>), now: NOW }) }))).toBe(false);
    }
  });
});
