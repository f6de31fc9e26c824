/** Strict times: --now and snapshot times carry a zone, impossible dates are refused, and TZ changes nothing. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { snapshotOfEstate } from '../../bench/estate-snapshot.ts';
import { parseNow } from '../../src/cli/shared/options.ts';
import { UsageError } from '../../src/errors.ts';
import { InputError } from '../../src/errors.ts';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/io.ts';
import { parseInstant } from '../../src/util/instant.ts';
import { isoOf } from '../../src/import/timestamps.ts';
import { cliProcess } from '../helpers/cli.ts';
import { testEstate } from '../collect/fixtures/estate.ts';

const run = promisify(execFile);

describe('--now', () => {
  it('takes a time with a zone', () => {
    expect(parseNow('2026-06-01T00:00:00Z').toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(parseNow('2026-06-01T02:30:00+02:00').toISOString()).toBe('2026-06-01T00:30:00.000Z');
  });

  it.each([
    ['2026-02-30T00:00:00Z', /does not exist/],
    ['2026-13-01T00:00:00Z', /does not exist/],
    ['2026-06-01T24:00:00Z', /does not exist/],
    ['2026-06-01T00:00:00', /has no zone/],
    ['2026-06-01', /has no time and zone/],
    ['yesterday', /not an ISO 8601 time/],
  ])('refuses %s', (value, message) => {
    expect(() => parseNow(value)).toThrow(UsageError);
    expect(() => parseNow(value)).toThrow(message);
  });

  it('parses instants exactly, leap days included', () => {
    expect(parseInstant('2028-02-29T12:00:00Z')?.ms).toBe(Date.UTC(2028, 1, 29, 12));
    expect(parseInstant('2026-02-29T12:00:00Z')).toBeUndefined();
    expect(parseInstant('2026-01-15T10:00:00')).toMatchObject({ zoned: false, ms: Date.UTC(2026, 0, 15, 10) });
  });
});

describe('imported times', () => {
  it('a time without a zone is UTC whatever the machine zone, and an impossible date is not rolled over', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(isoOf('2026-01-15T10:00:00')).toBe('2026-01-15T10:00:00.000Z');
      expect(isoOf('2026-02-30T10:00:00+00:00')).toBeUndefined();
      expect(isoOf('2026-01-15T10:00:00.123000+02:00')).toBe('2026-01-15T08:00:00.123Z');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('snapshot times', () => {
  const snapshot = snapshotOfEstate(testEstate(), '2026-11-01T00:00:00Z');

  it('a time without a zone, or an impossible one, is refused with its JSON path', () => {
    const edited = structuredClone(snapshot);
    const r = edited.accounts[0]?.regions.findIndex((x) => x.proton !== undefined) ?? -1;
    const env = edited.accounts[0]?.regions[r]?.proton?.environments[0];
    if (!env) throw new Error('fixture');
    env.createdAt = '2026-01-15T10:00:00';
    env.lastDeploymentAttemptedAt = '2026-02-30T10:00:00Z';
    let problems: InputError['problems'] = [];
    try {
      parseSnapshot('snap.json', serializeSnapshot(edited));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems = err.problems;
    }
    expect(problems.map((p) => p.location)).toEqual([`$.accounts[0].regions[${r}].proton.environments[0].createdAt`, `$.accounts[0].regions[${r}].proton.environments[0].lastDeploymentAttemptedAt`]);
    expect(problems[0]?.message).toMatch(/no time zone/);
  });

  it('the same evaluation under TZ=UTC and TZ=Pacific/Kiritimati (UTC+14) writes the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-tz-'));
    const snap = join(dir, 'snapshot.json');
    writeFileSync(snap, serializeSnapshot(snapshot));
    const outputs: string[][] = [];
    for (const tz of ['UTC', 'Pacific/Kiritimati']) {
      const out = join(dir, tz.replace('/', '-'));
      const formats = ['json', 'sarif', 'markdown', 'html'].map((f) => `${f}:${out}.${f}`);
      await run(...cliProcess(['evaluate', '--snapshot', snap, '--now', '2026-11-02T00:00:00Z', '--fail-on', 'none', ...formats.flatMap((f) => ['--format', f])]), {
        env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), TZ: tz },
        maxBuffer: 64 * 1024 * 1024,
      });
      outputs.push(['json', 'sarif', 'markdown', 'html'].map((f) => readFileSync(`${out}.${f}`, 'utf8')));
    }
    expect(outputs[1]).toEqual(outputs[0]);
  }, 240_000);
});
