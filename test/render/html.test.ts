import { findingsOf } from '../../src/engine/outcomes.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/index.ts';
import { scriptSafeJson } from '../../src/render/html.ts';
import { PAYLOADS, buildResult, withFindings } from '../helpers/build-result.ts';

function scripts(html: string): Array<{ attrs: string; body: string }> {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1] ?? '', body: m[2] ?? '' }));
}
function decodeAttr(text: string): string {
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_m, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (named[e] ?? `&${e};`),
  );
}
/** The page without its JSON data block (whose strings hold the payloads, inert). */
function markup(html: string): string {
  return html.replace(/<script type="application\/json"[^>]*>[\s\S]*?<\/script>/, '');
}
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('HTML report (static checks; behaviour is in test/browser)', () => {
  const html = render('html', buildResult({ attacker: true, baseline: true }), { color: false });

  it('pins a strict CSP to the exact inline style and script', () => {
    const csp = decodeAttr(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '');
    expect(csp).toContain("default-src 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const exec = scripts(html).filter((s) => !s.attrs.includes('application/json'));
    expect(exec).toHaveLength(1);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain(`script-src ${hash(exec[0]?.body ?? '')}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('loads nothing from anywhere: no src, no stylesheet links, no external fonts', () => {
    const page = markup(html);
    expect(page).not.toMatch(/\ssrc=/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/<(iframe|object|embed|img|audio|video|source|base)\b/i);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(css).not.toMatch(/url\(|@import|@font-face/);
  });

  it('keeps attacker text inside the data block, which no payload can close', () => {
    const data = scripts(html).find((s) => s.attrs.includes('application/json'));
    expect(data).toBeDefined();
    expect(data?.body).not.toContain('<');
    expect(JSON.parse(data?.body ?? '') as unknown).toBeTruthy();
    // Outside the data block every payload appears escaped, never as markup.
    const outside = html.replace(data?.body ?? '', '');
    for (const payload of [PAYLOADS.script, PAYLOADS.img, PAYLOADS.svg, PAYLOADS.closeScript]) expect(outside).not.toContain(payload);
    expect(outside).toContain('&lt;script&gt;window.__pwned&#x3D;1;alert(1)&lt;/script&gt;');
    expect(outside).toContain('{{constructor}}');
  });

  it('scriptSafeJson escapes everything that could end a script element or break JS parsing', () => {
    const out = scriptSafeJson({ a: '</script><!-- & \u2028 \u2029' });
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual({ a: '</script><!-- & \u2028 \u2029' });
  });

  it('its script builds the page with textContent only', () => {
    const js = readFileSync(new URL('../../reports/html/report.js', import.meta.url), 'utf8');
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|setAttribute\(['"]on/);
  });

  it('the template never uses raw {{{ }}} except for our own CSS and JS', () => {
    const template = readFileSync(new URL('../../reports/html/report.hbs', import.meta.url), 'utf8');
    expect([...template.matchAll(/\{\{\{\s*(\w+)\s*\}\}\}/g)].map((m) => m[1]).sort()).toEqual(['css', 'js']);
  });

  it('embeds passing results only when asked, and counts them either way', () => {
    const result = buildResult({ perCombination: 2 });
    const passes = result.summary.byStatus.pass;
    const rows = (h: string) => (JSON.parse(scripts(h).find((s) => s.attrs.includes('application/json'))?.body ?? '{}') as { findings: unknown[] }).findings.length;
    expect(rows(render('html', result, { color: false }))).toBe(findingsOf(result).length - passes);
    expect(rows(render('html', result, { color: false, includePassed: true }))).toBe(findingsOf(result).length);
    expect(render('html', result, { color: false })).toContain(`${passes} passing results are counted above but not listed`);
  });

  it('shows coverage gaps, waivers with expiry, expired waivers, the baseline and evidence', () => {
    const result = buildResult({ perCombination: 3, baseline: true });
    const page = render('html', result, { color: false, evidence: { entries: [{ label: 'Snapshot', value: 'snapshot.json sha256 abc' }], files: [{ path: 'rules/x/rule.yaml', sha256: 'f'.repeat(64) }] } });
    expect(page).toContain('ListEnvironments');
    expect(page).toContain('AccessDeniedException');
    expect(page).toContain('Break-glass role');
    expect(page).toMatch(/2027-01-31 <small>\d+ days left<\/small>/);
    expect(page).toContain('class="expired">2026-01-01');
    expect(page).toContain('id="baseline"');
    expect(page).toContain('rules/x/rule.yaml');
    expect(render('html', buildResult(), { color: false })).not.toContain('id="evidence"');
  });

  it('is byte-identical for the same input', () => {
    const result = buildResult({ attacker: true, baseline: true });
    expect(render('html', withFindings(result, [...findingsOf(result)].reverse()), { color: false })).toBe(html);
  });
});
