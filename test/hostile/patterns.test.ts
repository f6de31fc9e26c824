/** Config patterns from a hostile hand: matched in linear time, or refused at load with their place. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseConfig } from '../../src/config/parse.ts';
import { tagFacts } from '../../src/facts/tags.ts';
import { checkObject, compilePattern } from '../../src/scan/analyze/values.ts';
import { globToRegExp } from '../../src/scan/bind/bind.ts';

describe('required-tag value patterns', () => {
  it('a catastrophic-backtracking pattern against a long value answers at once (RE2, not a backtracking engine)', () => {
    // With a backtracking engine this one value takes longer than the age of the universe.
    const value = `${'a'.repeat(50_000)}!`;
    const facts = tagFacts({ tags: [{ Key: 'Team', Value: value }], requiredKeys: [], patterns: { Team: '([a-z]+)+-team' }, parents: [], isProtonResource: true });
    expect(facts.badValues).toEqual([{ key: 'Team', value, pattern: '([a-z]+)+-team' }]);
    const good = tagFacts({ tags: [{ Key: 'Team', Value: 'core-team' }], requiredKeys: [], patterns: { Team: '([a-z]+)+-team' }, parents: [], isProtonResource: true });
    expect(good.badValues).toEqual([]);
  });

  it('patterns match the whole value, as before', () => {
    const facts = tagFacts({ tags: [{ Key: 'CostCenter', Value: 'xCC-1234' }], requiredKeys: [], patterns: { CostCenter: 'CC-\\d{4}' }, parents: [], isProtonResource: true });
    expect(facts.badValues.map((b) => b.key)).toEqual(['CostCenter']);
  });

  it('what needs backtracking (backreferences, lookaround) is refused at load, with file and line', () => {
    const text = "requiredTags:\n  patterns:\n    Owner: '(a)\\1'\n    App: '(?=x)x'\n    CostCenter: 'CC-\\d{4}'\n";
    let problems: InputError['problems'] = [];
    try {
      parseConfig('/tmp/cfg.yml', text);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems = err.problems;
    }
    expect(problems.map((p) => [p.file, p.location])).toEqual([
      ['/tmp/cfg.yml', 'requiredTags.patterns.Owner (line 3)'],
      ['/tmp/cfg.yml', 'requiredTags.patterns.App (line 4)'],
    ]);
    expect(problems[0]?.message).toMatch(/RE2 syntax/);
  });
});

describe('patterns from a scanned repository and scan bindings', () => {
  it("a schema's catastrophic pattern checks a long spec value at once (RE2), and still reports the mismatch", () => {
    const value = `${'a'.repeat(50_000)}!`;
    const problems = checkObject({ name: { type: 'string', pattern: '^(a+)+$' } }, [], { name: value }, []);
    expect(problems.map((p) => p.kind)).toEqual(['pattern']);
    expect(checkObject({ name: { type: 'string', pattern: '^(a+)+$' } }, [], { name: 'aaaa' }, [])).toEqual([]);
  });

  it('a schema pattern that needs backtracking is not run (schema.bad-pattern says so)', () => {
    expect(compilePattern('(a)\\1')).toBeUndefined();
    expect(compilePattern('(?=x)x')).toBeUndefined();
    expect(compilePattern('^[a-z]{3}$')?.test('abc')).toBe(true);
  });

  it('binding globs with many stars match in linear time', () => {
    const glob = `specs/${'*a'.repeat(40)}.yaml`;
    const file = `specs/${'a'.repeat(60_000)}.yml`;
    expect(globToRegExp(glob).test(file)).toBe(false);
    expect(globToRegExp('specs/**/*.yaml').test('specs/x/y.yaml')).toBe(true);
  });
});
