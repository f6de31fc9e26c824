import { findingsOf } from '../../src/engine/outcomes.ts';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/index.ts';
import { escapeMarkdown } from '../../src/util/text.ts';
import { buildResult, withFindings } from '../helpers/build-result.ts';

describe('markdown', () => {
  it('escapes every construct attacker text could open', () => {
    const text = render('markdown', buildResult({ attacker: true, baseline: true }), { color: false });
    expect(text).not.toMatch(/<script|<img|<svg|<\/script/i);
    expect(text).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(text).not.toMatch(/(?<!\\)!\[x\]/);
    expect(text).not.toMatch(/@octocat/);
    expect(text).toContain('@&#8203;octocat');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u202e');
    // No attacker pipe may split a table cell: every table row has as many unescaped pipes as the header.
    for (const line of text.split('\n').filter((l) => l.startsWith('| ') && l.includes('<br>'))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(6);
    }
  });

  it('escapeMarkdown neutralises links, code, emphasis, HTML and mentions', () => {
    const out = escapeMarkdown('[a](javascript:x) `c` *e* <b> @team | x\ny');
    expect(out).toBe('\\[a\\]\\(javascript:x\\) \\`c\\` \\*e\\* &lt;b&gt; @&#8203;team \\| x y');
  });

  it('shows counts, the most severe findings first, and links to the rule docs', () => {
    const result = buildResult({ perCombination: 2 });
    const text = render('markdown', result, { color: false });
    expect(text.startsWith('## ❌ proton-audit:')).toBe(true);
    expect(text).toContain('| Critical | High | Medium | Low | Info | Waived | Errors | Skipped | Passed |');
    // A PR comment is read away from the repository: no relative link, the rule's title and first public reference instead.
    expect(text).not.toContain('docs/rules/');
    expect(text).toContain('[PA-IAM-001](https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html)<br>Proton service roles are not administrator-equivalent');
    for (const [, url] of text.matchAll(/\]\(([^)]*)\)/g)) expect(url).toMatch(/^https:\/\//);
    const top = text.slice(text.indexOf('### Top findings'));
    const sevs = [...top.matchAll(/^\| \S+ (critical|high|medium|low|info) \|/gm)].map((m) => m[1]);
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    expect(sevs.length).toBeGreaterThan(0);
    expect(sevs.map((s) => rank.indexOf(s ?? ''))).toEqual([...sevs.map((s) => rank.indexOf(s ?? ''))].sort((a, b) => a - b));
    const absolute = render('markdown', result, { color: false, ruleDocsBase: 'https://example.com/docs/rules' });
    expect(absolute).toContain('(https://example.com/docs/rules/PA-IAM-001.md)');
  });

  it('caps the lists and reports new and resolved findings against a baseline', () => {
    const result = buildResult({ total: 200, failShare: 0.8, baseline: true });
    const text = render('markdown', result, { color: false, limit: 5 });
    expect(text).toMatch(/### New since the baseline: \d+/);
    expect(text).toContain('Resolved since the baseline');
    expect(text).toMatch(/…and \d+ more new findings\./);
    expect(text).toMatch(/### Top findings \(5 of \d+\)/);
    expect(text.length).toBeLessThan(60_000);
  });

  it('says so plainly when nothing fails, and that the collection was incomplete', () => {
    const result = buildResult();
    const clean = withFindings(result, findingsOf(result).filter((f) => f.status === 'pass'));
    expect(render('markdown', clean, { color: false })).toMatch(/^## ✅ proton-audit: gate passed · no failing finding at or above high · ⚠️ collection incomplete\n/);
    const whole = { ...clean, summary: { ...clean.summary, incomplete: [] } };
    expect(render('markdown', whole, { color: false, failOn: 'critical' })).toMatch(/^## ✅ proton-audit: gate passed · no failing finding at or above critical\n/);
  });

  it('headline follows the gate: threshold, pass below it, fail at it, new findings under a baseline, report only', () => {
    const base = buildResult({ perCombination: 1 });
    const result = { ...base, summary: { ...base.summary, incomplete: [] } };
    const open = findingsOf(result).filter((f) => f.status === 'fail' && !f.waiver);
    const critical = open.filter((f) => f.severity === 'critical').length;
    expect(critical).toBeGreaterThan(0);
    expect(render('markdown', result, { color: false, failOn: 'critical' })).toMatch(new RegExp(`^## ❌ proton-audit: gate failed · ${critical} failing findings? at or above critical\n`));
    // Only info findings open: the gate at high passes and says how many stay open below it.
    const infoOnly = withFindings(result, findingsOf(result).filter((f) => f.status !== 'fail' || f.severity === 'info'));
    const infos = findingsOf(infoOnly).filter((f) => f.status === 'fail' && !f.waiver).length;
    expect(render('markdown', infoOnly, { color: false, failOn: 'high' })).toMatch(new RegExp(`^## ✅ proton-audit: gate passed · no failing finding at or above high \\(${infos} open failing findings? below it\\)\n`));
    expect(render('markdown', result, { color: false, failOn: 'none' })).toMatch(new RegExp(`^## ℹ️ proton-audit: report only \\(--fail-on none\\) · ${open.length} open failing findings\n`));
    // Under a baseline only new findings count.
    const withBaseline = buildResult({ perCombination: 1, baseline: true });
    const fresh = new Set(withBaseline.baseline?.newFingerprints);
    const newAtHigh = findingsOf(withBaseline).filter((f) => f.status === 'fail' && !f.waiver && fresh.has(f.fingerprint) && (f.severity === 'critical' || f.severity === 'high')).length;
    expect(render('markdown', withBaseline, { color: false, failOn: 'high' })).toMatch(new RegExp(`^## ❌ proton-audit: gate failed · ${newAtHigh} new failing findings? at or above high`));
    const noneNew = { ...withBaseline, baseline: { ...(withBaseline.baseline as NonNullable<typeof withBaseline.baseline>), newFingerprints: [] } };
    expect(render('markdown', noneNew, { color: false, failOn: 'high' })).toMatch(/^## ✅ proton-audit: gate passed · no new failing finding at or above high \(\d+ open failing findings accepted by the baseline or below it\)/);
  });

  it('links rule docs under an absolute --rule-docs-base', () => {
    const text = render('markdown', buildResult({ perCombination: 1 }), { color: false, ruleDocsBase: 'https://example.com/docs/rules/' });
    expect(text).toContain('[PA-IAM-001](https://example.com/docs/rules/PA-IAM-001.md)');
  });

  it('is byte-identical for the same input', () => {
    const result = buildResult({ attacker: true, baseline: true });
    expect(render('markdown', result, { color: false })).toBe(render('markdown', withFindings(result, [...findingsOf(result)].reverse()), { color: false }));
  });
});
