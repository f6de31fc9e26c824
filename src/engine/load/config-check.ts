/**
 * The config checked against the loaded rules: every rule id it names exists, option values fit
 * the rule's option specs, and no waiver targets an unwaivable rule. A typo here would otherwise
 * silently leave a rule enabled, an option at its default, or a finding unwaived.
 */
import type { Problem } from '../../errors.ts';
import type { Config } from '../../model/index.ts';
import type { LoadedRule } from './rule.ts';
import { optionValueProblem } from './options.ts';

export function isUnwaivable(config: Config, rule: LoadedRule | undefined, id: string): boolean {
  return config.unwaivable.includes(id) || rule?.meta.unwaivable === true;
}

export function configRuleProblems(config: Config, rules: ReadonlyMap<string, LoadedRule>): Problem[] {
  const file = config.source ?? 'config';
  const problems: Problem[] = [];
  const unknown = (location: string, id: string): void => {
    problems.push({ file, location, message: `no loaded rule has id ${id}${suggest(id, rules)}` });
  };
  for (const id of Object.keys(config.severity)) if (!rules.has(id)) unknown(`severity.${id}`, id);
  config.disabled.forEach((id, i) => {
    if (!rules.has(id)) unknown(`disabled[${i}]`, id);
  });
  config.unwaivable.forEach((id, i) => {
    if (!rules.has(id)) unknown(`unwaivable[${i}]`, id);
  });
  for (const [id, values] of Object.entries(config.options)) {
    const rule = rules.get(id);
    if (!rule) {
      unknown(`options.${id}`, id);
      continue;
    }
    const specs = rule.meta.options ?? {};
    for (const [name, value] of Object.entries(values)) {
      const spec = specs[name];
      if (!spec) {
        const known = Object.keys(specs);
        problems.push({ file, location: `options.${id}.${name}`, message: `${id} has no option '${name}'${known.length ? ` (its options: ${known.join(', ')})` : ' (it takes no options)'}` });
        continue;
      }
      const p = optionValueProblem(spec, value);
      if (p) problems.push({ file, location: `options.${id}.${name}`, message: p });
    }
  }
  config.waivers.forEach((w, i) => {
    const rule = rules.get(w.rule);
    if (!rule) unknown(`waivers[${i}].rule`, w.rule);
    else if (isUnwaivable(config, rule, w.rule)) {
      problems.push({
        file,
        location: `waivers[${i}].rule`,
        message: `${w.rule} is unwaivable${rule.meta.unwaivable ? ' (the rule says so)' : ' (config unwaivable)'}: fix the finding instead of waiving it`,
      });
    }
  });
  return problems;
}

function suggest(id: string, rules: ReadonlyMap<string, LoadedRule>): string {
  const close = [...rules.keys()].find((k) => k.toLowerCase() === id.toLowerCase() || editDistance(k, id) === 1);
  return close ? ` (did you mean ${close}?)` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (dp[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = dp[i] as number[];
      const prev = dp[i - 1] as number[];
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return (dp[a.length] as number[])[b.length] ?? 0;
}
