import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../../src/errors.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { loadRules } from '../../src/engine/index.ts';
import { writePack } from '../helpers/case-builder.ts';

const GOOD = join(import.meta.dirname, 'fixtures/pack-good');

const CASES = '- name: c\n  estate: {}\n  expect: [{ resource: x, status: pass }]\n';

function ruleYaml(fields: Record<string, string | undefined>): string {
  const base: Record<string, string | undefined> = {
    id: 'ACME-TAG-010',
    title: 'Environments are tagged',
    severity: 'low',
    resource: 'environment',
    family: 'tags',
    rationale: 'Because.',
    remediation: '{ text: Tag it. }',
    references: '[{ title: t, url: "https://docs.aws.amazon.com/proton/" }]',
    assert: 'size(facts.tags.customer) > 0',
    message: "'Environment {{resource.name}} has no tags.'",
    ...fields,
  };
  return Object.entries(base)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

async function loadProblems(dirs: string[], builtin?: string): Promise<Problem[]> {
  try {
    await loadRules({ ...(builtin ? { builtinDir: builtin } : {}), extraDirs: dirs });
  } catch (err) {
    if (err instanceof InputError) return [...err.problems];
    throw err;
  }
  throw new Error('expected the pack to be refused');
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});
function pack(files: Record<string, string>): string {
  const p = writePack(files);
  cleanups.push(p.cleanup);
  return p.dir;
}

