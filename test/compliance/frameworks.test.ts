/**
 * The built-in framework files: they load cleanly, name only real rules, cover every built-in
 * rule, hold no duplicate requirement, and are the one source of the catalog's compliance field.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUILTIN_FRAMEWORKS_DIR, BUILTIN_RULES_DIR, loadRules } from '../../src/engine/index.ts';
import { CATALOG_FRAMEWORKS, loadFrameworks, mappingsByFramework, ruleMappings } from '../../src/compliance/index.ts';

const { rules, catalog, frameworks } = await loadRules({ builtinDir: BUILTIN_RULES_DIR });
const ruleIds = new Set(catalog.map((r) => r.id));

describe('built-in framework files', () => {
  it('load without a problem, one per framework the issue names', async () => {
    const loaded = await loadFrameworks(BUILTIN_FRAMEWORKS_DIR, ruleIds);
    expect(loaded.problems).toEqual([]);
    expect(loaded.frameworks.map((f) => f.id)).toEqual(['cis-aws-foundations', 'iso-27001', 'nist-800-53', 'pci-dss', 'soc2']);
    expect(frameworks.map((f) => f.id)).toEqual(loaded.frameworks.map((f) => f.id));
  });

  for (const fw of frameworks) {
    describe(fw.id, () => {
      it('names a version, a public https page and its scope', () => {
        expect(fw.version.trim()).not.toBe('');
        expect(fw.url).toMatch(/^https:\/\/\S+$/);
        expect(fw.description).toMatch(/Scope:/);
      });

      it('names only rules that exist in rules/', () => {
        const unknown = fw.requirements.flatMap((r) => r.rules.filter((id) => !ruleIds.has(id)).map((id) => `${r.id} -> ${id}`));
        expect(unknown).toEqual([]);
      });

      it('has no duplicate requirement ids and no rule listed twice for a requirement', () => {
        const ids = fw.requirements.map((r) => r.id);
        expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
        for (const r of fw.requirements) expect(new Set(r.rules).size, r.id).toBe(r.rules.length);
      });

      it('lists requirements no rule covers (shown as not assessed) next to mapped ones', () => {
        expect(fw.requirements.some((r) => r.rules.length > 0)).toBe(true);
        expect(fw.requirements.some((r) => r.rules.length === 0)).toBe(true);
      });

      it('keeps titles short', () => {
        for (const r of fw.requirements) expect(r.title.length, `${fw.id} ${r.id}`).toBeLessThanOrEqual(120);
      });
    });
  }

  it('map every built-in rule, each at least to NIST SP 800-53', () => {
    const mappings = ruleMappings(frameworks);
    const unmapped = catalog.filter((r) => !mappings.get(r.id)?.some((m) => m.framework === 'nist-800-53')).map((r) => r.id);
    expect(unmapped).toEqual([]);
  });

  it('are the only source: no built-in rule file carries compliance metadata (move it to compliance/<framework>.yaml)', async () => {
    const carrying: string[] = [];
    for (const rule of rules) {
      if (rule.kind === 'yaml') {
        const doc = parse(readFileSync(rule.path, 'utf8')) as Record<string, unknown>;
        if ('compliance' in doc) carrying.push(rule.file);
      } else {
        const mod = (await import(pathToFileURL(rule.path).href)) as { default: { meta: Record<string, unknown> } };
        if ('compliance' in mod.default.meta) carrying.push(rule.file);
      }
    }
    expect(carrying).toEqual([]);
  });

  it('generate the catalog compliance field (result JSON, SARIF tags, rule docs) from the files', () => {
    const mappings = ruleMappings(frameworks);
    for (const r of catalog) {
      const byFw = mappingsByFramework(mappings.get(r.id));
      const expected = Object.fromEntries(CATALOG_FRAMEWORKS.filter((id) => byFw[id]).map((id) => [id, byFw[id]]));
      expect(r.compliance ?? {}, r.id).toEqual(expected);
    }
  });
});
