/**
 * Inputs referenced by the IaC versus inputs the schema declares. A reference to an
 * undeclared input fails Proton's render (StrictUndefined); so does an unguarded reference to
 * an optional input without a default when a spec leaves it out. A declared input nothing
 * reads is dead weight that users still have to fill in.
 */
import type { Bundle, BundlePart } from '../discover/index.ts';
import { inputType, type InputNamespace } from '../discover/schema.ts';
import { scanTemplate, type JinjaReference } from '../jinja/references.ts';
import type { FileTree } from '../source/tree.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { logicalPath } from '../yaml/yaml-doc.ts';
import { closest } from './values.ts';

interface InputRef {
  ns: InputNamespace;
  name: string | undefined;
  file: string;
  line: number;
  guarded: boolean;
  text: string;
}

const ROOT_NS: Record<string, InputNamespace> = { environment: 'environment', service_instance: 'service', pipeline: 'pipeline', service_instances: 'service' };
const TF_REF = /\bvar\.(environment|service_instance|pipeline)\.inputs(?:\.([A-Za-z_][\w-]*)|\[\s*"([^"]+)"\s*\])?/g;
const CODEBUILD_REF = /\.(environment|service_instance|pipeline)\.inputs(?:\.([A-Za-z_][\w-]*)|\[\s*"([^"]+)"\s*\])?/g;

/** Which namespaces a part may read inputs from. */
function readable(role: BundlePart['role']): InputNamespace[] {
  if (role === 'infrastructure') return ['environment'];
  if (role === 'instance') return ['service'];
  if (role === 'pipeline') return ['pipeline', 'service'];
  return [];
}

function jinjaRefs(file: string, refs: readonly JinjaReference[]): InputRef[] {
  const out: InputRef[] = [];
  for (const r of refs) {
    const root = String(r.path[0]);
    const ns = ROOT_NS[root];
    if (!ns) continue;
    const at = root === 'service_instances' ? 2 : 1;
    if (r.path[at] !== 'inputs') continue;
    const name = r.path[at + 1];
    out.push({ ns, name: typeof name === 'string' && name !== '*' ? name : undefined, file, line: r.line, guarded: r.guarded, text: r.text });
  }
  return out;
}

function regexRefs(file: string, text: string, re: RegExp): InputRef[] {
  const out: InputRef[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(re)) {
      const ns = ROOT_NS[m[1] ?? ''];
      if (ns) out.push({ ns, name: m[2] ?? m[3], file, line: i + 1, guarded: /\b(try|lookup|can)\s*\(/.test(line), text: m[0] });
    }
  });
  return out;
}

export function inputUsage(tree: FileTree, bundle: Bundle): ScanIssue[] {
  const schema = bundle.schema;
  if (!schema || bundle.kind === 'component' || bundle.kind === 'customer-managed-environment') return [];
  const out: ScanIssue[] = [];
  const refs: InputRef[] = [];
  let opaque = false; // CodeBuild programs read proton-inputs.json in ways a scan cannot follow
  for (const part of bundle.parts) {
    const allowed = readable(part.role);
    let partRefs: InputRef[] = [];
    if (part.engine === 'cloudformation') {
      for (const file of part.iacFiles) {
        const r = tree.read(file);
        if ('text' in r) partRefs.push(...jinjaRefs(file, scanTemplate(r.text).references));
      }
    } else if (part.engine === 'terraform') {
      for (const file of part.iacFiles) {
        const r = tree.read(file);
        if ('text' in r) partRefs.push(...regexRefs(file, r.text, TF_REF));
      }
    } else if (part.engine === 'codebuild') {
      opaque = true;
      if (part.manifest) {
        const r = tree.read(part.manifest.file);
        if ('text' in r) partRefs.push(...regexRefs(part.manifest.file, r.text, CODEBUILD_REF));
      }
    }
    for (const ref of partRefs) {
      if (!allowed.includes(ref.ns)) {
        out.push({
          code: 'inputs.wrong-namespace',
          message: `${ref.text} is read in ${part.role === 'infrastructure' ? 'an environment' : `a ${part.role}`} template, where Proton provides no ${ref.ns === 'service' ? 'service_instance' : ref.ns} inputs.`,
          location: { file: ref.file, line: ref.line },
          key: issueKey('inputs.wrong-namespace', ref.file, ref.text),
        });
      }
    }
    partRefs = partRefs.filter((r) => allowed.includes(r.ns));
    refs.push(...partRefs);
  }

  const wholeObject = new Set(refs.filter((r) => r.name === undefined).map((r) => r.ns));
  for (const ns of ['environment', 'service', 'pipeline'] as InputNamespace[]) {
    const type = inputType(schema, ns);
    if (!type) continue;
    const declared = new Map(type.properties.map((p) => [p.name, p]));
    const nsRefs = refs.filter((r) => r.ns === ns && r.name !== undefined);
    const seen = new Set<string>();
    for (const r of nsRefs) {
      const name = r.name as string;
      const prop = declared.get(name);
      const key = `${r.file}\u0000${r.line}\u0000${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!prop) {
        if (r.guarded) continue;
        const suggestion = closest(name, [...declared.keys()]);
        const engine = bundle.parts.find((p) => p.iacFiles.includes(r.file) || p.manifest?.file === r.file)?.engine;
        const consequence = engine === 'cloudformation' ? 'rendering fails' : engine === 'terraform' ? 'Terraform fails on it' : 'the value is missing';
        out.push({
          code: 'inputs.undeclared',
          message: `${r.text} is not declared in ${type.name} (${schema.file}); ${consequence}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
          location: { file: r.file, line: r.line },
          key: issueKey('inputs.undeclared', r.file, ns, name),
          data: { input: name, namespace: ns, ...(suggestion ? { suggestion } : {}) },
        });
      } else if (!prop.required && !('default' in prop.schema) && !r.guarded && bundle.parts.find((p) => p.iacFiles.includes(r.file))?.engine === 'cloudformation') {
        out.push({
          code: 'inputs.optional-unguarded',
          message: `${r.text} is optional without a default; rendering fails for any spec that leaves it out (add a default in the schema, or '| default' / 'is defined' here).`,
          location: { file: r.file, line: r.line },
          key: issueKey('inputs.optional-unguarded', r.file, ns, name),
          data: { input: name, namespace: ns },
        });
      }
    }
    if (wholeObject.has(ns)) continue;
    const used = new Set(nsRefs.map((r) => r.name));
    for (const p of type.properties) {
      if (used.has(p.name)) continue;
      // CodeBuild programs may read an input by any means: only a name that appears nowhere in the bundle counts.
      if (opaque && mentioned(tree, bundle, p.name)) continue;
      out.push({
        code: 'inputs.unused',
        message: `Input ${type.name}.${p.name} is declared but no IaC file of the bundle reads it.`,
        location: { file: schema.file, line: schema.doc.nearestLine(p.path) },
        logical: logicalPath(p.path),
        key: issueKey('inputs.unused', schema.file, type.name, p.name),
        data: { input: p.name, namespace: ns },
      });
    }
  }
  return out;
}

function mentioned(tree: FileTree, bundle: Bundle, name: string): boolean {
  const re = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  return bundle.files.some((f) => {
    if (f.skipped || f.path === bundle.schema?.file || f.size > 512 * 1024) return false;
    const r = tree.read(f.path);
    return 'text' in r && re.test(r.text);
  });
}
