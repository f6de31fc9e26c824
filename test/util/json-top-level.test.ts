/**
 * Picking top-level members out of a JSON text that arrives in chunks, and the --history reader
 * built on it: only the wanted members are parsed, at any chunk boundary; JSON Lines stop at the
 * first line; a version 2 result (JSON or JSON Lines) gives the same point as version 1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonScanError, pickTopLevel } from '../../src/util/json-top-level.ts';
import { readHistoryPoint } from '../../src/cli/pipeline/history.ts';
import { canonicalJson } from '../../src/util/canonical-json.ts';
import { buildResult } from '../helpers/build-result.ts';

function chunked(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('pickTopLevel', () => {
  const value = {
    a: { '"summary"': 'x', s: 'a "quoted", {braced} [bracketed] \\ string', n: [1, [2, { summary: 3 }]] },
    evaluatedAt: '2026-01-01T00:00:00Z',
    findings: [{ summary: 'not this one' }, 'summary', { evaluatedAt: 'nor this' }],
    schemaVersion: 1,
    summary: { failingBySeverity: { high: 2, low: 0 } },
    tool: { name: 'proton-audit', version: '0.1.0' },
    é: 'ünïcode',
  };
  const text = JSON.stringify(value, null, 1);

  it.each([1, 2, 3, 5, 16, 100000])('finds exactly the top-level members at chunk size %i', async (size) => {
    const got = await pickTopLevel(chunked(text, size), ['evaluatedAt', 'schemaVersion', 'summary', 'tool', 'é', 'missing']);
    expect(got).toEqual({ evaluatedAt: value.evaluatedAt, schemaVersion: 1, summary: value.summary, tool: value.tool, é: 'ünïcode' });
  });

  it('stops at the end of the first object, so JSON Lines give their first line', async () => {
    const lines = `${JSON.stringify({ line: 'result', evaluatedAt: 'first', summary: { a: 1 } })}\n${JSON.stringify({ line: 'rule', evaluatedAt: 'second' })}\n`;
    expect(await pickTopLevel(chunked(lines, 7), ['evaluatedAt', 'summary', 'line'])).toEqual({ line: 'result', evaluatedAt: 'first', summary: { a: 1 } });
  });

  it('refuses a text that is not an object; tolerates what it never reads', async () => {
    await expect(pickTopLevel(['[1, 2]'], ['a'])).rejects.toThrow(JsonScanError);
    await expect(pickTopLevel(['{"a": {"b": tru'], ['z'])).resolves.toEqual({});
    await expect(pickTopLevel(['{"a": {"b": tru}, "z": 1}'], ['a'])).rejects.toThrow(/value of "a" is not valid JSON/);
  });
});

describe('readHistoryPoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-history-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const result = buildResult({ perCombination: 2 });
  const expected = { evaluatedAt: result.evaluatedAt, label: 'v1.json', open: result.summary.failingBySeverity, total: Object.values(result.summary.failingBySeverity).reduce((a, b) => a + b, 0) };

  it('reads a version 1 result, and a version 2 one as JSON or JSON Lines, to the same point', async () => {
    writeFileSync(join(dir, 'v1.json'), canonicalJson(result));
    expect(await readHistoryPoint(join(dir, 'v1.json'))).toEqual({ point: expected });
    const header = { schemaVersion: 2, tool: result.tool, evaluatedAt: result.evaluatedAt, summary: result.summary };
    writeFileSync(join(dir, 'v2.json'), canonicalJson({ ...header, outcomes: [], resources: [], rules: [] }));
    expect(await readHistoryPoint(join(dir, 'v2.json'))).toEqual({ point: { ...expected, label: 'v2.json' } });
    writeFileSync(join(dir, 'v2.jsonl'), `${JSON.stringify({ line: 'result', ...header })}\n${JSON.stringify({ line: 'rule', id: 'PA-X' })}\n`);
    expect(await readHistoryPoint(join(dir, 'v2.jsonl'))).toEqual({ point: { ...expected, label: 'v2.jsonl' } });
  });

  it('says why a file is not a result', async () => {
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ tool: { name: 'prowler' }, evaluatedAt: 'x' }));
    writeFileSync(join(dir, 'v9.json'), JSON.stringify({ schemaVersion: 9, tool: { name: 'proton-audit' } }));
    writeFileSync(join(dir, 'list.json'), '[]');
    writeFileSync(join(dir, 'bad-count.json'), JSON.stringify({ schemaVersion: 1, tool: { name: 'proton-audit' }, evaluatedAt: '2026-01-01T00:00:00Z', summary: { failingBySeverity: { high: -1 } } }));
    expect(await readHistoryPoint(join(dir, 'other.json'))).toEqual({ problem: 'is not a proton-audit result (no tool.name "proton-audit")' });
    expect(await readHistoryPoint(join(dir, 'v9.json'))).toEqual({ problem: 'has result schemaVersion 9; this version reads 1 and 2' });
    expect(await readHistoryPoint(join(dir, 'list.json'))).toEqual({ problem: 'is not a proton-audit result (not a JSON object)' });
    expect(await readHistoryPoint(join(dir, 'bad-count.json'))).toEqual({ problem: 'summary.failingBySeverity.high is not a count' });
    expect(await readHistoryPoint(join(dir, 'missing.json'))).toEqual({ problem: 'no such file' });
  });
});
