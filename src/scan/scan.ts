/**
 * The scanner: discover → bind specs → render → parse → analyse, over one file tree. Pure
 * apart from reading the tree; no AWS access. Environment bundles render first so service
 * templates can be checked against the outputs their compatible environments declare;
 * instance templates render before pipelines, whose `service_instances[].outputs` they feed.
 */
import { loadIamData } from '../facts/iam/index.ts';
import { codebuildManifestIssues, codebuildProjectIssues } from './analyze/codebuild.ts';
import { iamIssues } from './analyze/iam.ts';
import { inputUsage } from './analyze/input-usage.ts';
import { jinjaPitfalls } from './analyze/jinja-pitfalls.ts';
import { bundleQuotaIssues, specQuotaIssues } from './analyze/quotas.ts';
import { resourceIssues } from './analyze/resources.ts';
import { schemaHygiene } from './analyze/schema-hygiene.ts';
import { resourceAnchor, type RenderScope } from './analyze/scope.ts';
import { bundleSecrets, specSecrets } from './analyze/secrets.ts';
import { validateSpec } from './analyze/spec-validate.ts';
import { terraformIssues } from './analyze/terraform.ts';
import { bindSpecs, type BindOptions, type SpecBinding } from './bind/bind.ts';
import { discover, type Bundle, type Inventory } from './discover/index.ts';
import { loadHclParser } from './iac/hcl.ts';
import { scanTemplate } from './jinja/references.ts';
import { renderPart, type Rendering } from './render/render-bundle.ts';
import type { FileTree } from './source/tree.ts';
import { compareIssues, type ScanIssue, type ScanSubject } from './core/types.ts';
import type { IacResourceData } from '../model/index.ts';

export interface ScanOptions extends BindOptions {
  /** Most input variations rendered per bundle part (default 4). */
  maxVariations?: number;
}

/** A resource the templates declare, as rendered: one per declaring source line (loops share one). */
export interface ScannedResource extends IacResourceData {
  anchor: string;
}

export interface ScanResult {
  inventory: Inventory;
  bindings: SpecBinding[];
  renderings: Rendering[];
  resources: ScannedResource[];
  /** Merged (one per key), sorted by location; each names its subject. */
  issues: ScanIssue[];
  /** Every secret value the analyses reported, only to scrub it from every output. */
  secretValues: string[];
}

/** Loads the WASM parsers and the IAM reference data; await once before scanTree. */
export async function prepareScan(): Promise<void> {
  await Promise.all([loadHclParser(), loadIamData()]);
}

/** Text of source lines, read once per file. */
function lineReader(tree: FileTree): { lineText: (file: string, line: number | undefined) => string; fileText: (file: string) => string } {
  const cache = new Map<string, string[]>();
  const lines = (file: string): string[] => {
    let l = cache.get(file);
    if (!l) {
      const r = tree.read(file);
      l = 'text' in r ? r.text.split('\n') : [];
      cache.set(file, l);
    }
    return l;
  };
  return {
    lineText: (file, line) => (line ? (lines(file)[line - 1] ?? '') : ''),
    fileText: (file) => lines(file).join('\n'),
  };
}

/** One issue per key; the loop instances and render variants that produced it are listed. */
export function mergeIssues(issues: readonly ScanIssue[]): ScanIssue[] {
  const byKey = new Map<string, ScanIssue>();
  for (const issue of issues) {
    const seen = byKey.get(issue.key);
    if (!seen) {
      byKey.set(issue.key, { ...issue, ...(issue.instances ? { instances: [...issue.instances] } : {}) });
      continue;
    }
    if (issue.instances) seen.instances = [...new Set([...(seen.instances ?? []), ...issue.instances])].sort();
    const variant = issue.data?.variant;
    if (typeof variant === 'string') {
      const variants = new Set<string>([...((seen.data?.variants as string[] | undefined) ?? []), ...(typeof seen.data?.variant === 'string' ? [seen.data.variant] : []), variant]);
      seen.data = { ...seen.data, variants: [...variants].sort() };
    }
  }
  return [...byKey.values()];
}

function compareBundles(a: Bundle, b: Bundle): number {
  const rank = (x: Bundle): number => (x.kind === 'environment' || x.kind === 'customer-managed-environment' ? 0 : x.kind === 'service' ? 1 : 2);
  return rank(a) - rank(b) || (a.root < b.root ? -1 : a.root > b.root ? 1 : 0);
}

