import { describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { UsageError } from '../../src/errors.ts';
import { parseFormatSpecs, writeOutputs } from '../../src/cli/pipeline/report.ts';
import { applyBaseline, exitCodeFor } from '../../src/engine/gate.ts';
import { render } from '../../src/render/index.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { buildResult } from './fixtures/build-result.ts';

describe('parseFormatSpecs', () => {
  it('defaults to a table on stdout', () => {
    expect(parseFormatSpecs([])).toEqual([{ format: 'table' }]);
    expect(parseFormatSpecs([], 'out.txt')).toEqual([{ format: 'table', path: 'out.txt' }]);
  });

  it('reads fmt and fmt:path, splitting at the first colon only', () => {
    expect(parseFormatSpecs(['sarif:out/a.sarif', 'json:C:\\tmp\\r.json', 'table'])).toEqual([
      { format: 'sarif', path: 'out/a.sarif' },
      { format: 'json', path: 'C:\\tmp\\r.json' },
      { format: 'table' },
    ]);
    expect(parseFormatSpecs(['html:-'])).toEqual([{ format: 'html' }]);
  });

  it('uses --output for the single-format case', () => {
    expect(parseFormatSpecs(['json'], 'r.json')).toEqual([{ format: 'json', path: 'r.json' }]);
    expect(parseFormatSpecs(['json'], '-')).toEqual([{ format: 'json' }]);
  });

  it.each([
    [['xml'], undefined, /unknown format 'xml'/],
    [['sarif:'], undefined, /path after ':' is empty/],
    [['json', 'markdown'], undefined, /json and markdown would both go to standard output/],
    [['json', 'sarif:x'], 'out', /single --format/],
    [['json:a.json'], 'b.json', /conflicts/],
    [['json:a', 'sarif:a'], undefined, /two formats would write a/],
  ] as Array<[string[], string | undefined, RegExp]>)('rejects %j (output %s)', (specs, output, message) => {
    expect(() => parseFormatSpecs(specs, output)).toThrow(UsageError);
    expect(() => parseFormatSpecs(specs, output)).toThrow(message);
  });
});

describe('writeOutputs', () => {
  it('writes each format once, colour only to the terminal, and returns each sha256', async () => {
    const result = buildResult();
    const files = new Map<string, string>();
    let stdout = '';
    const written = await writeOutputs(result, parseFormatSpecs(['table', 'table:t.txt', 'sarif:r.sarif', 'html:r.html']), { color: true }, {
      writeFile: async (path, data) => {
        files.set(path, data);
      },
      stdout: { write: (chunk: string) => (stdout += chunk) },
    });
    expect([...files.keys()].sort()).toEqual(['r.html', 'r.sarif', 't.txt']);
    expect(stdout).toContain('\u001b[');
    expect(files.get('t.txt')).not.toContain('\u001b');
    expect(files.get('t.txt')).toBe(render('table', result, { color: false }));
    for (const w of written) {
      const text = w.path === undefined ? stdout : (files.get(w.path) ?? '');
      expect(w.sha256).toBe(sha256Hex(text));
      expect(w.bytes).toBe(Buffer.byteLength(text));
    }
  });
});

function only(result: AuditResult, findings: Finding[]): AuditResult {
  return { ...result, findings };
}

describe('exitCodeFor', () => {
  const result = buildResult({ perCombination: 2 });
  const fail = (severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({ ...(result.findings[0] as Finding), status: 'fail', severity, waiver: undefined, ...extra });

  it('is 1 only for an open failure at or above the threshold', () => {
    expect(exitCodeFor(only(result, [fail('medium')]), 'high')).toBe(0);
    expect(exitCodeFor(only(result, [fail('medium')]), 'medium')).toBe(1);
    expect(exitCodeFor(only(result, [fail('critical')]), 'critical')).toBe(1);
    expect(exitCodeFor(only(result, [fail('info')]), 'info')).toBe(1);
    expect(exitCodeFor(only(result, [fail('info')]), 'low')).toBe(0);
  });

  it('ignores waived failures, errors, skips and passes', () => {
    const waiver = { rule: 'PA-IAM-001', resource: '*', owner: 'o', reason: 'r', expires: '2030-01-01' };
    expect(exitCodeFor(only(result, [fail('critical', { waiver })]), 'info')).toBe(0);
    expect(exitCodeFor(only(result, [fail('critical', { status: 'error', error: 'x' }), fail('critical', { status: 'skip', skipReason: 'x' }), fail('critical', { status: 'pass' })]), 'info')).toBe(0);
  });

  it('with a baseline, fails only on new open failures', () => {
    const old = only(result, [fail('critical', { fingerprint: 'a'.repeat(64) })]);
    const same = applyBaseline(only(result, [fail('critical', { fingerprint: 'a'.repeat(64) })]), old);
    expect(exitCodeFor(same, 'high')).toBe(0);
    const fresh = applyBaseline(only(result, [fail('critical', { fingerprint: 'a'.repeat(64) }), fail('low', { fingerprint: 'b'.repeat(64) })]), old);
    expect(exitCodeFor(fresh, 'high')).toBe(0);
    expect(exitCodeFor(fresh, 'low')).toBe(1);
  });
});
