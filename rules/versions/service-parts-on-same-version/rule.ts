/**
 * PA-VER-017: a service's instances and pipeline run one template version. Instances and the
 * pipeline are updated by separate calls, so a rollout can stop half-way; the check relates one
 * service to its other resources, which one CEL expression over one resource cannot do.
 */
import { defineRule, type AnyResourceView, type ResourceViewOf } from '../../../src/rule-api/index.ts';

/** Parts on their way out are not part of the rollout any more. */
const GOING = new Set(['DELETE_IN_PROGRESS', 'DELETE_COMPLETE', 'DELETE_FAILED']);
/** 1.10 after 1.9; one collator (localeCompare with options builds one per comparison). */
const VERSION_ORDER = new Intl.Collator('en', { numeric: true });

/** A part's template version, or undefined when it is on its way out or has none. */
function versionOf(view: ResourceViewOf<'serviceInstance'> | ResourceViewOf<'servicePipeline'>): string | undefined {
  const { deploymentStatus: status, templateMajorVersion: major, templateMinorVersion: minor } = view.data;
  if (status !== undefined && GOING.has(status)) return undefined;
  if (major === undefined || minor === undefined) return undefined;
  return `${major}.${minor}`;
}

function isPipeline(view: AnyResourceView | undefined): view is ResourceViewOf<'servicePipeline'> {
  return view?.type === 'servicePipeline';
}

export default defineRule({
  meta: {
    id: 'PA-VER-017',
    title: "A service's instances and pipeline run the same template version",
    severity: 'low',
    resource: 'service',
    family: 'versions',
    rationale:
      'Each service instance and the service pipeline keep their own template version and are updated by separate calls ' +
      "(update-service-instance, update-service-pipeline), so a rollout can stop half-way: the guide's own example shows a " +
      'pipeline on 1.1 next to an instance on 1.0. The pipeline then deploys to instances built from another version than ' +
      'its own, stages can expect inputs or outputs the other version lacks, and nobody can say which version the service ' +
      'is on. Instances and pipelines being deleted are left out.',
    remediation: {
      text:
        'Finish the rollout: bring every instance and the pipeline to the same version (normally the recommended minor), ' +
        'or record why one stage stays behind. The Proton calls work only while the Proton API answers (AWS ended Proton ' +
        'support on 2026-10-07).',
      cli:
        'aws proton update-service-instance --service-name <service> --name <instance> --deployment-type MINOR_VERSION ' +
        '--template-major-version <major> --template-minor-version <minor>',
    },
    references: [
      { title: 'AWS Proton User Guide: pipeline on 1.1 in get-service output', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-svc-view.html' },
      { title: 'AWS Proton User Guide: instance on 1.0 in get-service-instance output', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-svc-instance-view.html' },
      { title: 'AWS Proton User Guide: instances are updated one by one', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-svc-instance-update.html' },
      { title: 'AWS Proton User Guide: the pipeline is updated separately', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-svc-pipeline-update.html' },
    ],
    messages: {
      oneVersion: "{{parts}} of service {{service}} {{verb}} {{version}}.",
      nothingDeployed: "Service {{service}} has no deployed instances or pipeline.",
      mixedVersions: "Service {{service}} runs template {{template}} on {{count}} versions across its instances and pipeline: {{listing}}.",
    },
  },
  requires: ['proton'],
  check(resource, ctx) {
    if (resource.data.status === 'DELETE_IN_PROGRESS') return { status: 'skip', reason: 'the service is being deleted' };
    // Parts grouped by version; their labels are written only for a message that lists them.
    const byVersion = new Map<string, Array<ResourceViewOf<'serviceInstance'> | undefined>>();
    let count = 0;
    const add = (version: string | undefined, view: ResourceViewOf<'serviceInstance'> | undefined): void => {
      if (version === undefined) return;
      count++;
      const parts = byVersion.get(version);
      if (parts) parts.push(view);
      else byVersion.set(version, [view]);
    };
    for (const v of ctx.view.lookup('serviceInstance', 'serviceName', resource.name)) {
      if (v.accountId === resource.accountId && v.region === resource.region) add(versionOf(v), v);
    }
    // The pipeline view carries the pipeline's ARN, or the service's with /pipeline when AWS gave none.
    const pipeline = ctx.view.byArn(resource.data.pipeline?.arn || `${resource.arn}/pipeline`);
    if (isPipeline(pipeline)) add(versionOf(pipeline), undefined);
    const label = (view: ResourceViewOf<'serviceInstance'> | undefined): string => (view ? `instance ${view.name}` : 'pipeline');

    const versions = [...byVersion.keys()].sort(VERSION_ORDER.compare);
    const [only] = versions;
    if (versions.length === 1 && only !== undefined) {
      const one = count === 1;
      return { status: 'pass', messageId: 'oneVersion', data: { parts: one ? 'The only deployed part' : `All ${count} deployed parts`, service: resource.name, verb: one ? 'runs' : 'run', version: only } };
    }
    if (versions.length === 0) return { status: 'pass', messageId: 'nothingDeployed', data: { service: resource.name } };
    const members: Record<string, string[]> = {};
    for (const v of versions) members[v] = (byVersion.get(v) ?? []).map(label).sort();
    // The message names a few parts per version; the evidence lists them all.
    const few = (names: string[]): string => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));
    const listing = versions.map((v) => `${v} (${few(members[v] ?? [])})`).join('; ');
    return {
      status: 'fail',
      messageId: 'mixedVersions',
      data: { service: resource.name, template: resource.data.templateName ?? '?', count: versions.length, listing },
      evidence: { versions: members },
    };
  },
});
