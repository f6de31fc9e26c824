/**
 * Jinja mistakes that pass review and fail (or mislead) at deployment:
 * - `truncate(n)` keeps strings up to n+5 characters: Jinja's default leeway is 5, which AWS's
 *   own sample templates had to fix by passing leeway 0 for names with length limits;
 * - a CloudFormation dynamic reference `{{resolve:...}}` not escaped for Jinja
 *   (https://docs.aws.amazon.com/proton/latest/userguide/ag-troubleshooting.html);
 * - a component output read without `| default`, which fails whenever no component is
 *   attached (https://docs.aws.amazon.com/proton/latest/userguide/parameter-filters.html).
 */
import { lexJinja } from '../jinja/lexer.ts';
import { scanTemplate } from '../jinja/references.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';

function truncateHasLeewayZero(args: string): boolean {
  const kw = /\bleeway\s*=\s*(\d+)/.exec(args);
  if (kw) return kw[1] === '0';
  // Positional: length, killwords, end, leeway (split at top-level commas, strings aside).
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  let quote = '';
  for (const ch of args) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts[3] === '0';
}

export function jinjaPitfalls(file: string, source: string): ScanIssue[] {
  const out: ScanIssue[] = [];
  const scan = scanTemplate(source);
  for (const f of scan.filters) {
    if (f.name !== 'truncate' || truncateHasLeewayZero(f.args)) continue;
    out.push({
      code: 'jinja.truncate-leeway',
      message: `truncate(${f.args}) keeps strings up to 5 characters longer than its length (Jinja's default leeway is 5); pass leeway 0, e.g. truncate(n, true, '', 0), where a name limit applies.`,
      location: { file, line: f.line },
      key: issueKey('jinja.truncate-leeway', file, f.tag),
    });
  }
  for (const r of scan.references) {
    const p = r.path;
    if (p[0] === 'service_instance' && p[1] === 'components' && p[2] === 'default' && p[3] === 'outputs' && typeof p[4] === 'string' && !r.guarded) {
      out.push({
        code: 'jinja.component-output-unguarded',
        message: `${r.text} fails to render whenever no component is attached or it has no output ${p[4]}; add | default(...).`,
        location: { file, line: r.line },
        key: issueKey('jinja.component-output-unguarded', file, r.text),
      });
    }
  }
  // `{{resolve:...}}` as Jinja sees it: a variable tag starting with `resolve:`.
  for (const t of lexJinja(source).tokens) {
    if (t.kind === 'var' && /^\s*resolve\s*:/.test(t.inner)) {
      out.push({
        code: 'jinja.unescaped-dynamic-reference',
        message: `The dynamic reference {{${t.inner.trim().slice(0, 40)}...}} is read by Jinja as a variable and fails to render; wrap it in {% raw %}...{% endraw %} or write "{{ '{{resolve:...}}' }}".`,
        location: { file, line: t.line },
        key: issueKey('jinja.unescaped-dynamic-reference', file, t.inner.trim()),
      });
    }
  }
  return out;
}
