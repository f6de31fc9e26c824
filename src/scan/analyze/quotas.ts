/**
 * Proton's quotas (https://docs.aws.amazon.com/proton/latest/userguide/ag-limits.html) as
 * warnings where a bundle or a spec exceeds them. Many of AWS's own sample bundles hold more
 * than 10 files, so the file count is a warning like the others, not a failure.
 */
import type { Bundle } from '../discover/index.ts';
import type { ParsedSpec } from '../discover/spec.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';

export const QUOTAS = {
  bundleBytes: 5 * 1024 * 1024,
  manifestBytes: 50 * 1024,
  schemaBytes: 50 * 1024,
  templateFileBytes: 200 * 1024,
  filesPerBundle: 10,
  templateNameLength: 100,
  /** The API's Service.spec length (https://docs.aws.amazon.com/proton/latest/APIReference/API_Service.html). */
  specCharacters: 51_200,
  instancesPerService: 20,
};

const kb = (n: number): string => `${Math.round(n / 1024)} KB`;

export function bundleQuotaIssues(bundle: Bundle): ScanIssue[] {
  if (bundle.kind === 'component') return [];
  const out: ScanIssue[] = [];
  const at = (code: string, file: string, message: string, line?: number): void => {
    out.push({ code, message, location: { file, ...(line ? { line } : {}) }, key: issueKey(code, file) });
  };
  const root = bundle.root || '.';
  const anchor = bundle.schema?.file ?? bundle.parts[0]?.manifest?.file ?? root;
  const total = bundle.files.reduce((n, f) => n + f.size, 0);
  if (total > QUOTAS.bundleBytes) at('quota.bundle-size', anchor, `Bundle ${root} holds ${(total / 1024 / 1024).toFixed(1)} MB; Proton accepts bundles up to 5 MB.`, 1);
  const counted = bundle.files.filter((f) => !/(^|\/)\.template-registration\.yaml$/.test(f.path));
  if (counted.length > QUOTAS.filesPerBundle) at('quota.files-per-bundle', anchor, `Bundle ${root} holds ${counted.length} files; Proton's quota is ${QUOTAS.filesPerBundle} template files per bundle.`, 1);
  for (const f of bundle.files) {
    const isManifest = /(^|\/)manifest\.ya?ml$/.test(f.path);
    const isSchema = f.path === bundle.schema?.file;
    const limit = isManifest ? QUOTAS.manifestBytes : isSchema ? QUOTAS.schemaBytes : QUOTAS.templateFileBytes;
    if (f.size > limit) at('quota.file-size', f.path, `${f.path} is ${kb(f.size)}; Proton accepts ${isManifest ? 'manifests' : isSchema ? 'schema files' : 'template files'} up to ${kb(limit)}.`, 1);
  }
  if (bundle.name.length > QUOTAS.templateNameLength) at('quota.template-name-length', anchor, `Template name ${bundle.name.slice(0, 40)}... has ${bundle.name.length} characters; Proton allows ${QUOTAS.templateNameLength}.`, 1);
  return out;
}

export function specQuotaIssues(spec: ParsedSpec, text: string): ScanIssue[] {
  const out: ScanIssue[] = [];
  if (text.length > QUOTAS.specCharacters) {
    out.push({ code: 'quota.spec-size', message: `${spec.file} has ${text.length} characters; Proton accepts specs up to ${QUOTAS.specCharacters}.`, location: { file: spec.file, line: 1 }, key: issueKey('quota.spec-size', spec.file) });
  }
  if (spec.instances.length > QUOTAS.instancesPerService) {
    out.push({
      code: 'quota.instances-per-service',
      message: `${spec.file} lists ${spec.instances.length} instances; Proton's quota is ${QUOTAS.instancesPerService} instances per service.`,
      location: { file: spec.file, line: spec.doc.nearestLine(['instances']) },
      key: issueKey('quota.instances-per-service', spec.file),
    });
  }
  return out;
}
