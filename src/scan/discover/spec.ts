/**
 * Spec files, recognised by their `proton:` header: `ServiceSpec` (optional `pipeline:` and
 * `instances: [{name, environment, spec}]`) or `EnvironmentSpec` (`spec:`).
 * https://docs.aws.amazon.com/proton/latest/userguide/ag-create-svc.html
 */
import type { Segment, YamlDoc } from '../yaml/yaml-doc.ts';
import { isRecord } from './files.ts';

export interface SpecSection {
  values: Record<string, unknown>;
  /** Path of the values map in the document. */
  path: Segment[];
}

export interface SpecInstance extends SpecSection {
  name?: string;
  environment?: string;
  /** Path of the instance entry. */
  entryPath: Segment[];
}

export interface ParsedSpec {
  file: string;
  doc: YamlDoc;
  /** The `proton:` value as written. */
  kind: string;
  environment?: SpecSection;
  pipeline?: SpecSection;
  instances: SpecInstance[];
  /** Whether a `pipeline:` key is present at all (even empty). */
  hasPipelineKey: boolean;
}

/** Cheap test before parsing: a top-level `proton:` key. */
export const SPEC_HEADER = /^["']?proton["']?\s*:/m;

export function parseSpec(file: string, doc: YamlDoc): ParsedSpec | undefined {
  const top = doc.value;
  if (!isRecord(top) || typeof top.proton !== 'string') return undefined;
  const section = (value: unknown, path: Segment[]): SpecSection => ({ values: isRecord(value) ? value : {}, path });
  const instances: SpecInstance[] = Array.isArray(top.instances)
    ? top.instances.map((raw, i) => {
        const inst = isRecord(raw) ? raw : {};
        return {
          ...section(inst.spec, ['instances', i, 'spec']),
          entryPath: ['instances', i],
          ...(typeof inst.name === 'string' ? { name: inst.name } : {}),
          ...(typeof inst.environment === 'string' ? { environment: inst.environment } : {}),
        };
      })
    : [];
  const isService = top.proton === 'ServiceSpec';
  const pipeline = isRecord(top.pipeline) ? top.pipeline : undefined;
  return {
    file,
    doc,
    kind: top.proton,
    ...(!isService && 'spec' in top ? { environment: section(top.spec, ['spec']) } : {}),
    // A service spec's pipeline values sit directly under `pipeline:`.
    ...(pipeline ? { pipeline: section(pipeline, ['pipeline']) } : {}),
    instances,
    hasPipelineKey: 'pipeline' in top,
  };
}
