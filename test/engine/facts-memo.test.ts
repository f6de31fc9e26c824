/**
 * The facts memo (engine/cel/facts-memo.ts): which expressions read facts alone, and that a
 * remembered value is reused only where nothing it was computed from can have changed.
 */
import { describe, expect, it } from 'vitest';
import { compileExpr, type EvalContext } from '../../src/engine/cel/compile.ts';
import { celEnvironment } from '../../src/engine/cel/environment.ts';
import { factsPathsRead, isDeepFrozen } from '../../src/engine/cel/facts-memo.ts';
import type { AstNode } from '../../src/engine/cel/closure.ts';

const NOW = new Date('2026-11-02T00:00:00Z');
const pathsOf = (source: string, item?: string): string[][] | undefined => factsPathsRead(celEnvironment(item).parse(source).ast as unknown as AstNode);

describe('factsPathsRead', () => {
  it.each([
    ['size(facts.tags.missingRequired) == 0', [['tags', 'missingRequired']]],
    ['facts.tags.customer.exists(c, facts.tags.missingRequired.exists(k, k.lowerAscii() == c.lowerAscii()))', [['tags', 'customer'], ['tags', 'missingRequired']]],
    ['has(facts.version) && facts.version.behind > options.maxMinorLag', [['version']]],
    ['facts.tags.missingFromParent.map(p, p.key).join(", ") + " " + facts.quotas.x.y', [['quotas', 'x'], ['tags', 'missingFromParent']]],
    ['daysBetween(now, now) == 0', undefined],
    ['resource.name + facts.tags.x', undefined],
    ['size(facts) > 0', undefined],
    ['resource.facts.tags.x == 1', undefined],
  ] as Array<[string, string[][] | undefined]>)('%s', (source, paths) => {
    expect(pathsOf(source)).toEqual(paths);
  });

  it('does not take a forEach element for a constant', () => {
    expect(pathsOf('item.key + facts.tags.x', 'item')).toBeUndefined();
  });
});

describe('isDeepFrozen', () => {
  it('holds only for frozen plain values all the way down', () => {
    expect(isDeepFrozen('text')).toBe(true);
    expect(isDeepFrozen(Object.freeze({ a: Object.freeze([1, Object.freeze({ b: 'c' })]) }))).toBe(true);
    expect(isDeepFrozen(Object.freeze({ a: [1] }))).toBe(false);
    expect(isDeepFrozen({})).toBe(false);
    expect(isDeepFrozen(Object.freeze(new Date(0)))).toBe(false);
  });
});

describe('an expression of facts alone', () => {
  // One rule's constants, as the engine hands them to every resource of a walk.
  const OPTIONS = {};
  const CONFIG = {};
  const context = (facts: Record<string, unknown>, options: Record<string, unknown> = OPTIONS): EvalContext => {
    const plain = { resource: { name: 'r', facts }, facts, options, config: CONFIG, now: NOW };
    return { plain, cel: () => { throw new Error('the interpreter is not expected here'); } };
  };
  const compile = (source: string) => {
    const c = compileExpr(celEnvironment(), 'message', source, 'any');
    if (!c.ok) throw new Error(c.message);
    return c.value;
  };

  it('is worked out once for resources sharing deep-frozen facts', () => {
    let reads = 0;
    const tags = {
      n: Object.freeze({
        get m(): number {
          reads++;
          return 2;
        },
      }),
    };
    const expr = compile('facts.tags.n.all(k, k != "") ? facts.tags.n.m * 10 : 0');
    expect(expr.run(context({ tags, other: 1 }))).toBe(20);
    const afterFirst = reads;
    expect(expr.run(context({ tags, other: 2 }))).toBe(20);
    expect(expr.run(context({ tags }))).toBe(20);
    expect(reads).toBe(afterFirst);
    // Other rule options: worked out again.
    expect(expr.run(context({ tags }, { x: 1 }))).toBe(20);
    expect(reads).toBeGreaterThan(afterFirst);
  });

  it('is worked out again where the facts could have changed', () => {
    const expr = compile('facts.tags.list.map(x, x).join(",")');
    const mutable = { list: ['a'] };
    expect(expr.run(context({ tags: mutable }))).toBe('a');
    mutable.list.push('b');
    expect(expr.run(context({ tags: mutable }))).toBe('a,b');
    const inner = ['a'];
    const frozenOuter = Object.freeze({ list: inner });
    expect(expr.run(context({ tags: frozenOuter }))).toBe('a');
    inner.push('c');
    expect(expr.run(context({ tags: frozenOuter }))).toBe('a,c');
  });

  it('never hands one object to two resources', () => {
    const tags = Object.freeze({ list: Object.freeze(['a']) });
    const expr = compile('{"k": facts.tags.list}');
    const a = expr.run(context({ tags }));
    const b = expr.run(context({ tags }));
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });
});

describe('worthRemembering', () => {
  it('takes comprehensions and joins, leaves plain comparisons', async () => {
    const { worthRemembering } = await import('../../src/engine/cel/facts-memo.ts');
    const ast = (source: string): AstNode => celEnvironment().parse(source).ast as unknown as AstNode;
    expect(worthRemembering(ast('size(facts.tags.missingRequired) == 0'))).toBe(false);
    expect(worthRemembering(ast('facts.tags.missingRequired.join(", ")'))).toBe(true);
    expect(worthRemembering(ast('facts.tags.customer.exists(c, c == "Owner")'))).toBe(true);
  });
});
