import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResult } from '../../src/diff/load.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { render } from '../../src/render/index.ts';
import { canonicalJson } from '../../src/util/canonical-json.ts';
import { buildResult, withFindings } from '../helpers/build-result.ts';
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

describe('JSON and JSON Lines carry scan locations, last-known marks and the scan summary', () => {
  const WHEN = '2026-09-30T02:00:00.000Z';
  const SHA = 'cd'.repeat(32);
  function marked(): AuditResult {
    const built = buildResult({ perCombination: 1 });
    const findings = findingsOf(built);
    const fail = findings.find((f) => f.status === 'fail');
    const pass = findings.find((f) => f.status === 'pass');
    if (!fail || !pass) throw new Error('fixture lacks a fail and a pass');
    fail.location = { file: 'env/v1/infrastructure/cloudformation.yaml', line: 12, logical: 'Resources.Role', instances: ['a', 'b'] };
    pass.lastKnown = { collectedAt: WHEN, sha256: SHA };
    const result = withFindings(built, findings);
    result.snapshot.lastKnown = [{ accountId: '111122223333', region: 'us-east-1', collectedAt: WHEN, sha256: SHA, source: 'live' }];
    result.scan = { paths: ['env'], bundles: 1, specs: 0, renderings: 2, base: { ref: 'main', commit: 'f'.repeat(40) } };
    return result;
  }

  it.each(['json', 'jsonl'] as const)('%s: written and read back, nothing is lost', async (format) => {
    const result = marked();
    const text = render(format, result, { color: false });
    if (format === 'json') expect(resultSchemaErrors(JSON.parse(text))).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'pa-json-'));
    const file = join(dir, `result.${format}`);
    writeFileSync(file, text);
    const back = (await readResult(file)).result;
    rmSync(dir, { recursive: true, force: true });
    expect(back.scan).toEqual(result.scan);
    expect(back.snapshot.lastKnown).toEqual(result.snapshot.lastKnown);
    const key = (f: Finding): string => canonicalJson([f.fingerprint, f.status, f.message, f.location ?? null, f.lastKnown ?? null], 0);
    expect(findingsOf(back).map(key)).toEqual(findingsOf(result).map(key));
    expect(findingsOf(back).filter((f) => f.location).length).toBe(1);
    expect(findingsOf(back).filter((f) => f.lastKnown).length).toBe(1);
  });
});
