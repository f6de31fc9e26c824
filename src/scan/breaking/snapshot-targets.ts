/**
 * What a snapshot of the estate tells a scan: which template each service runs (for binding
 * specs named by proton-ops.yaml), and the deployed environments, service instances and
 * pipelines with their current specs (for deployedSpecVerdicts).
 */
import type { Snapshot } from '../../model/index.ts';
import type { DeployedTarget } from './deployed.ts';

export interface SnapshotFacts {
  serviceTemplates: Map<string, { template: string; major?: number }>;
  targets: DeployedTarget[];
}

export function snapshotFacts(snapshot: Snapshot): SnapshotFacts {
  const serviceTemplates = new Map<string, { template: string; major?: number }>();
  const targets: DeployedTarget[] = [];
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      const p = region.proton;
      if (!p) continue;
      for (const e of p.environments) {
        targets.push({ kind: 'environment', name: e.name, arn: e.arn, templateName: e.templateName, templateMajorVersion: e.templateMajorVersion, ...(e.spec !== undefined ? { spec: e.spec } : {}) });
      }
      for (const s of p.services) {
        const major = p.serviceInstances.find((i) => i.serviceName === s.name)?.templateMajorVersion ?? s.pipeline?.templateMajorVersion;
        serviceTemplates.set(s.name, { template: s.templateName, ...(major !== undefined && /^\d+$/.test(major) ? { major: Number(major) } : {}) });
        if (s.pipeline) {
          // The pipeline's values live in the service's spec.
          targets.push({ kind: 'servicePipeline', name: s.name, service: s.name, arn: s.pipeline.arn, templateName: s.pipeline.templateName, templateMajorVersion: s.pipeline.templateMajorVersion, ...(s.spec !== undefined ? { spec: s.spec } : {}) });
        }
      }
      for (const i of p.serviceInstances) {
        targets.push({ kind: 'serviceInstance', name: i.name, service: i.serviceName, arn: i.arn, templateName: i.templateName, templateMajorVersion: i.templateMajorVersion, ...(i.spec !== undefined ? { spec: i.spec } : {}) });
      }
    }
  }
  targets.sort((a, b) => (a.arn ?? a.name).localeCompare(b.arn ?? b.name));
  return { serviceTemplates, targets };
}
