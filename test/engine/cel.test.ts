import { describe, expect, it } from 'vitest';
import { asRuleView } from '../../src/rule-api/core/view.ts';
import { compileExpr, compileTemplate, setCelEngine, type EvalContext } from '../../src/engine/cel/compile.ts';
import { celEnvironment } from '../../src/engine/cel/environment.ts';
import { formatCel, fromCel, toCel } from '../../src/engine/cel/values.ts';
import { compileYamlLogic } from '../../src/engine/cel/yaml-rule.ts';
import { globMatch } from '../../src/util/glob.ts';
import type { ResourceView } from '../../src/model/index.ts';
import { caseView, quietAnalyzers } from '../helpers/case-builder.ts';

const env = celEnvironment();
const NOW = new Date('2026-06-01T00:00:00Z');

function contextOf(vars: Record<string, unknown>): EvalContext {
  const plain = { resource: {}, facts: {}, options: {}, config: {}, now: NOW, ...vars };
  return { plain, cel: () => ({ ...(toCel(plain) as Record<string, unknown>), now: NOW }) };
}

/** Evaluates with the compiled closures and with the interpreter alone; both must agree. */
function ev(source: string, vars: Record<string, unknown> = {}): unknown {
  const c = compileExpr(env, 'assert', source, 'any');
  if (!c.ok) throw new Error(c.message);
  const compiled = fromCel(c.value.run(contextOf(vars)));
  const before = setCelEngine('interpreter');
  try {
    expect(fromCel(c.value.run(contextOf(vars)))).toEqual(compiled);
  } finally {
    setCelEngine(before);
  }
  return compiled;
}

