/**
 * Engine choice for `scan`: the Jinja fidelity battery (test/scan/jinja/battery.yaml, checked
 * against Python's Jinja2) run through each candidate engine. A "silent" divergence renders
 * something where Jinja2 fails or renders something else; a "loud" one fails where Jinja2
 * renders. For a security gate silent divergences are the ones that matter.
 *
 *   node --import tsx bench/jinja-fidelity.ts
 */
import { createRequire } from 'node:module';
import Table from 'cli-table3';
import nunjucks from 'nunjucks';
import { renderJinja } from '../src/scan/jinja/engine.ts';
import { withComponent } from '../src/scan/render/component.ts';
import { loadBattery, matches, type BatteryCase, type Outcome } from '../test/scan/jinja/battery.ts';

type Engine = (template: string, context: Record<string, unknown>) => Outcome;

const require = createRequire(import.meta.url);
const mj = require('minijinja-js') as typeof import('minijinja-js');
const raw = new mj.Environment();
raw.undefinedBehavior = 'strict';
raw.enablePyCompat();
const nj = new nunjucks.Environment(null, { throwOnUndefined: true, autoescape: false });

const attempt = (fn: () => string): Outcome => {
  try {
    return { output: fn() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
};

/** Proton's filters are the scanner's own code: the raw engines get no Proton cases. */
const engines: Record<string, { run: Engine; proton: boolean }> = {
  'minijinja-js 2.11.0 (strict, as shipped)': { run: (t, c) => attempt(() => raw.renderStr(t, c)), proton: false },
  'nunjucks 3.2.4 (throwOnUndefined)': { run: (t, c) => attempt(() => nj.renderString(t, c)), proton: false },
  'scanner engine (minijinja + rewrites + filters)': {
    run: (t, c) => {
      const r = renderJinja(t, c);
      return r.ok ? { output: r.text } : { error: r.error.message };
    },
    proton: true,
  },
};

function contextOf(c: BatteryCase): Record<string, unknown> {
  return withComponent(structuredClone(c.context ?? {}), c.component ? { name: 'component', outputs: c.component.outputs ?? {} } : undefined);
}

const battery = loadBattery();
const table = new Table({ head: ['engine', 'cases', 'as Jinja2', 'silent divergences', 'loud divergences'] });
const details: string[] = [];
for (const [name, engine] of Object.entries(engines)) {
  const cases = battery.filter((c) => engine.proton || !c.proton);
  let same = 0;
  const silent: string[] = [];
  const loud: string[] = [];
  for (const c of cases) {
    const got = engine.run(c.template, contextOf(c));
    const ok = 'error' in c.expect ? 'error' in got : matches(got, c.expect);
    if (ok) same++;
    else if ('error' in got) loud.push(c.name);
    else silent.push(c.name);
  }
  table.push([name, cases.length, same, silent.length, loud.length]);
  details.push(`${name}\n  silent: ${silent.join('; ') || '-'}\n  loud: ${loud.join('; ') || '-'}`);
}
process.stdout.write(`${table.toString()}\n\n${details.join('\n\n')}\n`);
