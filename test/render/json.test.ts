import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/model/index.ts';
import { render } from '../../src/render/index.ts';
import { buildResult } from '../helpers/build-result.ts';
import { resultSchemaErrors } from './fixtures/validators.ts';

describe('JSON result', () => {
  it.each([
    ['plain', buildResult({ perCombination: 2 })],
    ['attacker text', buildResult({ attacker: true })],
    ['baseline', buildResult({ baseline: true })],
  ])('%s: the rendered result validates against schemas/result.schema.json', (_name, result) => {
    const parsed = JSON.parse(render('json', result, { color: false })) as unknown;
    expect(resultSchemaErrors(parsed)).toEqual([]);
    expect(parsed).toEqual(result);
  });

  it('the schema rejects what the contract forbids', () => {
    const good = JSON.parse(render('json', buildResult(), { color: false })) as AuditResult & Record<string, unknown>;
    const broken = (mutate: (r: Record<string, unknown>) => void): number => {
      const copy = structuredClone(good) as unknown as Record<string, unknown>;
      mutate(copy);
      return resultSchemaErrors(copy).length;
    };
    expect(broken((r) => delete r.summary)).toBeGreaterThan(0);
    const records = (r: Record<string, unknown>): Array<Record<string, unknown>> => (r.outcomes as Array<{ findings: Array<Record<string, unknown>> }>).flatMap((o) => o.findings);
    expect(broken((r) => (records(r)[0]!.status = 'urgent'))).toBeGreaterThan(0);
    expect(broken((r) => (records(r)[0]!.fingerprint = 'abc'))).toBeGreaterThan(0);
    expect(broken((r) => (records(r)[0]!.resource = -1))).toBeGreaterThan(0);
    expect(broken((r) => (r.extra = 1))).toBeGreaterThan(0);
    expect(broken((r) => (r.schemaVersion = 1))).toBeGreaterThan(0);
    expect(broken((r) => delete records(r).find((x) => x.status === 'skip')!.skipReason)).toBeGreaterThan(0);
  });

  it('is canonical: sorted keys, byte-stable whatever the key order of the input', () => {
    const result = buildResult({ attacker: true });
    const text = render('json', result, { color: false });
    const reordered = JSON.parse(JSON.stringify(result, Object.keys(result).reverse())) as AuditResult;
    expect(render('json', { ...reordered, ...result }, { color: false })).toBe(text);
    expect(text.indexOf('"baseline"')).toBe(-1);
    const top = Object.keys(JSON.parse(text) as object);
    expect(top).toEqual([...top].sort());
    expect(text.endsWith('}\n')).toBe(true);
  });
});
