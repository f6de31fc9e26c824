/**
 * Binding specs to template bundles. A spec does not name its template (the template is given
 * to create-service or create-environment separately), so the scanner tries, in order:
 *   1. explicit bindings from the configuration (spec path glob → template name and major);
 *   2. proton-ops.yaml entries naming the spec, with the service's template from a snapshot;
 *   3. a `spec/` folder inside a bundle or beside its `v<N>/` directories;
 *   4. the overlap of the spec's keys with each candidate schema.
 * When none of them decides, the spec stays unbound with an info issue naming the candidates:
 * a wrong guess would report problems that are not there.
 */
import { dirOf, joinPath } from '../discover/files.ts';
import type { Bundle } from '../discover/index.ts';
import { inputType, type InputNamespace } from '../discover/schema.ts';
import type { ParsedSpec } from '../discover/spec.ts';
import type { OpsFile } from '../discover/sync-files.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { compileLinear } from '../../util/linear-regex.ts';

export interface BindingRule {
  /** Spec path relative to the scan root; '*' matches within a directory, '**' across. */
  spec: string;
  template: string;
  major?: number;
}

export interface BindOptions {
  bindings?: readonly BindingRule[];
  /** Service name → its template, as a snapshot of the estate records it. */
  serviceTemplates?: ReadonlyMap<string, { template: string; major?: number }>;
}

export type BindingVia = 'config' | 'proton-ops' | 'spec-folder' | 'schema-overlap';

export interface SpecBinding {
  spec: ParsedSpec;
  bundle?: Bundle;
  via?: BindingVia;
  /** Service name from a proton-ops entry, when one names the spec. */
  service?: string;
  issues: ScanIssue[];
}

