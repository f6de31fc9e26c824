/** Framework files are refused with every problem named by file and location (field and line). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../../src/errors.ts';
import { BUILTIN_RULES_DIR, loadRules } from '../../src/engine/index.ts';
import { selectCompliance } from '../../src/cli/pipeline/compliance.ts';
import { loadFrameworks, parseFramework } from '../../src/compliance/index.ts';
import { writePack } from '../helpers/case-builder.ts';

const GOOD = join(import.meta.dirname, '../engine/fixtures/pack-good');
const KNOWN = new Set(['ACME-SEC-001', 'ACME-TAG-001', 'ACME-VER-001']);

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});
function dir(files: Record<string, string>): string {
  const p = writePack(files, 'proton-audit-frameworks-');
  cleanups.push(p.cleanup);
  return p.dir;
}

const HEAD = 'id: acme\nname: ACME baseline\nversion: "1"\nurl: https://example.com/acme\ndescription: "Scope: all."\n';

function problemsOf(file: string, text: string, known = KNOWN): Problem[] {
  return parseFramework(file, text, known).problems;
}

describe('framework file problems', () => {
  it('accepts a valid file and keeps requirement order, sections and empty rule lists', () => {
    const text = `${HEAD}requirements:\n  - { id: A-1, section: Access, title: One, rules: [ACME-SEC-001] }\n  - { id: A-2, title: Two, rules: [] }\n`;
    const { frameworks, problems } = parseFramework('/x/acme.yaml', text, KNOWN);
    expect(problems).toEqual([]);
    expect(frameworks[0]?.requirements).toEqual([
      { id: 'A-1', section: 'Access', title: 'One', rules: ['ACME-SEC-001'] },
      { id: 'A-2', title: 'Two', rules: [] },
    ]);
  });

  it('reports invalid YAML with its line', () => {
    expect(problemsOf('/x/acme.yaml', `${HEAD}requirements: [\n`)).toEqual([expect.objectContaining({ file: '/x/acme.yaml', location: expect.stringMatching(/line \d+/), message: expect.stringMatching(/invalid YAML/) })]);
  });

  it('reports every schema problem at once, with the field and its line', () => {
    const text = 'id: Acme Corp\nname: ACME\nurl: http://example.com\ndescription: x\nrequirements:\n  - { id: A-1, title: One, rules: [acme-1], notes: x }\n  - { title: Two, rules: [] }\n';
    const problems = problemsOf('/x/acme.yaml', text);
    const at = problems.map((p) => `${p.location}: ${p.message}`);
    expect(at).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^id \(line 1\): must match pattern/),
        expect.stringMatching(/^version \(line 1\): missing required field/),
        expect.stringMatching(/^url \(line 3\): must match pattern/),
        expect.stringMatching(/^requirements\[0\]\.notes \(line 6\): unknown key 'notes'/),
        expect.stringMatching(/^requirements\[0\]\.rules\[0\] \(line 6\): must match pattern/),
        expect.stringMatching(/^requirements\[1\]\.id \(line 7\): missing required field/),
      ]),
    );
    expect(problems.every((p) => p.file === '/x/acme.yaml')).toBe(true);
  });

  it('reports duplicate requirements, repeated and unknown rules at their lines, and a file not named after its id', () => {
    const text = `${HEAD}requirements:\n  - { id: A-1, title: One, rules: [ACME-SEC-001, ACME-SEC-001] }\n  - { id: A-1, title: Again, rules: [ACME-NOPE-404] }\n`;
    const at = problemsOf('/x/other.yaml', text).map((p) => `${p.location}: ${p.message}`);
    expect(at).toEqual([
      "id (line 1): id is 'acme' but the file is named other.yaml; name it acme.yaml",
      'requirements[0].rules[1] (line 7): rule ACME-SEC-001 is listed twice for A-1',
      "requirements[1].id (line 8): duplicate requirement id 'A-1' (first at requirements[0])",
      'requirements[1].rules[0] (line 8): A-1 names ACME-NOPE-404, which is not a loaded rule',
    ]);
  });

  it('reports a duplicate framework id across files, an empty directory and a missing one', async () => {
    const body = `requirements:\n  - { id: A-1, title: One, rules: [] }\n`;
    const d = dir({ 'acme.yaml': HEAD + body, 'nested/ignored.txt': 'x', 'acme.yml': HEAD + body });
    const loaded = await loadFrameworks(d);
    expect(loaded.frameworks.map((f) => f.id)).toEqual(['acme']);
    expect(loaded.problems.map((p) => `${p.file.slice(d.length + 1)} ${p.location}: ${p.message}`)).toEqual([
      expect.stringMatching(/^acme\.yml id: duplicate framework id 'acme': already used by .*acme\.yaml$/),
    ]);
    expect((await loadFrameworks(dir({ 'README.md': 'x' }))).problems[0]?.message).toBe('holds no framework file (<id>.yaml)');
    expect((await loadFrameworks(join(d, 'nope'))).problems[0]?.message).toBe('framework directory does not exist');
  });

  it('the rule loader reports framework problems with the rule problems, in one error', async () => {
    const fw = dir({ 'acme.yaml': `${HEAD}requirements:\n  - { id: A-1, title: One, rules: [ACME-GONE-001] }\n` });
    let caught: unknown;
    try {
      await loadRules({ extraDirs: [GOOD], frameworksDir: fw });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).problems).toEqual([{ file: join(fw, 'acme.yaml'), location: 'requirements[0].rules[0] (line 7)', message: 'A-1 names ACME-GONE-001, which is not a loaded rule' }]);
  });

  it('fills the catalog compliance field of a custom pack from a framework directory', async () => {
    const fw = dir({
      'nist-800-53.yaml': 'id: nist-800-53\nname: N\nversion: r5\nurl: https://example.com\ndescription: d\nrequirements:\n  - { id: CM-8, title: Inventory, rules: [ACME-TAG-001] }\n',
    });
    const { catalog, frameworks } = await loadRules({ extraDirs: [GOOD], frameworksDir: fw });
    expect(frameworks.map((f) => f.id)).toEqual(['nist-800-53']);
    expect(catalog.find((r) => r.id === 'ACME-TAG-001')?.compliance).toEqual({ 'nist-800-53': ['CM-8'] });
  });

  it('counts a custom rule that states its own mapping in the framework views and in --compliance', async () => {
    const own = readFileSync(join(GOOD, 'tags/owner-tag/rule.yaml'), 'utf8').replace('id: ACME-TAG-001', 'id: ACME-TAG-101') + 'compliance:\n  nist-800-53: [CM-8, ZZ-99]\n';
    const cases = readFileSync(join(GOOD, 'tags/owner-tag/cases.yaml'), 'utf8');
    const pack = dir({ 'tags/owner-tag-own/rule.yaml': own, 'tags/owner-tag-own/cases.yaml': cases });
    const loaded = await loadRules({ builtinDir: BUILTIN_RULES_DIR, extraDirs: [pack] });
    const cm8 = loaded.frameworks.find((f) => f.id === 'nist-800-53')?.requirements.find((r) => r.id === 'CM-8');
    expect(cm8?.rules).toContain('ACME-TAG-101');
    expect(cm8?.rules.filter((r) => r === 'ACME-TAG-101')).toHaveLength(1);
    // A requirement the framework file does not list stays in the rule's catalog entry only.
    expect(loaded.catalog.find((r) => r.id === 'ACME-TAG-101')?.compliance).toEqual({ 'nist-800-53': ['CM-8', 'ZZ-99'] });
    expect(loaded.frameworks.flatMap((f) => f.requirements).some((r) => r.id === 'ZZ-99')).toBe(false);
    expect(selectCompliance(loaded, 'nist-800-53').rules.map((r) => r.meta.id)).toContain('ACME-TAG-101');
    expect(selectCompliance(loaded, 'cis-aws-foundations').rules.map((r) => r.meta.id)).not.toContain('ACME-TAG-101');
  });
});
