/**
 * Renders every Jinja part of a bundle the way Proton would for each input set the scanner
 * can name: each bound spec (each instance of a service spec), or schema defaults plus
 * synthesised values, plus capped variations over the inputs `{% if %}` branches on.
 * Namespaces follow https://docs.aws.amazon.com/proton/latest/userguide/parameters.html;
 * values the scanner cannot know are typed placeholders (jinja/placeholders.ts).
 * Terraform parts are parsed, not rendered.
 */
import type { SpecBinding } from '../bind/bind.ts';
import type { Bundle, BundlePart } from '../discover/index.ts';
import { inputType, type InputNamespace } from '../discover/schema.ts';
import { parseCloudFormation } from '../iac/cloudformation.ts';
import type { IacTemplate } from '../iac/model.ts';
import { parseTerraform } from '../iac/terraform.ts';
import { renderJinja } from '../jinja/engine.ts';
import { placeholder } from '../jinja/placeholders.ts';
import { scanTemplate, type JinjaReference } from '../jinja/references.ts';
import type { FileTree } from '../source/tree.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { withComponent } from './component.ts';
import { inputValues, variations, type BranchInput } from './inputs.ts';

export const NAMES = { environment: 'example-env', service: 'example-svc', instance: 'example-instance', component: 'example-component' };

export interface Rendering {
  bundle: Bundle;
  part: BundlePart;
  /** What the inputs were: 'defaults', 'spec specs/prod.yaml instance api', or a variation label. */
  variant: string;
  template?: IacTemplate;
}

export interface RenderOptions {
  /** Most variations per bundle part. */
  maxVariations: number;
  /** Declared outputs of environment templates in the repository: 'name:major' → output names. */
  environmentOutputs: ReadonlyMap<string, readonly string[]>;
}

export interface PartRenderResult {
  renderings: Rendering[];
  issues: ScanIssue[];
  /** Output names of the rendered instance template (for the pipeline). */
  outputs: string[];
}

interface InputSet {
  label: string;
  values: Record<string, unknown>;
  instanceName: string;
  /** A directly defined component attached to the instance, with these outputs. */
  component?: Record<string, string>;
}

const PART_NAMESPACE: Record<BundlePart['role'], InputNamespace | undefined> = { infrastructure: 'environment', instance: 'service', pipeline: 'pipeline', component: undefined };
const CONTEXT_NAMESPACE: Record<InputNamespace, string> = { environment: 'environment', service: 'service_instance', pipeline: 'pipeline' };

function referencedNames(refs: readonly JinjaReference[], prefix: readonly (string | number)[]): string[] {
  const names = new Set<string>();
  for (const r of refs) {
    if (r.path.length > prefix.length && prefix.every((p, i) => r.path[i] === p || p === '*')) {
      const n = r.path[prefix.length];
      if (typeof n === 'string' && n !== '*') names.add(n);
    }
  }
  return [...names].sort();
}

function placeholders(names: readonly string[], kind: string): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, placeholder(`${kind}-${n}`)]));
}

/** Compatible environment templates of a service bundle, from its sync files. */
export function compatibleEnvironments(bundle: Bundle): string[] {
  const refs = [...(bundle.registration?.compatibleEnvironments ?? []), ...(bundle.compatibleEnvs?.entries ?? [])];
  return [...new Set(refs.map((r) => `${r.name}:${r.major}`))].sort();
}

