/**
 * `--compliance <framework>`: the run evaluates only the rules that framework maps and its
 * reports show that framework alone. Without it, every loaded framework is reported.
 */
import { UsageError } from '../../errors.ts';
import type { Framework } from '../../model/index.ts';
import type { LoadedRules } from '../../engine/load/load-rules.ts';
import type { ComplianceInputs } from '../../render/index.ts';
import { readHistory } from './history.ts';

/** The framework --compliance names; a usage error listing the ids when there is none. */
export function frameworkById(frameworks: readonly Framework[], id: string): Framework {
  const fw = frameworks.find((f) => f.id === id.trim().toLowerCase());
  if (fw) return fw;
  throw new UsageError(
    frameworks.length === 0
      ? `--compliance ${id}: no framework files are loaded (they come with the built-in rules)`
      : `--compliance '${id}' is not a framework; use one of ${frameworks.map((f) => f.id).join(', ')}`,
  );
}

/**
 * The rules a run evaluates and what its reports add (frameworks, the trend of --history), for
 * every command that evaluates: evaluate, audit and scan.
 */
export async function complianceInputs(
  loaded: LoadedRules,
  flags: { compliance?: string; history?: string[] },
  log: (line: string) => void,
): Promise<{ rules: LoadedRules['rules']; compliance: ComplianceInputs }> {
  const { rules, frameworks } = selectCompliance(loaded, flags.compliance);
  const history = flags.history?.length ? await readHistory(flags.history, log) : undefined;
  return { rules, compliance: { frameworks, ...(history ? { history } : {}) } };
}

export function selectCompliance(loaded: LoadedRules, id: string | undefined): Pick<LoadedRules, 'rules' | 'frameworks'> {
  if (id === undefined) return { rules: loaded.rules, frameworks: loaded.frameworks };
  const fw = frameworkById(loaded.frameworks, id);
  const mapped = new Set(fw.requirements.flatMap((r) => r.rules));
  return { rules: loaded.rules.filter((r) => mapped.has(r.meta.id)), frameworks: [fw] };
}
