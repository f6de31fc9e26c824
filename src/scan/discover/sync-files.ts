/**
 * Files that tie templates and specs together under template sync and service sync:
 * `<name>/v<N>/.template-registration.yaml` (https://docs.aws.amazon.com/proton/latest/userguide/create-template-sync.html),
 * the legacy `.compatible-envs` beside `v<N>/` (plain `env-template:major` lines, seen in older
 * public sample repositories), and `proton-ops.yaml`
 * (https://docs.aws.amazon.com/proton/latest/userguide/ag-service-sync-configs.html).
 */
import { issueKey, type ScanIssue } from '../core/types.ts';
import type { YamlDoc } from '../yaml/yaml-doc.ts';
import { isRecord } from './files.ts';

export interface EnvironmentRef {
  name: string;
  major: number;
  line: number;
}

export interface Registration {
  file: string;
  compatibleEnvironments: EnvironmentRef[];
  supportedComponentSources: string[];
  issues: ScanIssue[];
}

export interface CompatibleEnvs {
  file: string;
  entries: EnvironmentRef[];
  issues: ScanIssue[];
}

export interface OpsEntry {
  service: string;
  instance: string;
  branch?: string;
  /** The spec path as written. */
  spec?: string;
  line: number;
}

export interface OpsFile {
  file: string;
  entries: OpsEntry[];
  issues: ScanIssue[];
}

const ENV_REF = /^([A-Za-z0-9][A-Za-z0-9_-]*):(\d+)$/;

function issue(code: string, file: string, line: number | undefined, message: string, ...key: string[]): ScanIssue {
  return { code, message, location: { file, ...(line ? { line } : {}) }, key: issueKey(code, file, ...key) };
}

export function parseRegistration(file: string, doc: YamlDoc): Registration {
  const top = isRecord(doc.value) ? doc.value : {};
  const issues: ScanIssue[] = [];
  const compatibleEnvironments: EnvironmentRef[] = [];
  if (!Array.isArray(top.compatible_environments) || top.compatible_environments.length === 0) {
    issues.push(issue('sync.registration-no-compatible-environments', file, doc.lineOf(['compatible_environments']) ?? 1, `${file} lists no compatible_environments; it is required.`));
  } else {
    top.compatible_environments.forEach((raw, i) => {
      const line = doc.nearestLine(['compatible_environments', i]);
      const m = typeof raw === 'string' ? ENV_REF.exec(raw.trim()) : null;
      if (!m) issues.push(issue('sync.registration-bad-environment', file, line, `Compatible environment '${String(raw)}' is not of the form <environment-template>:<major-version>.`, String(raw)));
      else compatibleEnvironments.push({ name: m[1] ?? '', major: Number(m[2]), line });
    });
  }
  const sources = Array.isArray(top.supported_component_sources) ? top.supported_component_sources.map(String) : [];
  sources.forEach((s, i) => {
    if (s !== 'DIRECTLY_DEFINED') issues.push(issue('sync.registration-bad-component-source', file, doc.nearestLine(['supported_component_sources', i]), `Component source '${s}' is not supported; the only value is DIRECTLY_DEFINED.`, s));
  });
  for (const key of Object.keys(top)) {
    if (key !== 'compatible_environments' && key !== 'supported_component_sources') {
      issues.push(issue('sync.registration-unknown-key', file, doc.lineOf([key]), `${file} has an unknown key '${key}'.`, key));
    }
  }
  return { file, compatibleEnvironments, supportedComponentSources: sources, issues };
}

export function parseCompatibleEnvs(file: string, text: string): CompatibleEnvs {
  const entries: EnvironmentRef[] = [];
  const issues: ScanIssue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const m = ENV_REF.exec(line);
    if (m) entries.push({ name: m[1] ?? '', major: Number(m[2]), line: i + 1 });
    else issues.push(issue('sync.compatible-envs-bad-line', file, i + 1, `Line '${line}' is not of the form <environment-template>:<major-version>.`, line));
  });
  return { file, entries, issues };
}

export function parseOpsFile(file: string, doc: YamlDoc): OpsFile {
  const top = isRecord(doc.value) ? doc.value : {};
  const issues: ScanIssue[] = [];
  const entries: OpsEntry[] = [];
  const services = isRecord(top.sync) && isRecord(top.sync.services) ? top.sync.services : undefined;
  if (!services) {
    issues.push(issue('sync.ops-no-services', file, doc.lineOf(['sync']) ?? 1, `${file} has no sync.services map.`));
    return { file, entries, issues };
  }
  for (const [service, instances] of Object.entries(services)) {
    if (!isRecord(instances)) {
      issues.push(issue('sync.ops-bad-service', file, doc.lineOf(['sync', 'services', service]), `Service '${service}' in ${file} is not a map of instances.`, service));
      continue;
    }
    for (const [instance, raw] of Object.entries(instances)) {
      const line = doc.nearestLine(['sync', 'services', service, instance]);
      const e = isRecord(raw) ? raw : {};
      if (typeof e.spec !== 'string' || typeof e.branch !== 'string') {
        issues.push(issue('sync.ops-incomplete-instance', file, line, `Instance '${instance}' of service '${service}' needs both branch and spec.`, service, instance));
      }
      entries.push({ service, instance, line, ...(typeof e.branch === 'string' ? { branch: e.branch } : {}), ...(typeof e.spec === 'string' ? { spec: e.spec } : {}) });
    }
  }
  return { file, entries, issues };
}
