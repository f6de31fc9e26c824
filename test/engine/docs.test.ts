import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, loadRules } from '../../src/engine/index.ts';
import { DOCS_BANNER, rulePage, ruleDocs } from '../../src/engine/docs.ts';
import type { CatalogRule } from '../../src/model/index.ts';

const DOCS = join(import.meta.dirname, '../../docs/rules');

describe('rule reference docs', () => {
  it('committed docs/rules match the rules (run `npm run docs` after changing a rule)', async () => {
    const { catalog, frameworks } = await loadRules({ builtinDir: BUILTIN_RULES_DIR });
    const expected = ruleDocs(catalog, frameworks);
    const committed = existsSync(DOCS) ? readdirSync(DOCS).filter((f) => f.endsWith('.md')) : [];
    const generated = committed.filter((f) => readFileSync(join(DOCS, f), 'utf8').startsWith(DOCS_BANNER));
    expect(generated.sort(), 'pages generated for rules that no longer exist, or missing pages').toEqual([...expected.keys()].sort());
    const stale = [...expected].filter(([name, text]) => readFileSync(join(DOCS, name), 'utf8') !== text).map(([name]) => name);
    expect(stale, 'stale pages').toEqual([]);
  });

  it('escapes rule text so it cannot inject HTML or break tables', () => {
    const rule: CatalogRule = {
      id: 'X-Y-001',
      title: 'Title with | pipe and <b>bold</b>',
      severity: 'low',
      resource: 'environment',
      family: 'tags',
      rationale: '<script>alert(1)</script> and [link](javascript:alert(1))',
      remediation: { text: 'Do *this*.', cli: 'aws proton get-environment --name <env>' },
      references: [
        { title: 'Doc', url: 'https://docs.aws.amazon.com/proton/' },
        { title: 'Bad', url: 'javascript:alert(1)' },
      ],
      options: { days: { type: 'integer', default: 30, minimum: 1, description: 'Days | limit' } },
      pack: 'builtin',
      file: 'tags/x/rule.yaml',
      sha256: '0'.repeat(64),
      kind: 'yaml',
      effectiveSeverity: 'low',
      enabled: true,
    };
    const page = rulePage(rule);
    expect(page.startsWith(DOCS_BANNER)).toBe(true);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('\\[link\\](javascript:alert(1))');
    expect(page).toContain('```sh\naws proton get-environment --name <env>\n```');
    expect(page).toContain('- [Doc](https://docs.aws.amazon.com/proton/)');
    expect(page).toContain('- Bad — `javascript:alert(1)`');
    expect(page).toContain('| `days` | integer (min 1) | `30` | Days \\| limit |');
  });
});