export function scanTree(tree: FileTree, options: ScanOptions = {}): ScanResult {
  const inventory = discover(tree);
  const bindings = bindSpecs(inventory.specs, inventory.bundles, inventory.opsFiles, options);
  const { lineText, fileText } = lineReader(tree);
  const issues: ScanIssue[] = [];
  /** Adds issues about `subject` (an issue that names its own subject keeps it). */
  const add = (subject: ScanSubject, list: readonly ScanIssue[]): void => {
    for (const i of list) issues.push(i.subject ? i : { ...i, subject });
  };
  const repository: ScanSubject = { kind: 'repository' };
  add(repository, inventory.issues);
  for (const ops of inventory.opsFiles) add(repository, ops.issues);
  const resources = new Map<string, ScannedResource>();
  const renderings: Rendering[] = [];
  const environmentOutputs = new Map<string, string[]>();
  const maxVariations = options.maxVariations ?? 4;
  const secretValues: string[] = [];

  for (const bundle of [...inventory.bundles].sort(compareBundles)) {
    const subject: ScanSubject = { kind: 'bundle', root: bundle.root };
    add(subject, [...bundle.issues, ...(bundle.registration?.issues ?? []), ...(bundle.compatibleEnvs?.issues ?? [])]);
    // A pre-GA bundle uses other namespaces and keys: reported as such, not rendered or judged by GA rules.
    if (bundle.preGa) continue;
    add(subject, [...schemaHygiene(bundle), ...inputUsage(tree, bundle), ...bundleSecrets(tree, bundle, secretValues), ...bundleQuotaIssues(bundle)]);
    const bound = bindings.filter((b) => b.bundle === bundle);
    let instanceOutputs: string[] = [];
    // Instance parts before pipeline parts.
    const parts = [...bundle.parts].sort((a, b) => (a.role === 'pipeline' ? 1 : 0) - (b.role === 'pipeline' ? 1 : 0));
    for (const part of parts) {
      add(subject, codebuildManifestIssues(part));
      if (part.engine === 'cloudformation') {
        for (const file of part.iacFiles) {
          const r = tree.read(file);
          if ('text' in r) add(subject, jinjaPitfalls(file, r.text));
        }
      }
      const result = renderPart(tree, bundle, part, bound, { maxVariations, environmentOutputs }, instanceOutputs);
      add(subject, result.issues);
      renderings.push(...result.renderings);
      if (part.role === 'instance') instanceOutputs = result.outputs;
      if (part.role === 'infrastructure' && bundle.major !== undefined && result.renderings.length > 0) environmentOutputs.set(`${bundle.name}:${bundle.major}`, result.outputs);
      // Analyses of what was rendered.
      const policyArnFilters = part.engine === 'cloudformation' ? part.iacFiles.flatMap((f) => {
        const r = tree.read(f);
        return 'text' in r ? scanTemplate(r.text).filters.filter((u) => u.name === 'proton_cfn_iam_policy_arns') : [];
      }) : [];
      for (const rendering of result.renderings) {
        if (!rendering.template) continue;
        const scope: RenderScope = { bundle, variant: rendering.variant, template: rendering.template, lineText };
        add(subject, [...iamIssues(scope, policyArnFilters), ...resourceIssues(scope, fileText), ...codebuildProjectIssues(scope), ...terraformIssues(rendering.template, lineText)]);
        for (const r of rendering.template.resources) {
          const anchor = resourceAnchor(scope, r);
          const id = `${r.location.file}\u0000${anchor}`;
          const seen = resources.get(id);
          if (seen) {
            if (!seen.instances.includes(r.id)) seen.instances.push(r.id);
            if (!seen.variants.includes(rendering.variant)) seen.variants.push(rendering.variant);
            continue;
          }
          resources.set(id, {
            anchor,
            language: r.language,
            type: r.type,
            file: r.location.file,
            ...(r.location.line !== undefined ? { line: r.location.line } : {}),
            bundle: bundle.root,
            instances: [r.id],
            variants: [rendering.variant],
            properties: r.properties,
            attributes: r.attributes,
          });
        }
      }
    }
  }
  for (const b of bindings) {
    const text = fileText(b.spec.file);
    add({ kind: 'spec', file: b.spec.file }, [...b.issues, ...validateSpec(b), ...specSecrets(b.spec, text, secretValues), ...specQuotaIssues(b.spec, text)]);
  }

  // A render failure explained by a more specific issue on the same line is not repeated.
  const explained = new Set(issues.filter((i) => ['jinja.unescaped-dynamic-reference', 'inputs.undeclared', 'jinja.component-output-unguarded', 'inputs.optional-unguarded'].includes(i.code)).map((i) => `${i.location.file}\u0000${i.location.line}`));
  const kept = issues.filter((i) => !((i.code === 'render.error' || i.code === 'render.syntax-error') && explained.has(`${i.location.file}\u0000${i.location.line}`)));
  const scanned = [...resources.values()].map((r) => ({ ...r, instances: [...r.instances].sort(), variants: [...r.variants].sort() }));
  scanned.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return { inventory, bindings, renderings, resources: scanned, issues: mergeIssues(kept).sort(compareIssues), secretValues };
}
