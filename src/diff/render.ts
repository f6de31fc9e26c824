/** Rendering a result diff or a snapshot diff as text, canonical JSON or escaped Markdown. */
import { escapeMarkdown, oneLine, truncate } from '../util/text.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import type { ResultDiff } from './results.ts';
import type { SnapshotDiff } from './snapshots.ts';

import type { DiffFormat } from './formats.ts';

export { DIFF_FORMATS, type DiffFormat } from './formats.ts';

export type AnyDiff = ResultDiff | SnapshotDiff;

const LIST_LIMIT = 200;

function bold(color: boolean, text: string): string {
  return color ? `\u001b[1m${text}\u001b[0m` : text;
}

function listed<T>(items: T[], line: (t: T) => string, limit: number): string[] {
  const out = items.slice(0, limit).map(line);
  if (items.length > limit) out.push(`  … and ${items.length - limit} more (use --format json for all)`);
  return out;
}

function resultText(d: ResultDiff, color: boolean): string {
  const out: string[] = [];
  out.push(`Comparing results: ${oneLine(d.old.file)} (${d.old.evaluatedAt}) → ${oneLine(d.new.file)} (${d.new.evaluatedAt})`);
  out.push(`${d.counts.added} new failing · ${d.counts.resolved} resolved · ${d.counts.changed} changed · ${d.counts.unchangedFailing} still failing unchanged`, '');
  const line = (tag: string) => (f: ResultDiff['added'][number]) =>
    `  ${tag} ${f.severity.padEnd(8)} ${f.ruleId}  ${f.resource.type} ${truncate(oneLine(f.resource.name), 60)}${f.waived ? ' (waived)' : ''}  ${truncate(oneLine(f.message), 160)}`;
  if (d.added.length) out.push(bold(color, `New failing (${d.added.length})`), ...listed(d.added, line('+'), LIST_LIMIT), '');
  if (d.resolved.length) out.push(bold(color, `Resolved (${d.resolved.length})`), ...listed(d.resolved, line('-'), LIST_LIMIT), '');
  if (d.changed.length) {
    out.push(bold(color, `Changed (${d.changed.length})`));
    out.push(
      ...listed(
        d.changed,
        (c) =>
          `  ~ ${c.ruleId}  ${c.resource.type} ${truncate(oneLine(c.resource.name), 60)}: ${c.fields
            .map((f) => (f === 'message' ? 'message changed' : `${f} ${String(c.before[f])} → ${String(c.after[f])}`))
            .join(', ')}`,
        LIST_LIMIT,
      ),
      '',
    );
  }
  if (!d.added.length && !d.resolved.length && !d.changed.length) out.push('No differences in findings.');
  return `${out.join('\n').trimEnd()}\n`;
}

function snapshotText(d: SnapshotDiff, color: boolean): string {
  const out: string[] = [];
  out.push(`Comparing snapshots: ${oneLine(d.old.file)} (${oneLine(d.old.collectedAt)}) → ${oneLine(d.new.file)} (${oneLine(d.new.collectedAt)})`);
  const c = d.counts;
  out.push(`${c.added} added · ${c.removed} removed · ${c.versions} version changes · ${c.roles} roles changed · ${c.policies} policies changed · ${c.tags} tag changes`, '');
  const ref = (sign: string) => (r: SnapshotDiff['added'][number]) => `  ${sign} ${r.type.padEnd(28)} ${oneLine(r.arn)}`;
  if (d.added.length) out.push(bold(color, `Added (${d.added.length})`), ...listed(d.added, ref('+'), LIST_LIMIT), '');
  if (d.removed.length) out.push(bold(color, `Removed (${d.removed.length})`), ...listed(d.removed, ref('-'), LIST_LIMIT), '');
  if (d.versions.length) {
    out.push(bold(color, `Template versions (${d.versions.length})`), ...listed(d.versions, (v) => `  ~ ${v.type} ${oneLine(v.name)}: ${oneLine(v.before)} → ${oneLine(v.after)}`, LIST_LIMIT), '');
  }
  if (d.roles.length) {
    out.push(bold(color, `Role policies (${d.roles.length})`));
    for (const r of d.roles.slice(0, LIST_LIMIT)) {
      const parts: string[] = [];
      if (r.trustChanged) parts.push('trust policy changed');
      if (r.inline.added.length) parts.push(`inline added: ${r.inline.added.map(oneLine).join(', ')}`);
      if (r.inline.removed.length) parts.push(`inline removed: ${r.inline.removed.map(oneLine).join(', ')}`);
      if (r.inline.changed.length) parts.push(`inline changed: ${r.inline.changed.map(oneLine).join(', ')}`);
      if (r.attached.added.length) parts.push(`attached: ${r.attached.added.map(oneLine).join(', ')}`);
      if (r.attached.removed.length) parts.push(`detached: ${r.attached.removed.map(oneLine).join(', ')}`);
      if (r.boundary) parts.push(`boundary ${oneLine(r.boundary.before ?? 'none')} → ${oneLine(r.boundary.after ?? 'none')}`);
      out.push(`  ~ ${oneLine(r.name)}: ${parts.join('; ')}`);
    }
    out.push('');
  }
  if (d.policies.length) {
    out.push(bold(color, `Managed policies (${d.policies.length})`), ...listed(d.policies, (p) => `  ~ ${oneLine(p.name)}: default version ${oneLine(p.defaultVersion.before ?? '?')} → ${oneLine(p.defaultVersion.after ?? '?')}${p.documentChanged ? ', document changed' : ''}`, LIST_LIMIT), '');
  }
  if (d.tags.length) {
    out.push(bold(color, `Tags (${d.tags.length})`));
    out.push(
      ...listed(
        d.tags,
        (t) =>
          `  ~ ${oneLine(t.arn)}: ${[
            ...t.added.map((x) => `+${oneLine(x.Key)}=${truncate(oneLine(x.Value), 40)}`),
            ...t.removed.map((x) => `-${oneLine(x.Key)}`),
            ...t.changed.map((x) => `${oneLine(x.Key)}: ${truncate(oneLine(x.before), 30)} → ${truncate(oneLine(x.after), 30)}`),
          ].join(', ')}`,
        LIST_LIMIT,
      ),
      '',
    );
  }
  if (d.notCompared.length) out.push(`Not compared (collected on one side only): ${d.notCompared.map(oneLine).join(', ')}`);
  if (Object.values(c).every((n) => n === 0)) out.push('No differences in resources.');
  return `${out.join('\n').trimEnd()}\n`;
}

