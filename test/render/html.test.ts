import { findingsOf, passMessage, skipMessage } from '../../src/engine/outcomes.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/index.ts';
import { scriptSafeJson } from '../../src/render/html.ts';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { compacted } from '../helpers/compact-outcomes.ts';
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
/** The page's data block, parsed. */
function dataOf(html: string): PageData {
  return JSON.parse(scripts(html).find((s) => s.attrs.includes('application/json'))?.body ?? '{}') as PageData;
}
interface PageData {
  statuses: string[];
  severities: string[];
  types: string[];
  rules: Array<{ id: string; title: string; severity: number }>;
  places: Array<[string, string, string]>;
  resources: Array<[number, string, number, string?]>;
  groups: Array<[number, number, Array<number | unknown[]>]>;
  strings: string[];
  evidence: unknown[];
  waivers: unknown[];
}
const entryCount = (d: PageData): number => d.groups.reduce((n, g) => n + g[2].length, 0);

/** Every finding the data block holds, rebuilt the way report.js reads it, in its order. */
function decode(d: PageData): unknown[] {
  const text = (v: unknown) => (typeof v === 'number' ? d.strings[v] : v);
  const out: unknown[] = [];
  for (const [rule, status, entries] of d.groups) {
    for (const e of entries) {
      const row = typeof e === 'number' ? [e] : e;
      const at = (k: number): unknown => row[k] ?? null;
      const res = d.resources[at(0) as number] as [number, string, number, string?];
      const place = d.places[res[0]] as [string, string, string];
      const arn = place[2] + res[1];
      const slash = arn.lastIndexOf('/');
      const note = at(4) === null ? null : text(at(4));
      const r = d.rules[rule] as { id: string; title: string; severity: number };
      const st = d.statuses[status];
      const message = at(1) !== null ? text(at(1)) : st === 'pass' ? passMessage(r) : skipMessage(note as string);
      out.push({
        ruleId: r.id, status: st, severity: d.severities[r.severity], message, arn, name: res[3] ?? arn.slice((slash >= 0 ? slash : arn.lastIndexOf(':')) + 1), type: d.types[res[2]],
        accountId: place[0], region: place[1], subKey: at(2), note, evidence: at(3) === null ? null : d.evidence[at(3) as number],
        waiver: at(5) === null ? null : d.waivers[at(5) as number], isNew: at(6) === 1, lastKnown: at(7), notCollected: at(8) === 1,
      });
    }
  }
  return out;
}
function expected(result: AuditResult, f: Finding): unknown {
  return {
    ruleId: f.ruleId, status: f.status, severity: f.severity, message: f.message, arn: f.resource.arn, name: f.resource.name, type: f.resource.type,
    accountId: f.resource.accountId, region: f.resource.region, subKey: f.subKey ?? null, note: f.skipReason ?? f.error ?? null, evidence: f.evidence ?? null,
    waiver: f.waiver ?? null, isNew: result.baseline?.newFingerprints.includes(f.fingerprint) ?? false, lastKnown: f.lastKnown?.collectedAt ?? null, notCollected: f.notCollected === true,
  };
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
    const rows = (h: string) => entryCount(dataOf(h));
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

  it('holds every finding exactly, in the contract order, whether outcomes are records or compact lists', () => {
    for (const result of [buildResult({ attacker: true, baseline: true, perCombination: 3 }), compacted(buildResult({ attacker: true, baseline: true, perCombination: 6 }))]) {
      const page = render('html', result, { color: false, includePassed: true });
      expect(decode(dataOf(page))).toEqual(findingsOf(result).map((f) => expected(result, f)));
      // Passes are left out unless asked for, and nothing else is.
      const noPasses = render('html', result, { color: false });
      expect(decode(dataOf(noPasses))).toEqual(findingsOf(result, ['fail', 'error', 'skip']).map((f) => expected(result, f)));
    }
    // The compact lists stay compact in the page: a plain pass is one number, a guard skip a short row.
    const small = dataOf(render('html', compacted(buildResult({ perCombination: 6 })), { color: false, includePassed: true }));
    const entries = small.groups.flatMap((g) => g[2]);
    expect(entries.some((e) => typeof e === 'number')).toBe(true);
    expect(entries.some((e) => Array.isArray(e) && e.length === 5 && e[1] === null)).toBe(true);
  });

  it('is byte-identical for the same input', () => {
    const result = buildResult({ attacker: true, baseline: true });
    expect(render('html', withFindings(result, [...findingsOf(result)].reverse()), { color: false })).toBe(html);
  });
});
