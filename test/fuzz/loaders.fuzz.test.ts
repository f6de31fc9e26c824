/**
 * Property tests of every loader a user's file reaches: snapshots, config, estates, accounts
 * files and merge inputs. Arbitrary text, arbitrary JSON, and valid documents with one point
 * changed (a value replaced, a key deleted or added, the text cut short): a loader returns, or
 * throws an InputError whose problems name the file, and never anything else. A snapshot the
 * loader accepts is also evaluated with the full rule pack, which must not throw.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticEstate } from '../../bench/synthetic-estate.ts';
import { collect } from '../../src/collect/index.ts';
import { parseAccountsFile } from '../../src/collect/targets.ts';
import { parseConfig } from '../../src/config/parse.ts';
import { parseEstate, parseEstateText } from '../../src/emulator/load.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { InputError } from '../../src/errors.ts';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/io.ts';
import { mergeSnapshots } from '../../src/snapshot/merge.ts';
import type { Snapshot } from '../../src/model/index.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { audit, credentials, fixedNow } from '../scale/helpers.ts';
import { mutate, mutations, onlyInputErrors } from './mutate.ts';

const RUNS = { numRuns: 150 };

let snapshot: Snapshot;
let snapshotText: string;
beforeAll(async () => {
  const estate = syntheticEstate({ scale: 1, seed: 5150, accounts: 2, instancesPerService: 1 });
  const emulator = await startEmulator({ estate });
  try {
    snapshot = await collect({ endpointUrl: emulator.url, credentials, org: true, assumeRole: 'Audit', regions: ['us-east-1'], now: fixedNow, env: {} });
  } finally {
    await emulator.close();
  }
  snapshotText = serializeSnapshot(snapshot);
});

describe('snapshot loader', () => {
  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => onlyInputErrors(() => parseSnapshot('fuzz.json', text))), RUNS);
  });

  it('arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => onlyInputErrors(() => parseSnapshot('fuzz.json', JSON.stringify(value) ?? 'null'))), RUNS);
  });

  it('a real snapshot cut short anywhere', () => {
    fc.assert(
      // Cut before the closing brace: dropping only the trailing newline leaves a whole file.
      fc.property(fc.integer({ min: 0, max: snapshotText.trimEnd().length - 1 }), (at) => {
        expect(() => parseSnapshot('cut.json', snapshotText.slice(0, at))).toThrow(InputError);
      }),
      { numRuns: 60 },
    );
  });

  it('a real snapshot with one point changed: rejected with a location, or accepted and evaluated without a crash', async () => {
    const value = JSON.parse(snapshotText) as unknown;
    const accepted: Snapshot[] = [];
    fc.assert(
      fc.property(mutations(value), (m) => {
        const text = JSON.stringify(mutate(value, m)) ?? '';
        try {
          accepted.push(parseSnapshot('mutated.json', text));
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          for (const p of err.problems) expect(p.file).toBe('mutated.json');
        }
      }),
      { numRuns: 200 },
    );
    // Those the schema lets through reach the engine: it may skip or error per rule, never throw.
    for (const s of accepted.slice(0, 25)) {
      const result = await audit(s);
      expect(findingsOf(result).length).toBeGreaterThan(0);
    }
  });
});

describe('config loader', () => {
  const valid = {
    requiredTags: { keys: ['Owner', 'CostCenter'], byType: { serviceInstance: ['Owner'] }, patterns: { CostCenter: 'CC-\\d{4}' } },
    severity: { 'PA-TAG-001': 'low' },
    disabled: ['PA-QUO-005'],
    options: { 'PA-QUO-001': { threshold: 70 } },
    allowedAccounts: ['444455556666'],
    failOn: 'high',
    waivers: [{ rule: 'PA-TAG-002', resource: 'arn:aws:proton:*:111122223333:service/legacy-*', owner: 'platform-team', reason: 'retiring', expires: '2026-09-30' }],
  };

  it('the valid example loads', () => {
    expect(() => parseConfig('c.yml', stringify(valid))).not.toThrow();
  });

  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => onlyInputErrors(() => parseConfig('fuzz.yml', text))), RUNS);
  });

  it('arbitrary YAML documents', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => onlyInputErrors(() => parseConfig('fuzz.yml', stringify(value)))), RUNS);
  });

  it('the valid config with one point changed', () => {
    fc.assert(fc.property(mutations(valid), (m) => onlyInputErrors(() => parseConfig('mutated.yml', stringify(mutate(valid, m)) ?? ''))), { numRuns: 300 });
  });

  it('YAML-specific hazards: anchors, aliases, tags, duplicate keys, huge numbers', () => {
    for (const text of ['a: &x [*x]\n', 'failOn: !!binary aGk=\n', 'failOn: high\nfailOn: low\n', 'options: { PA-QUO-001: { threshold: 1e999 } }\n', '*undefined\n', '%YAML 9.9\n---\nfailOn: high\n', '? [a]\n: b\n']) {
      onlyInputErrors(() => parseConfig('hazard.yml', text));
    }
  });
});

describe('estate loader', () => {
  const estate = syntheticEstate({ scale: 1, seed: 77, instancesPerService: 1 });

  it('a synthetic estate with one point changed', () => {
    fc.assert(fc.property(mutations(estate), (m) => onlyInputErrors(() => parseEstate('mutated.json', mutate(estate, m)))), { numRuns: 200 });
  });

  it('its text cut short, as JSON and as YAML', () => {
    const json = JSON.stringify(estate);
    const yaml = stringify(estate);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (f) => {
        onlyInputErrors(() => parseEstateText('cut.json', json.slice(0, Math.floor(f * json.length))));
        onlyInputErrors(() => parseEstateText('cut.yaml', yaml.slice(0, Math.floor(f * yaml.length))));
      }),
      { numRuns: 40 },
    );
  });
});

describe('accounts file', () => {
  it('arbitrary text, and CSV-like lines', () => {
    const line = fc.array(fc.oneof(fc.stringMatching(/^\d{12}$/), fc.string({ maxLength: 8 }), fc.constant('"a,b"'), fc.constant('"')), { maxLength: 4 }).map((cells) => cells.join(','));
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => onlyInputErrors(() => parseAccountsFile('fuzz.csv', text))), RUNS);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        try {
          const targets = parseAccountsFile('fuzz.csv', lines.join('\n'));
          for (const t of targets) expect(t.accountId).toMatch(/^\d{12}$/);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      RUNS,
    );
  });
});

describe('merge', () => {
  it('any split of the accounts into shards merges back to the same accounts', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: snapshot.accounts.length, maxLength: snapshot.accounts.length }), (sides) => {
        const part = (side: boolean): Snapshot => ({ ...snapshot, accounts: snapshot.accounts.filter((_, i) => sides[i] === side), coverage: snapshot.coverage.filter((e) => sides[snapshot.accounts.findIndex((a) => a.accountId === e.accountId)] === side) });
        const shards = [part(true), part(false)].map((s, i) => ({ file: `s${i}`, snapshot: s, sha256: sha256Hex(`${i}${serializeSnapshot(s)}`) }));
        const merged = mergeSnapshots(shards, new Date(0)).snapshot;
        expect(merged.accounts).toEqual(snapshot.accounts);
        expect(merged.coverage).toEqual(snapshot.coverage);
      }),
      { numRuns: 20 },
    );
  });
});
