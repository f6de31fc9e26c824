/**
 * Terraform conventions Proton relies on: the AWS provider's default_tags fed with
 * var.proton_tags, so everything provisioned carries Proton's tags
 * (https://docs.aws.amazon.com/proton/latest/userguide/ag-infrastructure-tmp-files-terraform.html),
 * and an S3 state backend with encrypt = true (state files hold secrets in clear text).
 */
import type { IacTemplate } from '../iac/model.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);

export function terraformIssues(template: IacTemplate, lineText: (file: string, line: number | undefined) => string): ScanIssue[] {
  if (template.language !== 'terraform') return [];
  const out: ScanIssue[] = [];
  let awsProviders = 0;
  for (const doc of template.documents) {
    const providers = isRecord(doc.value.provider) ? doc.value.provider : {};
    list(providers.aws).forEach((p, i) => {
      awsProviders++;
      const tags = list(p.default_tags)[0]?.tags;
      const ok = typeof tags === 'string' && /\bvar\.proton_tags\b/.test(tags);
      if (ok) return;
      const loc = doc.locate(tags === undefined ? ['provider', 'aws', i] : ['provider', 'aws', i, 'default_tags', 0, 'tags']);
      out.push({
        code: 'terraform.default-tags',
        message: tags === undefined ? 'The aws provider sets no default_tags; pass var.proton_tags so every resource carries Proton\'s tags.' : 'The aws provider\'s default_tags do not include var.proton_tags.',
        location: loc,
        key: issueKey('terraform.default-tags', doc.file, lineText(loc.file, loc.line).trim()),
      });
    });
    list(doc.value.terraform).forEach((t, ti) => {
      list(t.backend).forEach((b, bi) => {
        const labels = Array.isArray(b.__labels) ? b.__labels : [];
        if (labels[0] !== 's3') return;
        const enc = b.encrypt;
        if (enc === true || enc === 'true') return;
        const loc = doc.locate(enc === undefined ? ['terraform', ti, 'backend', bi] : ['terraform', ti, 'backend', bi, 'encrypt']);
        out.push({ code: 'terraform.backend-unencrypted', message: 'The S3 state backend does not set encrypt = true; Terraform state holds secrets in clear text.', location: loc, key: issueKey('terraform.backend-unencrypted', doc.file) });
      });
    });
  }
  if (awsProviders === 0 && template.files[0]) {
    out.push({
      code: 'terraform.default-tags',
      message: 'No aws provider block in these Terraform files sets default_tags = var.proton_tags.',
      location: { file: template.files[0], line: 1 },
      key: issueKey('terraform.default-tags', template.files.join(','), 'no-provider'),
    });
  }
  return out;
}