describe('CEL environment', () => {
  it('offers glob, daysBetween, hoursBetween, versionCompare and ARN helpers', () => {
    expect(ev('glob("arn:aws:iam::111122223333:role/admin", "arn:aws:iam::*:role/adm?n")')).toBe(true);
    expect(ev('glob("a/b", "a")')).toBe(false);
    expect(ev('daysBetween("2026-05-01T00:00:00Z", now)')).toBe(31);
    expect(ev('daysBetween(timestamp("2026-06-02T00:00:00Z"), now)')).toBe(-1);
    expect(ev('hoursBetween("2026-05-31T12:00:00Z", now)')).toBe(12);
    expect(ev('versionCompare("1.10", "1.9")')).toBe(1);
    expect(ev('arnAccount("arn:aws:iam::444455556666:role/x")')).toBe('444455556666');
    expect(ev('arnRegion("arn:aws:proton:eu-west-1:1:environment/x")')).toBe('eu-west-1');
    expect(ev('arnService("not an arn")')).toBe('');
  });

  it('mixes ints and doubles in arithmetic, as rule authors expect', () => {
    expect(ev('facts.ratio * 100.0 >= 80', { facts: { ratio: 0 } })).toBe(false);
    expect(ev('facts.used / facts.limit', { facts: { used: 3, limit: 4 } })).toBe(0);
    expect(ev('double(facts.used) / facts.limit', { facts: { used: 3, limit: 4 } })).toBe(0.75);
    expect(ev('facts.ratio * 100', { facts: { ratio: 0.5 } })).toBe(50);
  });

  it('rejects unknown functions and variables at compile time, naming them', () => {
    const a = compileExpr(env, 'assert', 'nosuch(resource)', 'bool');
    expect(a.ok ? '' : a.message).toMatch(/^invalid CEL: found no matching overload for 'nosuch/);
    const b = compileExpr(env, 'assert', 'item.x', 'bool');
    expect(b.ok ? '' : b.message).toMatch(/Unknown variable: item/);
    const c = compileExpr(celEnvironment('item'), 'assert', 'item.x == 1', 'bool');
    expect(c.ok).toBe(true);
  });

  it('renders {{placeholders}}: strings bare, lists comma-separated, maps as JSON', () => {
    const t = compileTemplate(env, 'message', 'a {{resource.name}} b {{resource.list}} c {{resource.map}} d {{1 + 1}}');
    if (!t.ok) throw new Error(t.message);
    expect(t.value.render(contextOf({ resource: { name: 'x', list: ['p', 'q'], map: { k: 1 } } }))).toBe('a x b p, q c {"k":1} d 2');
    expect(formatCel(NOW)).toBe('2026-06-01T00:00:00.000Z');
  });

  it('converts JSON integers to CEL ints and back', () => {
    expect(toCel({ a: 1, b: 1.5, c: [2] })).toEqual({ a: 1n, b: 1.5, c: [2n] });
    expect(fromCel({ a: 1n, d: NOW, m: new Map([['k', 2n]]) })).toEqual({ a: 1, d: '2026-06-01T00:00:00.000Z', m: { k: 2 } });
  });

  it('matches ARN globs literally apart from * and ?', () => {
    expect(globMatch('arn:aws:iam::1:role/a.b', 'arn:aws:iam::1:role/a.b')).toBe(true);
    expect(globMatch('arn:aws:iam::1:role/aXb', 'arn:aws:iam::1:role/a.b')).toBe(false);
    expect(globMatch('anything at all', '*')).toBe(true);
  });
});

describe('declarative rule logic', () => {
  const view = caseView({ proton: { environments: [{ name: 'prod', tags: { Owner: 'x' } }] } }, { analyzers: quietAnalyzers });
  const resource = view.ofType('environment')[0] as ResourceView;
  const ctx = { options: { n: 2 }, config: { requiredTags: [], allowedAccounts: [], adminPrincipals: [], requireCustomerManagedKey: false }, now: NOW, view: asRuleView(view) };

  it('gives one verdict per forEach element with its sub-key, and one pass for an empty list', () => {
    const logic = compileYamlLogic({ forEach: '["a", "b", "a"]', key: 'item', assert: 'item != "b"', message: '{{item}} is b' });
    if (!('run' in logic)) throw new Error(JSON.stringify(logic.problems));
    expect(logic.run(resource, ctx)).toEqual([
      { status: 'pass', subKey: 'a' },
      { status: 'fail', message: 'b is b', messageId: 'message', subKey: 'b' },
      { status: 'pass', subKey: 'a#2' },
    ]);
    const empty = compileYamlLogic({ forEach: '[]', key: 'item', assert: 'false', message: 'm' });
    if (!('run' in empty)) throw new Error('compile');
    expect(empty.run(resource, ctx)).toEqual([{ status: 'pass' }]);
  });

  it('numbers a repeated key past any number another element already holds: every sub-key distinct', () => {
    const logic = compileYamlLogic({ forEach: '["a", "a#2", "a", "a#2", "a"]', key: 'item', assert: 'true', message: 'm' });
    if (!('run' in logic)) throw new Error(JSON.stringify(logic.problems));
    expect(logic.run(resource, ctx).map((v) => v.subKey)).toEqual(['a', 'a#2', 'a#3', 'a#2#2', 'a#4']);
  });

  it('skips with the rendered reason when the guard is false', () => {
    const logic = compileYamlLogic({ when: 'resource.name == "other"', skipReason: '{{resource.name}} is not other', assert: 'true', message: 'm' });
    if (!('run' in logic)) throw new Error('compile');
    expect(logic.run(resource, ctx)).toEqual([{ status: 'skip', reason: 'prod is not other' }]);
  });

  it('sees options, config and now', () => {
    const logic = compileYamlLogic({ assert: 'options.n == 2 && size(config.requiredTags) == 0 && now.getFullYear() == 2026', message: 'm' });
    if (!('run' in logic)) throw new Error('compile');
    expect(logic.run(resource, ctx)).toEqual([{ status: 'pass' }]);
  });

  it('refuses an item name that shadows a rule variable, and key without forEach', () => {
    const a = compileYamlLogic({ forEach: '[]', as: 'resource', key: 'resource', assert: 'true', message: 'm' });
    expect('problems' in a && a.problems[0]?.message).toMatch(/already a rule variable/);
    const b = compileYamlLogic({ key: 'x', assert: 'true', message: 'm' });
    expect('problems' in b && b.problems.map((p) => p.field)).toEqual(['key']);
  });
});