describe('loading rule packs', () => {
  it('loads YAML and TypeScript rules with a catalog entry and the file sha256', async () => {
    const { rules, catalog } = await loadRules({ extraDirs: [GOOD], cwd: join(import.meta.dirname, '../..') });
    expect(rules.map((r) => [r.meta.id, r.kind])).toEqual([
      ['ACME-SEC-001', 'yaml'],
      ['ACME-TAG-001', 'yaml'],
      ['ACME-VER-001', 'typescript'],
    ]);
    const tag = catalog.find((c) => c.id === 'ACME-TAG-001');
    const bytes = readFileSync(join(GOOD, 'tags/owner-tag/rule.yaml'));
    expect(tag).toMatchObject({
      pack: 'test/engine/fixtures/pack-good',
      file: 'tags/owner-tag/rule.yaml',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      effectiveSeverity: 'medium',
      enabled: true,
    });
    expect(tag && 'assert' in tag).toBe(false);
  });

  it('applies config severity overrides and disabled rules to the catalog', async () => {
    const config = { ...defaultConfig(), severity: { 'ACME-TAG-001': 'critical' as const }, disabled: ['ACME-SEC-001'] };
    const { catalog } = await loadRules({ extraDirs: [GOOD], config });
    expect(catalog.find((c) => c.id === 'ACME-TAG-001')?.effectiveSeverity).toBe('critical');
    expect(catalog.find((c) => c.id === 'ACME-SEC-001')?.enabled).toBe(false);
  });

  it('reports every problem of a broken pack at once, each with file and field', async () => {
    const dir = pack({
      'tags/missing-title/rule.yaml': ruleYaml({ id: 'ACME-TAG-011', title: undefined }),
      'tags/missing-title/cases.yaml': CASES,
      'tags/bad-severity/rule.yaml': ruleYaml({ id: 'ACME-TAG-012', severity: 'urgent', resource: 'lambda' }),
      'tags/bad-severity/cases.yaml': CASES,
      'tags/bad-cel/rule.yaml': ruleYaml({ id: 'ACME-TAG-013', assert: "'facts.tags.customer.size( >'", when: "'nosuchfunction(resource)'" }),
      'tags/bad-cel/cases.yaml': CASES,
      'tags/not-bool/rule.yaml': ruleYaml({ id: 'ACME-TAG-014', assert: "'resource.name + \"x\"'" }),
      'tags/not-bool/cases.yaml': CASES,
      'tags/dup-a/rule.yaml': ruleYaml({ id: 'ACME-TAG-015' }),
      'tags/dup-a/cases.yaml': CASES,
      'tags/dup-b/rule.yaml': ruleYaml({ id: 'ACME-TAG-015' }),
      'tags/dup-b/cases.yaml': CASES,
      'tags/typo-key/rule.yaml': `${ruleYaml({ id: 'ACME-TAG-016' })}\nasert: "true"`,
      'tags/typo-key/cases.yaml': CASES,
      'tags/extra-file/rule.yaml': ruleYaml({ id: 'ACME-TAG-017' }),
      'tags/extra-file/cases.yaml': CASES,
      'tags/extra-file/notes.md': 'hello',
      'tags/no-cases/rule.yaml': ruleYaml({ id: 'ACME-TAG-018' }),
      'quotas/wrong-family/rule.yaml': ruleYaml({ id: 'ACME-TAG-019' }),
      'quotas/wrong-family/cases.yaml': CASES,
      'tags/Bad_Slug/rule.yaml': ruleYaml({ id: 'ACME-TAG-020' }),
      'tags/Bad_Slug/cases.yaml': CASES,
      'tags/bad-option/rule.yaml': `${ruleYaml({ id: 'ACME-TAG-021' })}\noptions:\n  days: { type: integer, default: "ninety", description: d }\n  mode: { type: enum, default: a, description: d }`,
      'tags/bad-option/cases.yaml': CASES,
      'tags/foreach-no-key/rule.yaml': ruleYaml({ id: 'ACME-TAG-022', forEach: 'facts.tags.missingRequired' }),
      'tags/foreach-no-key/cases.yaml': CASES,
      'tags/two-files/rule.yaml': ruleYaml({ id: 'ACME-TAG-023' }),
      'tags/two-files/rule.ts': 'export default {}',
      'tags/two-files/cases.yaml': CASES,
      'tags/stray/cases.yaml': CASES,
    });
    const problems = await loadProblems([dir]);
    const show = problems.map((p) => `${p.file.slice(dir.length + 1)} | ${p.location} | ${p.message}`);
    const expectOne = (file: string, location: RegExp | string, message: RegExp): void => {
      const hit = show.find((s) => s.startsWith(`${file} |`) && (typeof location === 'string' ? s.includes(`| ${location} |`) : location.test(s)) && message.test(s));
      expect(hit, `expected a problem in ${file} at ${String(location)} matching ${String(message)}; got:\n${show.join('\n')}`).toBeDefined();
    };
    expectOne('tags/missing-title/rule.yaml', /\| title/, /missing required field/);
    expectOne('tags/bad-severity/rule.yaml', /\| severity \(line 3\)/, /must be one of "critical"/);
    expectOne('tags/bad-severity/rule.yaml', /\| resource \(line 4\)/, /must be one of "account"/);
    expectOne('tags/bad-cel/rule.yaml', /\| assert \(line \d+\)/, /invalid CEL/);
    expectOne('tags/bad-cel/rule.yaml', /\| when \(line \d+\)/, /invalid CEL: .*nosuchfunction/);
    expectOne('tags/not-bool/rule.yaml', /\| assert/, /must be a bool expression, but has type string/);
    expectOne('tags/dup-b/rule.yaml', 'id', /duplicate rule id ACME-TAG-015: already used by .*dup-a/);
    expectOne('tags/typo-key/rule.yaml', /\| asert \(line 11\)/, /unknown key 'asert'/);
    expectOne('tags/extra-file/notes.md', '', /unexpected file in rule folder/);
    expectOne('tags/no-cases/cases.yaml', '', /missing: every rule ships its cases/);
    expectOne('quotas/wrong-family/rule.yaml', /\| family/, /sits in 'quotas\/'/);
    expectOne('tags/Bad_Slug/rule.yaml', '', /not a kebab-case slug/);
    expectOne('tags/bad-option/rule.yaml', /options\.mode\.type/, /must be one of/);
    expectOne('tags/foreach-no-key/rule.yaml', /\| key/, /forEach needs key/);
    expectOne('tags/two-files/rule.ts', '', /holds one rule file/);
    expectOne('tags/stray/cases.yaml', '', /without a rule file/);
  });

  it('checks option defaults against their type', async () => {
    const dir = pack({
      'tags/bad-default/rule.yaml': `${ruleYaml({})}\noptions:\n  days: { type: integer, default: 1.5, minimum: 1, description: d }`,
      'tags/bad-default/cases.yaml': CASES,
    });
    const problems = await loadProblems([dir]);
    expect(problems.map((p) => `${p.location}: ${p.message}`)).toEqual(['options.days.default (line 12): default must be an integer']);
  });

  it('refuses a custom rule reusing a built-in id, and the PA- prefix in custom packs', async () => {
    const builtin = pack({ 'tags/env-tags/rule.yaml': ruleYaml({ id: 'PA-TAG-900' }), 'tags/env-tags/cases.yaml': CASES });
    const custom = pack({
      'tags/copy/rule.yaml': ruleYaml({ id: 'PA-TAG-900' }),
      'tags/copy/cases.yaml': CASES,
      'tags/mine/rule.yaml': ruleYaml({ id: 'PA-TAG-901' }),
      'tags/mine/cases.yaml': CASES,
    });
    const problems = await loadProblems([custom], builtin);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/duplicate rule id PA-TAG-900: already used by .* \(built-in\)/),
      expect.stringMatching(/PA- prefix is reserved for built-in rules/),
    ]);
  });

  it('reports a TypeScript rule with bad metadata or no check', async () => {
    const dir = pack({
      'tags/ts-bad/rule.ts': "export default { meta: { id: 'ACME-TAG-030', title: 't', severity: 'loud', resource: 'environment', family: 'tags', rationale: 'r', remediation: { text: 'x' }, references: [] }, check() { return { status: 'pass' }; } };",
      'tags/ts-bad/cases.yaml': CASES,
      'tags/ts-nocheck/rule.ts': 'export default { meta: {} };',
      'tags/ts-nocheck/cases.yaml': CASES,
      'tags/ts-syntax/rule.ts': 'export default {{{;',
      'tags/ts-syntax/cases.yaml': CASES,
    });
    const problems = await loadProblems([dir]);
    const text = problems.map((p) => `${p.file.slice(dir.length + 1)} ${p.location}: ${p.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tags\/ts-bad\/rule\.ts meta\.severity: must be equal to one of the allowed values/),
        expect.stringMatching(/^tags\/ts-nocheck\/rule\.ts default export: a rule\.ts default-exports defineRule/),
        expect.stringMatching(/^tags\/ts-syntax\/rule\.ts line 1, column \d+: cannot be imported/),
      ]),
    );
  });

  it('refuses any reference that is not a public https page, in YAML and TypeScript rules, with the field', async () => {
    const meta = (url: string) => `{ id: 'ACME-TAG-041', title: 't', severity: 'low', resource: 'environment', family: 'tags', rationale: 'r', remediation: { text: 'x' }, references: [{ title: 'seed', url: '${url}' }], messages: {} }`;
    const dir = pack({
      'tags/seed-ref/rule.yaml': ruleYaml({ references: '[{ title: ok, url: "https://docs.aws.amazon.com/proton/" }, { title: seed, url: "seeds/000_x.txt:1-2" }]' }),
      'tags/seed-ref/cases.yaml': CASES,
      'tags/http-ref/rule.ts': `export default { meta: ${meta('http://example.com/page')}, check() { return { status: 'pass' }; } };`,
      'tags/http-ref/cases.yaml': CASES,
    });
    const problems = await loadProblems([dir]);
    expect(problems.map((p) => `${p.file.slice(dir.length + 1)} ${p.location}: ${p.message}`)).toEqual([
      'tags/http-ref/rule.ts meta.references.0.url: a reference is a public https:// page (e.g. of the AWS documentation) that every reader can open, not "http://example.com/page"',
      'tags/seed-ref/rule.yaml references[1].url (line 8): a reference is a public https:// page (e.g. of the AWS documentation) that every reader can open, not "seeds/000_x.txt:1-2"',
    ]);
  });

  it('asks a TypeScript rule for its messages, and turns an unknown message id into an error finding', async () => {
    const base = "id: 'ACME-TAG-042', title: 't', severity: 'low', resource: 'environment', family: 'tags', rationale: 'r', remediation: { text: 'x' }, references: []";
    const missing = pack({ 'tags/no-messages/rule.ts': `export default { meta: { ${base} }, check() { return { status: 'pass' }; } };`, 'tags/no-messages/cases.yaml': CASES });
    expect((await loadProblems([missing])).map((p) => `${p.location}: ${p.message}`)).toEqual([expect.stringMatching(/^meta\.messages: missing required field/)]);
    const unknown = pack({
      'tags/bad-id/rule.ts': `export default { meta: { ${base}, messages: { known: 'Environment {{name}} is known.' } }, check(r) { return r.name === 'a' ? { status: 'fail', messageId: 'known', data: { name: r.name } } : { status: 'fail', messageId: 'unknown' }; } };`,
      'tags/bad-id/cases.yaml': CASES,
    });
    const { rules } = await loadRules({ extraDirs: [unknown] });
    const rule = rules[0];
    if (!rule) throw new Error('not loaded');
    const ctx = { options: {}, config: { requiredTags: [], allowedAccounts: [], adminPrincipals: [], requireCustomerManagedKey: false }, now: new Date(0), view: {} as never };
    const view = (name: string) => ({ type: 'environment' as const, arn: name, name, accountId: '1', region: 'r', data: {}, facts: {} });
    expect(rule.run(view('a'), ctx)).toEqual([{ status: 'fail', messageId: 'known', message: 'Environment a is known.' }]);
    expect(() => rule.run(view('b'), ctx)).toThrow("returned messageId 'unknown', which meta.messages does not define");
  });

  it('checks the config against the loaded rules', async () => {
    const config = {
      ...defaultConfig(),
      source: 'cfg.yml',
      severity: { 'ACME-TAG-00l': 'high' as const },
      disabled: ['ACME-NOPE-001'],
      options: { 'ACME-TAG-001': { key: 5, colour: 'red' } },
      waivers: [{ rule: 'ACME-XYZ-001', resource: '*', owner: 'me', reason: 'r', expires: '2030-01-01' }],
    };
    try {
      await loadRules({ extraDirs: [GOOD], config });
      throw new Error('expected refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      const msgs = (err as InputError).problems.map((p) => `${p.file} ${p.location}: ${p.message}`);
      expect(msgs).toEqual([
        'cfg.yml severity.ACME-TAG-00l: no loaded rule has id ACME-TAG-00l (did you mean ACME-TAG-001?)',
        'cfg.yml disabled[0]: no loaded rule has id ACME-NOPE-001',
        'cfg.yml options.ACME-TAG-001.key: must be a string',
        "cfg.yml options.ACME-TAG-001.colour: ACME-TAG-001 has no option 'colour' (its options: key)",
        'cfg.yml waivers[0].rule: no loaded rule has id ACME-XYZ-001',
      ]);
    }
  });

  it('refuses waivers on unwaivable rules', async () => {
    const config = { ...defaultConfig(), unwaivable: ['ACME-SEC-001'], waivers: [{ rule: 'ACME-SEC-001', resource: '*', owner: 'me', reason: 'r', expires: '2030-01-01' }] };
    await expect(loadRules({ extraDirs: [GOOD], config })).rejects.toThrow(/ACME-SEC-001 is unwaivable \(config unwaivable\): fix the finding/);
  });

  it('says so when a pack directory does not exist', async () => {
    const problems = await loadProblems(['/nonexistent/pack']);
    expect(problems).toEqual([{ file: '/nonexistent/pack', location: '', message: 'rule pack directory does not exist' }]);
  });
});
