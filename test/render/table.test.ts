import { findingsOf } from '../../src/engine/outcomes.ts';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/index.ts';
import { renderTable } from '../../src/render/table.ts';
import { buildResult, withFindings } from '../helpers/build-result.ts';

const ESC = '\u001b';

describe('table', () => {
  it('has no escape sequences without colour, even from attacker text', () => {
    const text = render('table', buildResult({ attacker: true }), { color: false });
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\u202e');
    expect(text).not.toContain('\b');
    expect(text).toContain('RED');
  });

  it('colours severities only when asked, and still strips attacker escapes', () => {
    const text = render('table', buildResult({ attacker: true }), { color: true });
    expect(text).toContain(`${ESC}[`);
    expect(text).not.toContain(']0;pwned-title');
    expect(text).not.toContain(`${ESC}[31mRED`);
  });

  it('groups open failures by severity, most severe first, then by rule', () => {
    const text = render('table', buildResult({ perCombination: 3 }), { color: false });
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'].map((h) => text.search(new RegExp(`^${h} \\(\\d+\\)$`, 'm')));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const high = text.slice(order[1], order[2]);
    expect(high.indexOf('PA-IAM-001')).toBeGreaterThan(-1);
  });

  it('summarises waived, errors, skips and coverage and ends with a summary line', () => {
    const result = buildResult({ perCombination: 3 });
    const text = render('table', result, { color: false });
    expect(text).toMatch(/^Waived \(\d+\)$/m);
    expect(text).toMatch(/^Rule errors \(\d+\)$/m);
    expect(text).toMatch(/^Skipped \(\d+\)$/m);
    expect(text).toContain('Collection incomplete');
    expect(text).toMatch(/^Expired waivers \(1\)/m);
    const last = text.trimEnd().split('\n').at(-1) ?? '';
    const open = findingsOf(result).filter((f) => f.status === 'fail' && !f.waiver).length;
    expect(last).toContain(`Summary: ${open} failing`);
    expect(last).toContain(`${result.summary.byStatus.pass} passed`);
    expect(text).not.toMatch(/^Passed/m);
    expect(render('table', result, { color: false, includePassed: true })).toMatch(/^Passed \(\d+\)$/m);
  });

  it('lists at most the limit and says how many more there are', () => {
    const result = buildResult({ total: 300, failShare: 1 });
    const text = renderTable(result, { color: false, limit: 10 });
    expect(text).toContain(`… ${findingsOf(result).filter((f) => f.status === 'fail' && !f.waiver).length - 10} more failing findings`);
  });

  it('marks findings new since the baseline', () => {
    const text = render('table', buildResult({ baseline: true }), { color: false });
    expect(text).toContain('NEW ');
    expect(text).toMatch(/Baseline [0-9a-f]{12}: \d+ new failing, 1 resolved/);
  });

  it('wraps long words (ARNs, sub-keys) without cutting any of them off', () => {
    const result = buildResult();
    const subKey = `passrole+cloudformation:CreateChangeSet+${'x'.repeat(80)}`;
    const first = findingsOf(result).find((f) => f.status === 'fail' && !f.waiver);
    if (!first) throw new Error('fixture has no open failure');
    const text = render('table', withFindings(result, [{ ...first, subKey }]), { color: false, width: 100 });
    const cells = text.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│')[1]?.trim() ?? '').join('');
    expect(cells.replace(/\s/g, '')).toContain(subKey);
    expect(text).not.toContain('…');
  });

  it('is byte-identical for the same input', () => {
    const result = buildResult({ attacker: true, perCombination: 2 });
    expect(render('table', result, { color: false })).toBe(render('table', withFindings(result, [...findingsOf(result)].reverse()), { color: false }));
  });
});
