/**
 * The compiled package reads the built-in framework files from the build-time index
 * (dist/compliance/index.json) and gets exactly what the full loader gets from the YAML; a file
 * naming a rule that is not loaded is parsed the full way, so its problem keeps its line.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFrameworks } from '../../src/compliance/index.ts';
import { BUILTIN_FRAMEWORKS_DIR, BUILTIN_RULES_DIR, loadRules } from '../../src/engine/index.ts';
import { ROOT } from '../helpers/cli.ts';

type Loader = typeof loadFrameworks;

describe('the built-in framework index', () => {
  it('gives the compiled loader what the YAML gives the source loader', async () => {
    const compiled = (await import(pathToFileURL(join(ROOT, 'dist/src/compliance/load.js')).href)) as { loadFrameworks: Loader };
    const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR });
    const known = new Set(rules.map((r) => r.meta.id));
    const fromYaml = await loadFrameworks(BUILTIN_FRAMEWORKS_DIR, known);
    const fromIndex = await compiled.loadFrameworks(BUILTIN_FRAMEWORKS_DIR, known);
    expect(fromYaml.problems).toEqual([]);
    expect(fromIndex).toEqual(fromYaml);
    // The index is current for every file, so the compiled loader above read it, not the YAML.
    const index = JSON.parse(readFileSync(join(ROOT, 'dist/compliance/index.json'), 'utf8')) as { frameworks: Array<{ name: string; sha256: string }> };
    const files = readdirSync(BUILTIN_FRAMEWORKS_DIR).filter((n) => n.endsWith('.yaml')).sort();
    expect(index.frameworks.map((f) => f.name).sort()).toEqual(files);
    for (const f of index.frameworks) expect(f.sha256).toBe(createHash('sha256').update(readFileSync(join(BUILTIN_FRAMEWORKS_DIR, f.name), 'utf8')).digest('hex'));
  });

  it('parses a file the full way when it names a rule that is not loaded', async () => {
    const compiled = (await import(pathToFileURL(join(ROOT, 'dist/src/compliance/load.js')).href)) as { loadFrameworks: Loader };
    const { problems } = await compiled.loadFrameworks(BUILTIN_FRAMEWORKS_DIR, new Set(['PA-IAM-001']));
    expect(problems.length).toBeGreaterThan(0);
    // Located at the rule id's line in the YAML, which only the full parse knows.
    expect(problems.every((p) => /which is not a loaded rule/.test(p.message) && /\d/.test(p.location))).toBe(true);
  });
});