export function renderPart(
  tree: FileTree,
  bundle: Bundle,
  part: BundlePart,
  bindings: readonly SpecBinding[],
  options: RenderOptions,
  instanceOutputs: readonly string[] = [],
): PartRenderResult {
  const issues: ScanIssue[] = [];
  const renderings: Rendering[] = [];
  if (part.engine === 'terraform') {
    const files = part.iacFiles.flatMap((file) => {
      const r = tree.read(file);
      return 'text' in r ? [{ file, text: r.text }] : [];
    });
    if (files.length === 0) return { renderings, issues, outputs: [] };
    const { template, issues: parseIssues } = parseTerraform(files);
    issues.push(...parseIssues);
    renderings.push({ bundle, part, variant: 'terraform (not rendered)', template });
    return { renderings, issues, outputs: template.outputs };
  }
  if (part.engine !== 'cloudformation' || part.iacFiles.length === 0) return { renderings, issues, outputs: [] };

  const file = part.iacFiles[0] as string;
  const read = tree.read(file);
  if (!('text' in read)) return { renderings, issues, outputs: [] };
  const source = read.text;
  const scan = scanTemplate(source);
  const ns = PART_NAMESPACE[part.role];
  const type = ns ? inputType(bundle.schema, ns) : undefined;
  const ctxNs = ns ? CONTEXT_NAMESPACE[ns] : undefined;

  // Input sets: bound specs first, else defaults and synthesised values.
  const sets: InputSet[] = [];
  for (const b of bindings) {
    if (part.role === 'infrastructure' && b.spec.environment) {
      sets.push({ label: `spec ${b.spec.file}`, values: inputValues(type, b.spec.environment.values, { synthesiseOptional: false }).values, instanceName: NAMES.instance });
    } else if (part.role === 'instance') {
      for (const inst of b.spec.instances) {
        sets.push({ label: `spec ${b.spec.file} instance ${inst.name ?? '?'}`, values: inputValues(type, inst.values, { synthesiseOptional: false }).values, instanceName: inst.name ?? NAMES.instance });
      }
    } else if (part.role === 'pipeline' && b.spec.pipeline) {
      sets.push({ label: `spec ${b.spec.file} pipeline`, values: inputValues(type, b.spec.pipeline.values, { synthesiseOptional: false }).values, instanceName: NAMES.instance });
    }
  }
  const base = inputValues(type, undefined, { synthesiseOptional: true });
  if (sets.length === 0) sets.push({ label: base.synthesised.length > 0 ? `defaults and synthesised values (${base.synthesised.join(', ')})` : 'defaults', values: base.values, instanceName: NAMES.instance });
  // Variations over the inputs conditions branch on, applied to the first set.
  if (ctxNs && ns) {
    const branch: BranchInput[] = scan.references
      .filter((r) => r.inCondition && r.path[0] === ctxNs && r.path[1] === 'inputs' && typeof r.path[2] === 'string')
      .map((r) => ({ name: r.path[2] as string, comparedWith: r.comparedWith }));
    const first = sets[0] as InputSet;
    for (const v of variations(type, first.values, branch, ctxNs, options.maxVariations)) {
      sets.push({ label: v.label, values: { ...first.values, [v.input]: v.value }, instanceName: first.instanceName });
    }
  }

  // A directly defined component attached, when the template reads one and its registration allows it.
  const readsComponent = scan.references.some((r) => r.path[0] === 'service_instance' && r.path[1] === 'components');
  const allowsComponents = !bundle.registration || bundle.registration.supportedComponentSources.includes('DIRECTLY_DEFINED');
  if (part.role === 'instance' && readsComponent && allowsComponents) {
    const first = sets[0] as InputSet;
    const names = referencedNames(scan.references, ['service_instance', 'components', 'default', 'outputs']);
    sets.push({ ...first, label: 'with a directly defined component attached', component: { ...placeholders(names, 'component-outputs'), ComponentOutput: placeholder('component-output') } });
  }

  // Environment outputs: from a compatible environment bundle in the repository, else placeholders for what is read.
  const envs = part.role === 'infrastructure' ? [] : compatibleEnvironments(bundle).filter((e) => options.environmentOutputs.has(e));
  const envChoices: Array<{ label: string; outputs: Record<string, string> }> =
    envs.length > 0
      ? envs.map((e) => ({ label: `environment ${e}`, outputs: placeholders([...(options.environmentOutputs.get(e) ?? [])], 'environment-outputs') }))
      : [{ label: '', outputs: placeholders(referencedNames(scan.references, ['environment', 'outputs']), 'environment-outputs') }];

  const seenErrors = new Set<string>();
  const contexts: Array<{ label: string; ctx: Record<string, unknown> }> = [];
  sets.forEach((set, i) => {
    // Every compatible environment with the first input set; the others with the first environment.
    const choices = i === 0 ? envChoices : envChoices.slice(0, 1);
    for (const env of choices) {
      contexts.push({ label: [set.label, env.label].filter(Boolean).join(', '), ctx: contextFor(part, bundle, set, env.outputs, scan.references, instanceOutputs, bindings) });
    }
  });

  let outputs: string[] = [];
  const renderedTexts = new Set<string>();
  for (const { label, ctx } of contexts) {
    const r = renderJinja(source, ctx);
    if (!r.ok) {
      const key = issueKey('render.error', file, r.error.line, r.error.message);
      if (seenErrors.has(key)) continue;
      seenErrors.add(key);
      issues.push({
        code: r.error.kind === 'syntax' ? 'render.syntax-error' : r.error.kind === 'engine' ? 'render.engine-fault' : 'render.error',
        message: `Rendering ${file} fails (${label}): ${r.error.message}.`.replace(/\.\.$/, '.'),
        location: { file, ...(r.error.line ? { line: r.error.line } : {}) },
        key: issueKey(r.error.kind === 'syntax' ? 'render.syntax-error' : 'render.error', file, r.error.message),
        data: { variant: label },
      });
      continue;
    }
    if (!r.exact) {
      const key = issueKey('render.line-map-fallback', file);
      if (!seenErrors.has(key)) {
        seenErrors.add(key);
        issues.push({ code: 'render.line-map-fallback', message: `Lines of ${file} could not be mapped reliably after rendering (${label}); its findings point at the file.`, location: { file }, key });
      }
    }
    // Another input set that renders the very same text adds nothing to audit.
    if (renderedTexts.has(r.text)) continue;
    renderedTexts.add(r.text);
    const parsed = parseCloudFormation({ file, text: r.text, lines: r.lines, exact: r.exact });
    for (const issue of parsed.issues) {
      if (seenErrors.has(issue.key)) continue;
      seenErrors.add(issue.key);
      issues.push({ ...issue, data: { ...issue.data, variant: label } });
    }
    if (parsed.template) {
      renderings.push({ bundle, part, variant: label, template: parsed.template });
      if (outputs.length === 0) outputs = parsed.template.outputs;
    }
  }
  return { renderings, issues, outputs };
}