function resultMarkdown(d: ResultDiff): string {
  const out = [`## proton-audit diff: ${d.counts.added} new, ${d.counts.resolved} resolved, ${d.counts.changed} changed`, ''];
  const row = (f: ResultDiff['added'][number]) => `| ${f.severity} | ${escapeMarkdown(f.ruleId)} | ${escapeMarkdown(f.resource.type)} **${escapeMarkdown(truncate(f.resource.name, 80))}** | ${escapeMarkdown(truncate(f.message, 300))}${f.waived ? ' _(waived)_' : ''} |`;
  for (const [title, items] of [['New failing', d.added], ['Resolved', d.resolved]] as const) {
    if (!items.length) continue;
    out.push(`### ${title} (${items.length})`, '', '| Severity | Rule | Resource | Message |', '| --- | --- | --- | --- |', ...items.slice(0, LIST_LIMIT).map(row));
    if (items.length > LIST_LIMIT) out.push('', `…and ${items.length - LIST_LIMIT} more.`);
    out.push('');
  }
  if (d.changed.length) {
    out.push(`### Changed (${d.changed.length})`, '');
    for (const c of d.changed.slice(0, LIST_LIMIT)) {
      out.push(`- ${escapeMarkdown(c.ruleId)} ${escapeMarkdown(c.resource.type)} **${escapeMarkdown(truncate(c.resource.name, 80))}**: ${c.fields.map((f) => (f === 'message' ? 'message changed' : `${f} ${String(c.before[f])} → ${String(c.after[f])}`)).join(', ')}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function snapshotMarkdown(d: SnapshotDiff): string {
  const c = d.counts;
  const out = [`## proton-audit snapshot diff`, '', `| Added | Removed | Versions | Roles | Policies | Tags |`, '| ---: | ---: | ---: | ---: | ---: | ---: |', `| ${c.added} | ${c.removed} | ${c.versions} | ${c.roles} | ${c.policies} | ${c.tags} |`, ''];
  const section = (title: string, lines: string[]) => {
    if (!lines.length) return;
    out.push(`### ${title} (${lines.length})`, '', ...lines.slice(0, LIST_LIMIT));
    if (lines.length > LIST_LIMIT) out.push(`- …and ${lines.length - LIST_LIMIT} more`);
    out.push('');
  };
  section('Added', d.added.map((r) => `- ${escapeMarkdown(r.type)} ${escapeMarkdown(r.arn)}`));
  section('Removed', d.removed.map((r) => `- ${escapeMarkdown(r.type)} ${escapeMarkdown(r.arn)}`));
  section('Template versions', d.versions.map((v) => `- ${escapeMarkdown(v.type)} **${escapeMarkdown(v.name)}**: ${escapeMarkdown(v.before)} → ${escapeMarkdown(v.after)}`));
  section('Role policies', d.roles.map((r) => `- **${escapeMarkdown(r.name)}**: ${[r.trustChanged ? 'trust changed' : '', r.inline.added.length ? `inline added ${r.inline.added.map(escapeMarkdown).join(', ')}` : '', r.inline.removed.length ? `inline removed ${r.inline.removed.map(escapeMarkdown).join(', ')}` : '', r.inline.changed.length ? `inline changed ${r.inline.changed.map(escapeMarkdown).join(', ')}` : '', r.attached.added.length ? `attached ${r.attached.added.map(escapeMarkdown).join(', ')}` : '', r.attached.removed.length ? `detached ${r.attached.removed.map(escapeMarkdown).join(', ')}` : '', r.boundary ? 'boundary changed' : ''].filter(Boolean).join('; ')}`));
  section('Managed policies', d.policies.map((p) => `- **${escapeMarkdown(p.name)}**: default version ${escapeMarkdown(p.defaultVersion.before ?? '?')} → ${escapeMarkdown(p.defaultVersion.after ?? '?')}${p.documentChanged ? ', document changed' : ''}`));
  section('Tags', d.tags.map((t) => `- ${escapeMarkdown(t.arn)}: ${[...t.added.map((x) => `+${escapeMarkdown(x.Key)}`), ...t.removed.map((x) => `−${escapeMarkdown(x.Key)}`), ...t.changed.map((x) => `${escapeMarkdown(x.Key)} changed`)].join(', ')}`));
  if (d.notCompared.length) out.push(`Not compared (collected on one side only): ${d.notCompared.map(escapeMarkdown).join(', ')}`);
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderDiff(diff: AnyDiff, format: DiffFormat, color = false): string {
  if (format === 'json') return canonicalJson(diff);
  if (diff.kind === 'results') return format === 'markdown' ? resultMarkdown(diff) : resultText(diff, color);
  return format === 'markdown' ? snapshotMarkdown(diff) : snapshotText(diff, color);
}
