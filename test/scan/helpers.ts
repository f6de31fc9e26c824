import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanIssue } from '../../src/scan/core/types.ts';

export const FIXTURE_REPO = fileURLToPath(new URL('./fixtures/template-repo', import.meta.url));

/** Files of the fixture repository that hold planted problems, relative to its root. */
export const FIXTURE_FILES = {
  VPC: 'environment-templates/vpc-env/v1/infrastructure/cloudformation.yaml',
  VPC_SCHEMA: 'environment-templates/vpc-env/v1/schema/schema.yaml',
  VPC_SPEC: 'environment-templates/vpc-env/v1/spec/spec.yaml',
  WEB: 'service-templates/fargate-svc/v1/instance_infrastructure/cloudformation.yaml',
  PIPE: 'service-templates/fargate-svc/v1/pipeline_infrastructure/cloudformation.yaml',
  SAM: 'service-templates/lambda-svc/v1/instance_infrastructure/cloudformation.yaml',
  TF: 'environment-templates/tf-env/v1/infrastructure/main.tf',
  TF_BACKEND: 'environment-templates/tf-env/v1/infrastructure/backend.tf',
  CDK: 'environment-templates/cdk-env/v1/infrastructure/manifest.yaml',
  COMPONENT: 'components/queue/cloudformation.yaml',
  WEB_SPEC: 'specs/web-prod.yaml',
} as const;

/** The 1-based line of the only line of `file` (relative to `root`) containing `text`. */
export function lineOf(root: string, file: string, text: string): number {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(text) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${file}: ${hits.length} lines contain ${JSON.stringify(text)}`);
  return hits[0] as number;
}

export function issuesAt(issues: readonly ScanIssue[], code: string, file: string): ScanIssue[] {
  return issues.filter((i) => i.code === code && i.location.file === file);
}
