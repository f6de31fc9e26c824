/**
 * Terraform files of one bundle part as an IacTemplate. Terraform is not rendered by Proton
 * (inputs arrive as tfvars), so the files are parsed as they are and `var.<ns>.inputs.X`
 * stays a symbolic reference.
 */
import { issueKey, type ScanIssue } from '../core/types.ts';
import { logicalPath, type Segment } from '../yaml/yaml-doc.ts';
import { parseHcl } from './hcl.ts';
import type { IacResource, IacTemplate } from './model.ts';

const META_ARGUMENTS = ['count', 'for_each', 'provider', 'depends_on', 'lifecycle'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseTerraform(files: ReadonlyArray<{ file: string; text: string }>): { template: IacTemplate; issues: ScanIssue[] } {
  const issues: ScanIssue[] = [];
  const resources: IacResource[] = [];
  const outputs: string[] = [];
  const documents: IacTemplate['documents'] = [];
  for (const { file, text } of files) {
    const doc = parseHcl(text);
    for (const e of doc.errors) {
      issues.push({
        code: 'file.invalid-hcl',
        message: `${file} is not valid HCL: ${e.message}.`,
        location: { file, line: e.line, column: e.column },
        key: issueKey('file.invalid-hcl', file, e.message),
      });
    }
    const locate = (path: readonly Segment[]) => ({ file, line: doc.nearestLine(path) });
    documents.push({ file, value: doc.value, locate });
    for (const kind of ['resource', 'data'] as const) {
      const byType = isRecord(doc.value[kind]) ? doc.value[kind] : {};
      for (const [type, byName] of Object.entries(byType)) {
        for (const [name, body] of Object.entries(isRecord(byName) ? byName : {})) {
          const path: Segment[] = [kind, type, name];
          const b = isRecord(body) ? body : {};
          resources.push({
            language: 'terraform',
            id: kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
            type: kind === 'data' ? `data.${type}` : type,
            properties: Object.fromEntries(Object.entries(b).filter(([k]) => !META_ARGUMENTS.includes(k))),
            attributes: Object.fromEntries(Object.entries(b).filter(([k]) => META_ARGUMENTS.includes(k))),
            location: locate(path),
            locate: (sub) => locate([...path, ...sub]),
            logical: (sub) => logicalPath([kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`, ...sub]),
          });
        }
      }
    }
    if (isRecord(doc.value.output)) outputs.push(...Object.keys(doc.value.output));
  }
  return { template: { language: 'terraform', files: files.map((f) => f.file), resources, outputs: outputs.sort(), documents, exactLines: true }, issues };
}
