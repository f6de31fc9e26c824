/**
 * Deployed resources against a changed schema: for each environment, service instance and
 * pipeline a snapshot records on a template and major version the repository now changes,
 * does its current spec still validate? Those that do not would fail their next update.
 * A resource whose spec was not collected (a redacted snapshot) is skipped, never passed.
 */
import { parse } from 'yaml';
import { validateValues } from '../analyze/spec-validate.ts';
import { isRecord } from '../discover/files.ts';
import type { Bundle } from '../discover/index.ts';
import { inputType, type InputNamespace } from '../discover/schema.ts';

export interface DeployedTarget {
  kind: 'environment' | 'serviceInstance' | 'servicePipeline';
  name: string;
  /** For instances and pipelines. */
  service?: string;
  arn?: string;
  templateName: string;
  templateMajorVersion: string;
  /** The spec as Proton returns it; undefined when not collected. */
  spec?: string;
}

export type DeployedVerdict =
  | { target: DeployedTarget; bundle: Bundle; status: 'pass' }
  | { target: DeployedTarget; bundle: Bundle; status: 'fail'; problems: string[] }
  | { target: DeployedTarget; bundle: Bundle; status: 'skip'; reason: string; notCollected: boolean };

const NAMESPACE: Record<DeployedTarget['kind'], InputNamespace> = { environment: 'environment', serviceInstance: 'service', servicePipeline: 'pipeline' };

/** The values a deployed spec gives to one resource (a whole ServiceSpec holds every instance). */
function valuesOf(target: DeployedTarget, spec: unknown): Record<string, unknown> | undefined {
  if (!isRecord(spec)) return undefined;
  if (target.kind === 'environment') return isRecord(spec.spec) ? spec.spec : spec.proton ? {} : spec;
  if (target.kind === 'servicePipeline') return isRecord(spec.pipeline) ? spec.pipeline : spec.proton ? {} : spec;
  if (Array.isArray(spec.instances)) {
    const inst = spec.instances.find((i) => isRecord(i) && i.name === target.name);
    return isRecord(inst) ? (isRecord(inst.spec) ? inst.spec : {}) : undefined;
  }
  return isRecord(spec.spec) ? spec.spec : spec;
}

export function deployedSpecVerdicts(bundles: readonly Bundle[], targets: readonly DeployedTarget[]): DeployedVerdict[] {
  const out: DeployedVerdict[] = [];
  for (const target of targets) {
    const bundle = bundles.find((b) => b.name === target.templateName && b.major !== undefined && String(b.major) === target.templateMajorVersion && b.kind !== 'component');
    if (!bundle) continue;
    const type = inputType(bundle.schema, NAMESPACE[target.kind]);
    if (!type) continue;
    if (target.spec === undefined) {
      out.push({ target, bundle, status: 'skip', reason: 'not collected: the snapshot holds no spec for it (collected with --redact?)', notCollected: true });
      continue;
    }
    let parsed: unknown;
    try {
      parsed = parse(target.spec);
    } catch {
      out.push({ target, bundle, status: 'skip', reason: 'its recorded spec is not valid YAML', notCollected: false });
      continue;
    }
    const values = valuesOf(target, parsed);
    if (!values) {
      out.push({ target, bundle, status: 'skip', reason: `its recorded spec has no entry for ${target.name}`, notCollected: false });
      continue;
    }
    const problems = validateValues(type, values).map((p) => `${p.path.length > 0 ? `${p.path.join('.')}: ` : ''}${p.message}`);
    out.push(problems.length > 0 ? { target, bundle, status: 'fail', problems } : { target, bundle, status: 'pass' });
  }
  return out;
}

/** Deployed-spec verdicts as issues about their bundle, at the line of the input type they fail. */
export function deployedIssues(verdicts: readonly DeployedVerdict[]): import('../core/types.ts').ScanIssue[] {
  return verdicts.flatMap((v) => {
    const schema = v.bundle.schema;
    const key = { environment: 'environment_input_type', serviceInstance: 'service_input_type', servicePipeline: 'pipeline_input_type' }[v.target.kind];
    const location = schema ? { file: schema.file, line: schema.doc.lineOf(['schema', key]) ?? 1 } : { file: v.bundle.root || '.', line: 1 };
    const what = `${v.target.kind === 'environment' ? 'Environment' : v.target.kind === 'serviceInstance' ? 'Service instance' : 'Pipeline of service'} ${v.target.kind === 'serviceInstance' && v.target.service ? `${v.target.service}/` : ''}${v.target.name}`;
    const code = v.status === 'fail' ? 'breaking.deployed-spec-invalid' : v.status === 'pass' ? 'breaking.deployed-spec-valid' : 'breaking.deployed-spec-unknown';
    return [
      {
        code,
        message: v.status === 'fail' ? `${what} runs ${v.bundle.name} v${v.bundle.major ?? '?'} with a spec the new schema rejects: ${v.problems.join('; ')}.` : v.status === 'pass' ? `${what}'s spec validates against the new schema.` : `${what}: ${v.reason}.`,
        location,
        key: `${code}|${v.target.kind}|${v.target.service ?? ''}|${v.target.name}`,
        data: { target: v.target.arn ?? v.target.name, kind: v.target.kind, ...(v.status === 'skip' ? { notCollected: v.notCollected } : {}) },
        subject: { kind: 'bundle' as const, root: v.bundle.root },
      },
    ];
  });
}