/** A binding glob as a linear-time matcher (RE2 class): a config's glob never backtracks. */
export function globToRegExp(glob: string): { test(text: string): boolean } {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const linear = compileLinear(`^${re}$`);
  return { test: (text) => linear.matchesWhole(text) };
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

const specNamespaces = (spec: ParsedSpec): InputNamespace[] => (spec.kind === 'EnvironmentSpec' ? ['environment'] : ['service', 'pipeline']);

function fitsKind(spec: ParsedSpec, bundle: Bundle): boolean {
  if (spec.kind === 'EnvironmentSpec') return bundle.kind === 'environment' || bundle.kind === 'customer-managed-environment';
  if (spec.kind === 'ServiceSpec') return bundle.kind === 'service';
  return false;
}

/** The highest major of a template name, or the given one. */
function pick(bundles: readonly Bundle[], template: string, major: number | undefined): Bundle | undefined {
  const named = bundles.filter((b) => b.name === template && b.kind !== 'component' && (major === undefined || b.major === major));
  return named.sort((a, b) => (b.major ?? 0) - (a.major ?? 0))[0];
}

function overlapScore(spec: ParsedSpec, bundle: Bundle): { declared: number; undeclared: number; pipelineMismatch: boolean } {
  let declared = 0;
  let undeclared = 0;
  const count = (values: Record<string, unknown>, ns: InputNamespace): void => {
    const names = new Set(inputType(bundle.schema, ns)?.properties.map((p) => p.name) ?? []);
    for (const k of Object.keys(values)) {
      if (names.has(k)) declared++;
      else undeclared++;
    }
  };
  if (spec.environment) count(spec.environment.values, 'environment');
  for (const i of spec.instances) count(i.values, 'service');
  if (spec.pipeline) count(spec.pipeline.values, 'pipeline');
  const bundleHasPipeline = bundle.parts.some((p) => p.role === 'pipeline');
  return { declared, undeclared, pipelineMismatch: spec.kind === 'ServiceSpec' && spec.hasPipelineKey !== bundleHasPipeline };
}

function info(code: string, spec: ParsedSpec, message: string, data?: Record<string, unknown>): ScanIssue {
  return { code, message, location: { file: spec.file, line: 1 }, key: issueKey(code, spec.file), ...(data ? { data } : {}) };
}

export function bindSpecs(specs: readonly ParsedSpec[], bundles: readonly Bundle[], opsFiles: readonly OpsFile[], options: BindOptions = {}): SpecBinding[] {
  const rules = (options.bindings ?? []).map((r) => ({ ...r, re: globToRegExp(normalise(r.spec)) }));
  const opsBySpec = new Map<string, { service: string; file: string }>();
  for (const ops of opsFiles) {
    for (const e of ops.entries) {
      if (!e.spec) continue;
      // Ops paths are relative to the repository root ('./svc/spec.yaml'); also try the ops file's folder.
      for (const candidate of [normalise(e.spec), normalise(joinPath(dirOf(ops.file), e.spec))]) {
        if (!opsBySpec.has(candidate)) opsBySpec.set(candidate, { service: e.service, file: ops.file });
      }
    }
  }

  return specs.map((spec): SpecBinding => {
    const issues: ScanIssue[] = [];
    if (spec.kind !== 'ServiceSpec' && spec.kind !== 'EnvironmentSpec') {
      issues.push(info('spec.unknown-kind', spec, `Spec ${spec.file} says 'proton: ${spec.kind}'; Proton knows ServiceSpec and EnvironmentSpec.`));
      return { spec, issues };
    }
    // 1. configuration
    const rule = rules.find((r) => r.re.test(spec.file));
    if (rule) {
      const bundle = pick(bundles, rule.template, rule.major);
      if (bundle) return { spec, bundle, via: 'config', issues };
      issues.push(info('bind.config-template-missing', spec, `The configured binding names template ${rule.template}${rule.major !== undefined ? ` v${rule.major}` : ''}, which is not in the scanned paths.`));
    }
    // 2. proton-ops (+ snapshot)
    const ops = opsBySpec.get(spec.file);
    if (ops) {
      const known = options.serviceTemplates?.get(ops.service);
      const bundle = known ? pick(bundles, known.template, known.major) : undefined;
      if (bundle) return { spec, bundle, via: 'proton-ops', service: ops.service, issues };
    }
    const service = ops ? { service: ops.service } : {};
    // 3. a spec/ folder inside a bundle or beside its version directories
    const folder = dirOf(spec.file);
    if (/(^|\/)spec$/.test(folder)) {
      const owner = dirOf(folder);
      const inside = bundles.find((b) => b.root === owner && fitsKind(spec, b));
      const beside = bundles.filter((b) => dirOf(b.root) === owner && b.major !== undefined && fitsKind(spec, b)).sort((a, b) => (b.major ?? 0) - (a.major ?? 0))[0];
      const bundle = inside ?? beside;
      if (bundle) return { spec, bundle, via: 'spec-folder', ...service, issues };
    }
    // 4. schema-key overlap
    const candidates = bundles.filter((b) => fitsKind(spec, b) && specNamespaces(spec).some((ns) => inputType(b.schema, ns)));
    const scored = candidates
      .map((b) => ({ b, s: overlapScore(spec, b) }))
      .map(({ b, s }) => ({ b, score: s.declared - s.undeclared - (s.pipelineMismatch ? 1 : 0), s }))
      .sort((x, y) => y.score - x.score || (x.b.root < y.b.root ? -1 : 1));
    const [best, second] = scored;
    const total = best ? best.s.declared + best.s.undeclared : 0;
    if (best && total > 0 && best.s.declared * 2 >= total && (!second || best.score > second.score)) {
      return { spec, bundle: best.b, via: 'schema-overlap', ...service, issues };
    }
    if (scored.length === 0) {
      issues.push(info('bind.no-candidate', spec, `Spec ${spec.file} matches no ${spec.kind === 'EnvironmentSpec' ? 'environment' : 'service'} template in the scanned paths; it is checked on its own.`));
    } else {
      const names = scored.slice(0, 5).map((c) => c.b.root || '.');
      issues.push(
        info('bind.ambiguous', spec, `Spec ${spec.file} could belong to ${names.join(', ')}${scored.length > 5 ? ', ...' : ''}; bind it in the configuration to validate it against its schema.`, {
          candidates: names,
        }),
      );
    }
    return { spec, ...service, issues };
  });
}
