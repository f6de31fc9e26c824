/**
 * The battery's expectations against the real thing: Python's Jinja2 with StrictUndefined,
 * when python3 and jinja2 are installed (they are on the project's machines).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBattery, matches, type Outcome } from './battery.ts';

const hasJinja2 = spawnSync('python3', ['-c', 'import jinja2'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasJinja2)('battery expectations match Jinja2', () => {
  it('every non-Proton case renders in Jinja2 as written down', () => {
    const cases = loadBattery().filter((c) => !c.proton);
    const run = spawnSync('python3', [fileURLToPath(new URL('./jinja2-oracle.py', import.meta.url))], { input: JSON.stringify(cases), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as Outcome[];
    const wrong = cases.filter((c, i) => {
      const r = results[i] as Outcome;
      return 'error' in c.expect ? !('error' in r) : !matches(r, c.expect);
    });
    expect(wrong.map((c) => c.name)).toEqual([]);
  });
});
