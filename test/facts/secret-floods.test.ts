/**
 * A field flooded with high-entropy values is one hit that counts them; everything else, and
 * every field at or under the bound, is reported hit by hit as before.
 */
import { describe, expect, it } from 'vitest';
import type { SecretHit } from '../../src/model/index.ts';
import { groupHighEntropyFloods, HIGH_ENTROPY_FLOOD } from '../../src/facts/secret-floods.ts';
import { prepareScan, scanTree } from '../../src/scan/scan.ts';
import { memoryTree } from '../../src/scan/source/tree.ts';

function entropyHits(n: number, field = 'spec', firstLine = 1, key: (i: number) => string | undefined = () => 'spec.pool'): SecretHit[] {
  return Array.from({ length: n }, (_, i) => {
    const k = key(i);
    const hit: SecretHit = { kind: 'high-entropy', field, line: firstLine + i, preview: `t${i}****` };
    if (k !== undefined) hit.key = k;
    return hit;
  });
}

describe('groupHighEntropyFloods', () => {
  it('leaves a field at the bound hit by hit, and returns the very list', () => {
    const hits = entropyHits(HIGH_ENTROPY_FLOOD);
    expect(groupHighEntropyFloods(hits)).toBe(hits);
  });

  it('counts on per field: two fields at the bound each stay hit by hit', () => {
    const hits = [...entropyHits(HIGH_ENTROPY_FLOOD, 'spec'), ...entropyHits(HIGH_ENTROPY_FLOOD, 'pipeline.spec')];
    expect(groupHighEntropyFloods(hits)).toBe(hits);
  });

  it('groups one over the bound into one hit at the place of the first, with count, lines, first preview and shared key', () => {
    const password: SecretHit = { kind: 'password', field: 'spec', key: 'spec.admin_password', line: 3, preview: 'Xk9-****' };
    const key: SecretHit = { kind: 'aws-access-key-id', field: 'spec', line: 200, preview: 'AKIA****' };
    const hits = [password, ...entropyHits(HIGH_ENTROPY_FLOOD + 1, 'spec', 10), key];
    const out = groupHighEntropyFloods(hits);
    expect(out).toEqual([
      password,
      { kind: 'high-entropy', field: 'spec', key: 'spec.pool', line: 10, lastLine: 10 + HIGH_ENTROPY_FLOOD, count: HIGH_ENTROPY_FLOOD + 1, preview: 't0****' },
      key,
    ]);
    // The members in the order a hit's own come in, count and last line after the line.
    expect(Object.keys(out[1] as SecretHit)).toEqual(['kind', 'field', 'key', 'line', 'lastLine', 'count', 'preview']);
    // The input is not changed.
    expect(hits).toHaveLength(HIGH_ENTROPY_FLOOD + 3);
    expect(hits[1]).toEqual({ kind: 'high-entropy', field: 'spec', key: 'spec.pool', line: 10, preview: 't0****' });
  });

  it('never groups the definite detectors, however many', () => {
    const hits: SecretHit[] = Array.from({ length: 3 * HIGH_ENTROPY_FLOOD }, (_, i) => ({ kind: 'password', field: 'spec', line: i + 1, preview: 'p***' }));
    expect(groupHighEntropyFloods(hits)).toBe(hits);
  });

  it('groups only the flooded field; the other keeps its hits', () => {
    const other = entropyHits(2, 'pipeline.spec', 1);
    const out = groupHighEntropyFloods([...other, ...entropyHits(HIGH_ENTROPY_FLOOD + 5, 'spec', 1)]);
    expect(out.map((h) => [h.field, h.count])).toEqual([
      ['pipeline.spec', undefined],
      ['pipeline.spec', undefined],
      ['spec', HIGH_ENTROPY_FLOOD + 5],
    ]);
  });

  it('keeps the key path every member lies under, none when they share none, and windowed when any was', () => {
    const nested = groupHighEntropyFloods(entropyHits(HIGH_ENTROPY_FLOOD + 1, 'spec', 1, (i) => `spec.pool.k${i}`));
    expect(nested[0]?.key).toBe('spec.pool');
    const flat = groupHighEntropyFloods(entropyHits(HIGH_ENTROPY_FLOOD + 1, 'spec', 1, (i) => `k${i}`));
    expect(flat[0]?.key).toBeUndefined();
    expect(Object.keys(flat[0] as SecretHit)).not.toContain('key');
    const someKeyless = groupHighEntropyFloods(entropyHits(HIGH_ENTROPY_FLOOD + 1, 'spec', 1, (i) => (i === 7 ? undefined : 'spec.pool')));
    expect(someKeyless[0]?.key).toBeUndefined();
    const hits = entropyHits(HIGH_ENTROPY_FLOOD + 1);
    expect(groupHighEntropyFloods(hits)[0]?.windowed).toBeUndefined();
    (hits[20] as SecretHit).windowed = true;
    expect(groupHighEntropyFloods(hits)[0]?.windowed).toBe(true);
  });
});

describe('a flooded spec file in a scanned repository', () => {
  it('is one issue counting its high-entropy strings, keyed by the count; a password in it is its own', async () => {
    await prepareScan();
    const token = (i: number): string => `Zr${String.fromCharCode(65 + (i % 26))}q8LmN4vXw${i.toString(36).padStart(3, '0')}TbK7pYd2`;
    const lines = Array.from({ length: HIGH_ENTROPY_FLOOD + 1 }, (_, i) => `    - ${token(i)}`);
    const spec = ['proton: EnvironmentSpec', 'spec:', '  vpc_cidr: 10.0.0.0/16', '  signing_pool:', ...lines, '  admin_password: "Xk9-Tr0ub4dor-batt3ry"', ''].join('\n');
    const issues = scanTree(memoryTree({ 'specs/prod.yaml': spec })).issues.filter((i) => i.code === 'secret.spec');
    expect(issues.map((i) => [i.key, i.location.line, i.location.endLine])).toEqual([
      [`secret.spec|specs/prod.yaml|spec.signing_pool|high-entropy*${HIGH_ENTROPY_FLOOD + 1}`, 5, 5 + HIGH_ENTROPY_FLOOD],
      ['secret.spec|specs/prod.yaml|spec.admin_password|password', 6 + HIGH_ENTROPY_FLOOD, undefined],
    ]);
    expect(issues[0]?.message).toContain(`holds ${HIGH_ENTROPY_FLOOD + 1} high-entropy strings under spec.signing_pool on lines 5 to ${5 + HIGH_ENTROPY_FLOOD}`);
    expect(JSON.stringify(issues)).not.toContain(token(0));
  });
});
