/**
 * Bad input through the real binary: every case exits 2 with one clear message naming the file
 * and the place in it, and never a stack trace or an "internal error".
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliRun } from '../scale/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'pa-bad-'));
const at = (name: string) => join(dir, name);
const RULE = 'rules/versions/environment-on-published-version';

/** A minimal valid snapshot to start from. */
const snapshot = {
  schemaVersion: 1,
  tool: { name: 'proton-audit', version: '0.1.0' },
  collectedAt: '2026-11-01T00:00:00Z',
  collection: { source: 'live', startedAt: '2026-11-01T00:00:00Z', finishedAt: '2026-11-01T00:00:00Z' },
  accounts: [{ accountId: '111111111111', regions: [{ region: 'us-east-1', quotas: [] }] }],
  coverage: [],
};

type Case = [name: string, args: string[], expected: RegExp[]];
const cases: Case[] = [
  ['a truncated snapshot', ['evaluate', '--snapshot', at('truncated.json')], [/truncated\.json at line \d+, column \d+: invalid JSON/]],
  ['a binary file as snapshot', ['evaluate', '--snapshot', at('binary.json')], [/binary\.json at line 1, column 1: invalid JSON/]],
  ['an unknown snapshot schema version', ['evaluate', '--snapshot', at('v9.json')], [/v9\.json at \$\.schemaVersion: schemaVersion 9; this proton-audit reads schemaVersion 1/]],
  ['a snapshot of the wrong shape', ['evaluate', '--snapshot', at('shape.json')], [/shape\.json at \$\.accounts\[0\]\.accountId: must match pattern/, /shape\.json at \$\.accounts\[0\]\.regions\[0\]\.proton\.services\[0\]\.spec: must be string/]],
  ['a missing snapshot', ['evaluate', '--snapshot', at('absent.json')], [/absent\.json: no such file/]],
  ['bad config keys and values', ['evaluate', '--snapshot', at('ok.json'), '--config', at('bad-config.yml')], [/bad-config\.yml at failon \(line 1\): unknown key 'failon'/, /bad-config\.yml at severity\.PA-TAG-001 \(line 3\): must be one of/]],
  ['a config with a dangling YAML alias', ['evaluate', '--snapshot', at('ok.json'), '--config', at('alias.yml')], [/alias\.yml: invalid YAML: Unresolved alias/]],
  ['waivers without owner or expiry', ['evaluate', '--snapshot', at('ok.json'), '--config', at('waivers.yml')], [/waivers\.yml at waivers\[0\]\.owner \(line 2\): missing required field/, /waivers\.yml at waivers\[0\]\.expires \(line 2\): missing required field/]],
  ['invalid CEL', ['evaluate', '--snapshot', at('ok.json'), '--rules', at('cel-pack')], [/cel-pack\/versions\/broken-rule\/rule\.yaml at assert \(line \d+\): invalid CEL/]],
  ['duplicate rule ids', ['evaluate', '--snapshot', at('ok.json'), '--rules', at('dup-pack')], [/dup-pack\/versions\/copy\/rule\.yaml at id: duplicate rule id PA-VER-\d+: already used by .*\(built-in\)/]],
  ['unreadable export files', ['import', at('exports'), '--account-id', '111111111111', '--region', 'us-east-1'], [/list-environments\.json at line \d+, column \d+: invalid JSON/]],
  ['a bad accounts file', ['collect', '--accounts', at('accounts.csv'), '--assume-role', 'Audit', '--endpoint-url', 'http://127.0.0.1:9'], [/accounts\.csv at line 2: not an account id \(12 digits\): "1234"/]],
  ['a corrupt --since snapshot', ['collect', '--since', at('truncated.json'), '--endpoint-url', 'http://127.0.0.1:9'], [/truncated\.json at line \d+, column \d+: invalid JSON/]],
  ['a bad estate', ['emulator', '--estate', at('estate.json'), '--port', '0'], [/estate\.json at \$\.accounts\[0\]\.accountId/]],
];

const results = new Map<string, CliRun>();
beforeAll(async () => {
  const text = JSON.stringify(snapshot, null, 2);
  writeFileSync(at('ok.json'), text);
  writeFileSync(at('truncated.json'), text.slice(0, text.length / 2));
  writeFileSync(at('binary.json'), Buffer.from([0x00, 0xff, 0x13, 0x37, 0xfe, 0x00]));
  writeFileSync(at('v9.json'), JSON.stringify({ ...snapshot, schemaVersion: 9 }));
  writeFileSync(
    at('shape.json'),
    JSON.stringify({
      ...snapshot,
      accounts: [
        {
          accountId: 'acct-1',
          regions: [
            {
              region: 'us-east-1',
              quotas: [],
              proton: {
                environmentTemplates: [], environmentTemplateVersions: [], serviceTemplates: [], serviceTemplateVersions: [], environments: [],
                services: [{ name: 's', arn: 'arn:aws:proton:us-east-1:111111111111:service/s', templateName: 'web', status: 'ACTIVE', spec: null }],
                serviceInstances: [], components: [], environmentAccountConnections: [], repositories: [],
              },
            },
          ],
        },
      ],
    }),
  );
  writeFileSync(at('bad-config.yml'), 'failon: high\nseverity:\n  PA-TAG-001: urgent\n');
  writeFileSync(at('alias.yml'), 'disabled: *missing\n');
  writeFileSync(at('waivers.yml'), 'waivers:\n  - rule: PA-TAG-002\n    resource: "arn:aws:proton:*"\n    reason: legacy\n');
  cpSync(RULE, join(at('cel-pack'), 'versions', 'broken-rule'), { recursive: true });
  const celRule = join(at('cel-pack'), 'versions', 'broken-rule', 'rule.yaml');
  writeFileSync(celRule, readFileSync(celRule, 'utf8').replace(/^id: .*$/m, 'id: ACME-001').replace(/^assert: .*$/m, 'assert: resource.data.deploymentStatus ==== "x" &&'));
  cpSync(RULE, join(at('dup-pack'), 'versions', 'copy'), { recursive: true });
  mkdirSync(at('exports'), { recursive: true });
  writeFileSync(join(at('exports'), 'list-environments.json'), '{"environments": [ {"name": "a",\n');
  writeFileSync(at('accounts.csv'), 'id,name\n1234,short\n');
  writeFileSync(at('estate.json'), JSON.stringify({ estateVersion: 1, accounts: [{ accountId: 'x', regions: [] }] }));
  // Two at a time: each is a whole Node process.
  const queue = [...cases];
  await Promise.all(
    [0, 1].map(async () => {
      for (let c = queue.shift(); c; c = queue.shift()) results.set(c[0], await cli(c[1]));
    }),
  );
}, 120_000);

describe('bad input exits 2 with a clear message', () => {
  it.each(cases)('%s', (name, _args, expected) => {
    const r = results.get(name) as CliRun;
    expect(r.code, r.stderr).toBe(2);
    for (const re of expected) expect(r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at .*:\d+:\d+\)?\n|Error: /);
    expect(r.stderr.startsWith('proton-audit: ')).toBe(true);
    expect(r.stdout).toBe('');
  });
});
