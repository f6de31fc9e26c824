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
    for (const line of text.split('\n').filter((l) => l.startsWith('| ') && l.includes('docs/rules'))) {
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
    expect(text).toMatch(/\[PA-IAM-001\]\(docs\/rules\/PA-IAM-001\.md\)/);
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

  it('says so plainly when nothing fails', () => {
    const result = buildResult();
    const clean = withFindings(result, findingsOf(result).filter((f) => f.status === 'pass'));
    expect(render('markdown', clean, { color: false })).toMatch(/^## ✅ proton-audit: no open failing findings/);
  });

  it('is byte-identical for the same input', () => {
    const result = buildResult({ attacker: true, baseline: true });
    expect(render('markdown', result, { color: false })).toBe(render('markdown', withFindings(result, [...findingsOf(result)].reverse()), { color: false }));
  });
});
