import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface BatteryCase {
  name: string;
  template: string;
  context?: Record<string, unknown>;
  component?: { outputs?: Record<string, unknown> };
  proton?: boolean;
  expect: { output: string } | { error: string };
  divergence?: string;
  engine?: { output: string } | { error: string };
}

export function loadBattery(): BatteryCase[] {
  return parse(readFileSync(new URL('./battery.yaml', import.meta.url), 'utf8')) as BatteryCase[];
}

export type Outcome = { output: string } | { error: string };

export function matches(outcome: Outcome, expected: Outcome): boolean {
  if ('error' in expected) return 'error' in outcome && outcome.error.includes(expected.error);
  return 'output' in outcome && outcome.output === expected.output;
}
