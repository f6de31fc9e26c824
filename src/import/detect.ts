/**
 * What an AWS CLI output is, told by its content (the top-level key each command prints) and, only
 * where content cannot tell (an empty template list), by its file name.
 */
import type { ProtonData } from '../model/index.ts';

type ProtonListType = keyof Omit<ProtonData, 'accountSettings' | 'resourcesSummary'>;

export interface ProtonExport {
  type: ProtonListType;
  /** Key of the list output (`aws proton list-*`). */
  listKey: string;
  /** Key of the get output (`aws proton get-*`). */
  getKey: string;
  listOp: string;
  getOp: string;
  /** For the template kinds, which share list keys: the ARN part and the file-name hint. */
  arnPart?: string;
  nameHint?: RegExp;
}

export const PROTON_EXPORTS: readonly ProtonExport[] = [
  { type: 'environmentTemplates', listKey: 'templates', getKey: 'environmentTemplate', listOp: 'ListEnvironmentTemplates', getOp: 'GetEnvironmentTemplate', arnPart: ':environment-template/', nameHint: /environment-template/i },
  { type: 'environmentTemplateVersions', listKey: 'templateVersions', getKey: 'environmentTemplateVersion', listOp: 'ListEnvironmentTemplateVersions', getOp: 'GetEnvironmentTemplateVersion', arnPart: ':environment-template/', nameHint: /environment-template/i },
  { type: 'serviceTemplates', listKey: 'templates', getKey: 'serviceTemplate', listOp: 'ListServiceTemplates', getOp: 'GetServiceTemplate', arnPart: ':service-template/', nameHint: /service-template/i },
  { type: 'serviceTemplateVersions', listKey: 'templateVersions', getKey: 'serviceTemplateVersion', listOp: 'ListServiceTemplateVersions', getOp: 'GetServiceTemplateVersion', arnPart: ':service-template/', nameHint: /service-template/i },
  { type: 'environments', listKey: 'environments', getKey: 'environment', listOp: 'ListEnvironments', getOp: 'GetEnvironment' },
  { type: 'services', listKey: 'services', getKey: 'service', listOp: 'ListServices', getOp: 'GetService' },
  { type: 'serviceInstances', listKey: 'serviceInstances', getKey: 'serviceInstance', listOp: 'ListServiceInstances', getOp: 'GetServiceInstance' },
  { type: 'components', listKey: 'components', getKey: 'component', listOp: 'ListComponents', getOp: 'GetComponent' },
  { type: 'environmentAccountConnections', listKey: 'environmentAccountConnections', getKey: 'environmentAccountConnection', listOp: 'ListEnvironmentAccountConnections', getOp: 'GetEnvironmentAccountConnection' },
  { type: 'repositories', listKey: 'repositories', getKey: 'repository', listOp: 'ListRepositories', getOp: 'GetRepository' },
];

export type Record_ = Record<string, unknown> & { arn: string };

export type Detected =
  | { kind: 'proton-list'; spec: ProtonExport; items: Record_[] }
  | { kind: 'proton-get'; spec: ProtonExport; record: Record_ }
  | { kind: 'account-settings'; settings: Record<string, unknown> }
  | { kind: 'resources-summary'; counts: Record<string, unknown> }
  | { kind: 'iam'; gaad: Record<string, unknown> }
  | { kind: 'tags'; mappings: Array<Record<string, unknown>> }
  | { kind: 'identity'; identity: { Account: string; Arn: string; UserId: string } }
  | { kind: 'quotas'; quotas: Array<Record<string, unknown>> }
  | { kind: 'stacks'; stacks: Array<Record<string, unknown>> }
  | { kind: 'codebuild-projects'; projects: Array<Record<string, unknown>> }
  | { kind: 'unused'; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function protonRecords(items: unknown[]): Record_[] | string {
  const out: Record_[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item) || typeof item.arn !== 'string' || item.arn === '') return `item ${i} has no arn`;
    out.push(item as Record_);
  }
  return out;
}

function pickTemplateKind(candidates: readonly ProtonExport[], items: Record_[], file: string): ProtonExport | string {
  const first = items[0];
  const byArn = first ? candidates.find((c) => c.arnPart && first.arn.includes(c.arnPart)) : undefined;
  if (byArn) return byArn;
  const byName = candidates.find((c) => c.nameHint?.test(file));
  if (byName) return byName;
  return 'an empty template list: name the file after its command (list-environment-templates.json, list-service-template-versions-<name>.json, ...) so its kind is known';
}

