import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { loadConfig } from '../../src/config/load.ts';
import { parseConfig } from '../../src/config/parse.ts';
import { DEFAULT_REQUIRED_TAG_KEYS, requiredTagKeys } from '../../src/config/defaults.ts';

function problemsOf(fn: () => unknown): InputError['problems'] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('config', () => {
  it('defaults when no file exists, with the seed tag set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-cfg-'));
    const cfg = await loadConfig(undefined, dir);
    expect(cfg.requiredTags.keys).toEqual([...DEFAULT_REQUIRED_TAG_KEYS]);
    expect(cfg.waivers).toEqual([]);
    expect(cfg.source).toBeUndefined();
    expect(requiredTagKeys(cfg, 'environment')).toEqual(['Owner', 'CostCenter', 'App', 'Environment', 'DataClassification']);
    expect(requiredTagKeys(cfg, 'servicePipeline')).toEqual([]);
  });

  it('discovers .proton-audit.yml in the directory and resolves rule dirs against it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-cfg-'));
    writeFileSync(join(dir, '.proton-audit.yml'), 'rules: [./packs/team]\nrequiredTags:\n  keys: [Owner]\n  byType: { servicePipeline: [Owner] }\nfailOn: high\n');
    const cfg = await loadConfig(undefined, dir);
    expect(cfg.rules).toEqual([join(dir, 'packs/team')]);
    expect(cfg.failOn).toBe('high');
    expect(requiredTagKeys(cfg, 'servicePipeline')).toEqual(['Owner']);
    expect(requiredTagKeys(cfg, 'service')).toEqual(['Owner']);
    expect(cfg.source).toBe(join(dir, '.proton-audit.yml'));
  });

  it('refuses an explicit path that does not exist', async () => {
    await expect(loadConfig('missing.yml', mkdtempSync(join(tmpdir(), 'pa-cfg-')))).rejects.toThrow(/no such file/);
  });

  it('reports every problem at once, with field and line', () => {
    const text = [
      'rule: [x]', //                                   1 unknown key (typo of rules)
      'severity:', //                                   2
      '  PA-IAM-001: urgent', //                        3 bad severity
      'requiredTags:', //                               4
      '  patterns: { CostCenter: "([" }', //            5 bad regex
      '  byType: { lambda: [Owner] }', //               6 unknown resource type
      'allowedAccounts: ["12345"]', //                  7 not 12 digits
      'waivers:', //                                    8
      '  - rule: PA-IAM-001', //                        9 missing owner
      '    resource: "arn:aws:iam::*:role/x"', //      10
      '    reason: accepted', //                       11
      '    expires: 2026-02-30', //                    12
    ].join('\n');
    const problems = problemsOf(() => parseConfig('/x/.proton-audit.yml', text));
    const byLoc = problems.map((p) => `${p.location} ${p.message}`);
    expect(byLoc).toEqual(
      expect.arrayContaining([
        "rule (line 1) unknown key 'rule'",
        expect.stringMatching(/^severity\.PA-IAM-001 \(line 3\) must be one of "critical"/),
        expect.stringMatching(/^requiredTags\.byType(\.lambda)? \(line 6\)/),
        expect.stringMatching(/^allowedAccounts\[0\] \(line 7\) must match pattern/),
        'waivers[0].owner (line 9) missing required field',
      ]),
    );
    expect(problems.every((p) => p.file === '/x/.proton-audit.yml')).toBe(true);
  });

  it('checks regexes and calendar dates once the shape is right', () => {
    const problems = problemsOf(() =>
      parseConfig(
        'c.yml',
        'requiredTags: { patterns: { CostCenter: "([" } }\nwaivers:\n  - { rule: PA-X-001, resource: "*", owner: me, reason: r, expires: 2026-02-30 }\n',
      ),
    );
    expect(problems.map((p) => p.location)).toEqual(['requiredTags.patterns.CostCenter (line 1)', 'waivers[0].expires (line 3)']);
    expect(problems[1]?.message).toMatch(/not a calendar date/);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf(() => parseConfig('c.yml', 'severity:\n  a: [1, 2\n'));
    expect(problems[0]?.message).toMatch(/invalid YAML/);
    expect(problems[0]?.location).toMatch(/line \d+/);
  });

  it('rejects duplicate keys', () => {
    expect(problemsOf(() => parseConfig('c.yml', 'failOn: high\nfailOn: low\n'))[0]?.message).toMatch(/unique/);
  });
});