function contextFor(
  part: BundlePart,
  bundle: Bundle,
  set: InputSet,
  environmentOutputs: Record<string, string>,
  refs: readonly JinjaReference[],
  instanceOutputs: readonly string[],
  bindings: readonly SpecBinding[],
): Record<string, unknown> {
  const environment = { name: NAMES.environment, account_id: placeholder('account-id'), outputs: environmentOutputs };
  switch (part.role) {
    case 'infrastructure':
      return { environment: { name: NAMES.environment, account_id: placeholder('account-id'), inputs: set.values } };
    case 'instance':
      return withComponent({ service: { name: NAMES.service }, service_instance: { name: set.instanceName, inputs: set.values }, environment }, set.component ? { name: NAMES.component, outputs: set.component } : undefined);
    case 'pipeline': {
      // The instances of the bound spec (the pipeline deploys to each), else one synthesised instance.
      const instanceType = inputType(bundle.schema, 'service');
      const specInstances = bindings.find((b) => b.spec.instances.length > 0)?.spec.instances ?? [];
      const instances = (specInstances.length > 0 ? specInstances : [{ name: NAMES.instance, values: undefined, environment: NAMES.environment }]).map((i) => ({
        name: i.name ?? NAMES.instance,
        inputs: inputValues(instanceType, i.values, { synthesiseOptional: !i.values }).values,
        outputs: placeholders(instanceOutputs, 'instance-outputs'),
        environment: { ...environment, name: i.environment ?? NAMES.environment },
      }));
      return {
        service: { name: NAMES.service, branch_name: 'main', repository_connection_arn: placeholder('repository-connection-arn'), repository_id: placeholder('repository-id') },
        pipeline: { inputs: set.values },
        service_instances: instances,
      };
    }
    case 'component':
      return {
        component: { name: NAMES.component },
        service: { name: NAMES.service },
        service_instance: { name: NAMES.instance, inputs: placeholders(referencedNames(refs, ['service_instance', 'inputs']), 'instance-inputs') },
        environment: { name: NAMES.environment, account_id: placeholder('account-id'), outputs: placeholders(referencedNames(refs, ['environment', 'outputs']), 'environment-outputs') },
      };
  }
}
