import { describe, expect, it } from 'vitest';
import { renderJinja } from '../../../src/scan/jinja/engine.ts';
import { scanTemplate } from '../../../src/scan/jinja/references.ts';

describe('line map of a render', () => {
  it('maps every rendered line, loop bodies included, to its source line', () => {
    const src = ['Resources:', '{% for q in queues %}', '  {{ q }}Queue:', '    Type: AWS::SQS::Queue', '{% endfor %}', '  Tail:', '    Type: AWS::SNS::Topic'].join('\n');
    const r = renderJinja(src, { queues: ['A', 'B'] });
    expect(r.ok && r.exact).toBe(true);
    if (!r.ok) return;
    const out = r.text.split('\n');
    const lineOfText = (t: string): number[] => out.flatMap((l, i) => (l.includes(t) ? [r.lines[i] as number] : []));
    expect(lineOfText('Queue:')).toEqual([3, 3]);
    expect(lineOfText('AWS::SQS::Queue')).toEqual([4, 4]);
    expect(lineOfText('Tail:')).toEqual([6]);
  });

  it('gives the lines of a multi-line filter output to the line of its {{ }}', () => {
    const src = 'Role:\n  ManagedPolicyArns:\n    - base\n    {{ service_instance.components.default.outputs | proton_cfn_iam_policy_arns }}\n  Next: 1';
    const r = renderJinja(src, { service_instance: { components: { default: {} } }, __pa_component_outputs: { A: 'arn:aws:iam::111122223333:policy/a', B: 'arn:aws:iam::111122223333:policy/b' } });
    expect(r.ok && r.lines).toEqual([1, 2, 3, 4, 4, 5]);
  });

  it('falls back to file-level locations when the instrumented render differs, and says so', () => {
    // A captured block compared as a string: markers inside the capture change the comparison.
    const src = '{% set x %}abc{% endset %}{% if x == "abc" %}yes{% else %}no{% endif %}';
    const r = renderJinja(src, {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toBe('yes');
    expect(r.exact).toBe(false);
    expect(r.lines.every((l) => l === 0)).toBe(true);
  });

  it('reports a render error at the line of the failing reference', () => {
    const r = renderJinja('a: 1\nb: {{ environment.inputs.nope | upper }}\n', { environment: { inputs: {} } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line: 2, message: "'environment.inputs.nope' is undefined" });
  });

});

describe('references a template reads', () => {
  it('follows loop variables and set aliases, and records comparisons in conditions', () => {
    const scan = scanTemplate(
      [
        '{% for si in service_instances %}{{ si.outputs.Url }}{% endfor %}',
        '{% set ins = pipeline.inputs %}{{ ins.cmd }}',
        '{% if environment.inputs.size == "large" %}x{% endif %}',
        '{{ environment.outputs.Vpc | default("v") }}',
      ].join('\n'),
    );
    const refs = scan.references.map((r) => `${r.path.join('.')}@${r.line}${r.guarded ? ' guarded' : ''}${r.comparedWith.length ? ` = ${JSON.stringify(r.comparedWith)}` : ''}`);
    expect(refs).toContain('service_instances.*.outputs.Url@1');
    expect(refs).toContain('pipeline.inputs.cmd@2');
    expect(refs).toContain('environment.inputs.size@3 = ["large"]');
    expect(refs).toContain('environment.outputs.Vpc@4 guarded');
  });
});

describe('runaway templates', () => {
  it('fail with a render error instead of hanging the gate', () => {
    const r = renderJinja('a\n{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ message: 'engine ran out of fuel', line: 2 });
  });
});
