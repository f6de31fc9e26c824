/**
 * Golden files: each renderer's exact output for one fixture with every status, severity,
 * waivers, coverage gaps, a baseline and attacker text; for HTML, the report's view model (what
 * it shows), not the page with its inlined CSS and JS, which test/render/html.test.ts and the
 * browser tests judge. A second fixture adds frameworks and earlier runs (compliance and trend). UPDATE_GOLDEN=1 rewrites them; review the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlView } from '../../src/render/html.ts';
import { FORMAT_NAMES, render } from '../../src/render/index.ts';
import { canonicalJson } from '../../src/util/canonical-json.ts';
import type { FormatName } from '../../src/render/index.ts';
import { buildResult } from '../helpers/build-result.ts';
import { FRAMEWORK, HISTORY, SECOND, complianceResult } from '../helpers/compliance-fixture.ts';

const DIR = new URL('./golden/', import.meta.url);
const EXT: Record<FormatName, string> = { table: 'txt', json: 'json', jsonl: 'jsonl', sarif: 'sarif', html: 'html-view.json', markdown: 'md', csv: 'csv', ocsf: 'ocsf.jsonl' };
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden outputs', () => {
  const result = buildResult({ attacker: true, baseline: true, perCombination: 2 });
  it.each(FORMAT_NAMES)('%s matches its golden file', (format) => {
    const file = new URL(`report.${EXT[format]}`, DIR);
    const text = format === 'html' ? canonicalJson(htmlView(result)) : render(format, result, { color: false });
    if (update || !existsSync(file)) {
      if (!update) throw new Error(`missing golden file ${file.pathname}; run with UPDATE_GOLDEN=1`);
      mkdirSync(DIR, { recursive: true });
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  // The same for a run with frameworks and three earlier runs: the compliance view and the trend.
  const withCompliance = complianceResult({ attacker: true });
  const compliance = { frameworks: [FRAMEWORK, SECOND], history: HISTORY };
  it.each(['json', 'html', 'markdown', 'csv'] as const)('%s with compliance and history matches its golden file', (format) => {
    const file = new URL(`report-compliance.${EXT[format]}`, DIR);
    const text = format === 'html' ? canonicalJson(htmlView(withCompliance, { compliance })) : render(format, withCompliance, { color: false, compliance });
    if (update || !existsSync(file)) {
      if (!update) throw new Error(`missing golden file ${file.pathname}; run with UPDATE_GOLDEN=1`);
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