export function detect(file: string, value: unknown): Detected {
  if (!isObject(value)) return { kind: 'unused', reason: 'not a JSON object (AWS CLI outputs are objects)' };

  for (const key of ['templates', 'templateVersions', 'environments', 'services', 'serviceInstances', 'components', 'environmentAccountConnections', 'repositories']) {
    const list = value[key];
    if (!Array.isArray(list)) continue;
    const items = protonRecords(list);
    if (typeof items === 'string') return { kind: 'unused', reason: `${key}: ${items}` };
    const candidates = PROTON_EXPORTS.filter((s) => s.listKey === key);
    const spec = candidates.length === 1 ? candidates[0] : pickTemplateKind(candidates, items, file);
    if (spec === undefined || typeof spec === 'string') return { kind: 'unused', reason: spec ?? 'unknown list' };
    return { kind: 'proton-list', spec, items };
  }
  for (const spec of PROTON_EXPORTS) {
    const record = value[spec.getKey];
    if (!isObject(record)) continue;
    const items = protonRecords([record]);
    if (typeof items === 'string' || !items[0]) return { kind: 'unused', reason: `${spec.getKey}: ${typeof items === 'string' ? items : 'empty'}` };
    return { kind: 'proton-get', spec, record: items[0] };
  }
  if (isObject(value.accountSettings)) return { kind: 'account-settings', settings: value.accountSettings };
  if (isObject(value.counts)) return { kind: 'resources-summary', counts: value.counts };
  if (Array.isArray(value.RoleDetailList) || Array.isArray(value.UserDetailList) || Array.isArray(value.GroupDetailList)) return { kind: 'iam', gaad: value };
  if (Array.isArray(value.Policies) && value.Policies.some((p) => isObject(p) && Array.isArray(p.PolicyVersionList))) return { kind: 'iam', gaad: value };
  if (Array.isArray(value.ResourceTagMappingList)) {
    const mappings = value.ResourceTagMappingList.filter(isObject);
    return { kind: 'tags', mappings };
  }
  if (typeof value.Account === 'string' && typeof value.Arn === 'string' && typeof value.UserId === 'string') {
    return { kind: 'identity', identity: { Account: value.Account, Arn: value.Arn, UserId: value.UserId } };
  }
  if (Array.isArray(value.Quotas)) {
    const quotas = value.Quotas.filter(isObject);
    const other = quotas.find((q) => typeof q.ServiceCode === 'string' && q.ServiceCode !== 'proton');
    if (other) return { kind: 'unused', reason: `Service Quotas for ${String(other.ServiceCode)}, not proton` };
    return { kind: 'quotas', quotas };
  }
  if (Array.isArray(value.Stacks)) {
    const stacks = value.Stacks.filter(isObject);
    const bad = stacks.findIndex((st) => typeof st.StackId !== 'string' || typeof st.StackName !== 'string');
    if (bad >= 0 || stacks.length !== value.Stacks.length) return { kind: 'unused', reason: `Stacks: item ${bad >= 0 ? bad : stacks.length} has no StackId or StackName` };
    return { kind: 'stacks', stacks };
  }
  if (Array.isArray(value.StackSummaries)) return { kind: 'unused', reason: 'aws cloudformation list-stacks has no role, outputs or tags: export aws cloudformation describe-stacks instead' };
  if (Array.isArray(value.projects)) {
    if (value.projects.every((p) => typeof p === 'string')) {
      return { kind: 'unused', reason: 'aws codebuild list-projects holds names only: export aws codebuild batch-get-projects --names <the AWSProton-* names> instead' };
    }
    const projects = value.projects.filter(isObject);
    const bad = projects.findIndex((p) => typeof p.name !== 'string' || typeof p.arn !== 'string');
    if (bad >= 0 || projects.length !== value.projects.length) return { kind: 'unused', reason: `projects: item ${bad >= 0 ? bad : projects.length} has no name or arn` };
    return { kind: 'codebuild-projects', projects };
  }
  if (Array.isArray(value.Roles)) return { kind: 'unused', reason: 'aws iam list-roles has no policies: export aws iam get-account-authorization-details instead' };
  if (Array.isArray(value.tags)) return { kind: 'unused', reason: 'aws proton list-tags-for-resource: export aws resourcegroupstaggingapi get-resources instead' };
  return { kind: 'unused', reason: 'not an AWS CLI output proton-audit reads (see docs/import.md)' };
}
