/** Rule option specs: checking defaults and config values against them, and merging. */
import type { RuleOptionSpec } from '../../model/index.ts';

export function optionValueProblem(spec: RuleOptionSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a ${spec.type}`;
      if (spec.type === 'integer' && !Number.isInteger(value)) return 'must be an integer';
      if (spec.minimum !== undefined && value < spec.minimum) return `must be at least ${spec.minimum}`;
      if (spec.maximum !== undefined && value > spec.maximum) return `must be at most ${spec.maximum}`;
      return undefined;
    }
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be a list of strings';
  }
}

export function mergeOptions(specs: Readonly<Record<string, RuleOptionSpec>> | undefined, overrides: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs ?? {})) out[name] = overrides && name in overrides ? overrides[name] : spec.default;
  return out;
}
