import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseSnapshot, readSnapshot, serializeSnapshot, writeSnapshot } from '../../src/snapshot/io.ts';
import type { Snapshot } from '../../src/model/index.ts';

function minimal(): Snapshot {
  return {
    schemaVersion: 1,
    tool: { name: 'proton-audit', version: '0.1.0' },
    collectedAt: '2026-11-23T10:00:00Z',
    collection: { source: 'live', startedAt: '2026-11-23T09:59:00Z', finishedAt: '2026-11-23T10:00:00Z' },
    accounts: [
      {
        accountId: '111122223333',
        regions: [{ region: 'us-east-1', quotas: [{ name: 'environmentsPerAccount', value: 100, source: 'documented-default' }] }],
      },
    ],
    coverage: [{ accountId: '111122223333', region: 'us-east-1', service: 'proton', operation: 'ListEnvironments', status: 'ok', calls: 1, failures: 0 }],
  };
}

function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  return v;
}

function problemsOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('snapshot io', () => {
  it('round-trips and gives the same bytes and sha256 whatever the key order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-snap-'));
    const a = minimal();
    const b = reverseKeys(a) as Snapshot;
    expect(serializeSnapshot(a)).toBe(serializeSnapshot(b));
    const { sha256 } = await writeSnapshot(join(dir, 's.json'), a);
    const read = await readSnapshot(join(dir, 's.json'));
    expect(read.sha256).toBe(sha256);
    expect(read.snapshot).toEqual(a);
  });

  it('reports a syntax error with line and column', () => {
    const err = problemsOf(() => parseSnapshot('bad.json', '{\n  "schemaVersion": 1,\n  oops\n}'));
    expect(err.problems[0]?.location).toMatch(/^line 3, column \d+$/);
    expect(err.message).toContain('bad.json');
  });

  it('names an unknown schema version plainly', () => {
    const err = problemsOf(() => parseSnapshot('s.json', JSON.stringify({ ...minimal(), schemaVersion: 7 })));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]?.message).toMatch(/schemaVersion 7; this proton-audit reads schemaVersion 1/);
  });

  it('lists every problem with its JSON path', () => {
    const s = minimal() as unknown as Record<string, unknown>;
    const bad = {
      ...s,
      surprise: true,
      accounts: [{ accountId: '12', regions: [{ region: 'us-east-1', quotas: [{ name: 'nope', value: -1, source: 'x' }] }] }],
    };
    const err = problemsOf(() => parseSnapshot('s.json', JSON.stringify(bad)));
    const where = err.problems.map((p) => p.location);
    expect(where).toContain('$');
    expect(where).toContain('$.accounts[0].accountId');
    expect(where).toContain('$.accounts[0].regions[0].quotas[0].name');
    expect(where).toContain('$.accounts[0].regions[0].quotas[0].value');
    expect(err.problems.find((p) => p.location === '$')?.message).toBe("unknown key 'surprise'");
  });

  it('reports a missing file without a stack', async () => {
    await expect(readSnapshot('/nonexistent/snap.json')).rejects.toThrow(/no such file/);
  });

  it('never crashes on arbitrary input: it parses or throws InputError', () => {
    const valid = serializeSnapshot(minimal());
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.nat({ max: valid.length }).map((n) => valid.slice(0, n))), (text) => {
        try {
          parseSnapshot('fuzz.json', text);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('accepts a truncated file only if it is whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-snap-'));
    const text = serializeSnapshot(minimal());
    writeFileSync(join(dir, 't.json'), text.slice(0, text.length / 2));
    return expect(readSnapshot(join(dir, 't.json'))).rejects.toBeInstanceOf(InputError);
  });
});
