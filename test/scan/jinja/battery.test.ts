import { describe, expect, it } from 'vitest';
import { renderJinja } from '../../../src/scan/jinja/engine.ts';
import { withComponent } from '../../../src/scan/render/component.ts';
import { loadBattery, matches, type Outcome } from './battery.ts';

const battery = loadBattery();

function render(template: string, context: Record<string, unknown>, component: { outputs?: Record<string, unknown> } | undefined): Outcome {
  const ctx = withComponent(structuredClone(context), component ? { name: 'component', outputs: component.outputs ?? {} } : undefined);
  const r = renderJinja(template, ctx);
  return r.ok ? { output: r.text } : { error: r.error.message };
}

describe('Jinja fidelity battery (scanner engine)', () => {
  it('has unique case names', () => {
    expect(new Set(battery.map((c) => c.name)).size).toBe(battery.length);
  });
  for (const c of battery) {
    it(c.name, () => {
      const outcome = render(c.template, c.context ?? {}, c.component);
      const wanted = c.divergence ? c.engine : c.expect;
      expect(wanted, 'a divergence names what the engine renders instead').toBeDefined();
      expect(matches(outcome, wanted as Outcome), `got ${JSON.stringify(outcome)}`).toBe(true);
    });
  }
  it('every rendered case maps each output line to a source line', () => {
    for (const c of battery.filter((b) => 'output' in b.expect && !b.divergence)) {
      const ctx = withComponent(structuredClone(c.context ?? {}), c.component ? { name: 'component', outputs: c.component.outputs ?? {} } : undefined);
      const r = renderJinja(c.template, ctx);
      expect(r.ok && r.exact, c.name).toBe(true);
      if (r.ok) expect(r.lines.every((l) => l >= 1 && l <= c.template.split('\n').length), c.name).toBe(true);
    }
  });
});
