/**
 * A spec against the schema of the bundle it is bound to, as Proton validates it when the
 * environment or service is created or updated: unknown keys (with a "did you mean"), missing
 * required inputs, type, enum, pattern and bounds, and the pipeline section against the
 * presence of a pipeline (https://docs.aws.amazon.com/proton/latest/userguide/ag-create-svc.html).
 * Structure is checked for every spec, bound or not.
 */
import type { SpecBinding } from '../bind/bind.ts';
import { inputType, type SchemaType } from '../discover/schema.ts';
import type { ParsedSpec, SpecSection } from '../discover/spec.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { logicalPath, type Segment } from '../yaml/yaml-doc.ts';
import { checkObject, type ValueProblem } from './values.ts';

/** Problems of one set of values against an input type (also used for deployed specs in a snapshot). */
export function validateValues(type: SchemaType, values: Record<string, unknown>): ValueProblem[] {
  return checkObject(Object.fromEntries(type.properties.map((p) => [p.name, p.schema])), type.properties.filter((p) => p.required).map((p) => p.name), values, []);
}

function issueFor(spec: ParsedSpec, section: SpecSection, p: ValueProblem, context: string, typeName: string): ScanIssue {
  const path: Segment[] = [...section.path, ...p.path];
  const code = `spec.${p.kind}`;
  return {
    code,
    message: `${context}: ${p.message}${p.message.endsWith('?') ? '' : '.'}`,
    location: { file: spec.file, line: spec.doc.nearestLine(path) },
    logical: logicalPath(path),
    key: issueKey(code, spec.file, logicalPath(path), p.kind === 'missing-required' ? p.message : undefined),
    data: { type: typeName, ...(p.suggestion ? { suggestion: p.suggestion } : {}) },
  };
}

export function validateSpec(binding: SpecBinding): ScanIssue[] {
  const { spec, bundle } = binding;
  const out: ScanIssue[] = [];
  const at = (code: string, path: Segment[], message: string, ...key: string[]): void => {
    out.push({ code, message, location: { file: spec.file, line: spec.doc.nearestLine(path) }, logical: logicalPath(path), key: issueKey(code, spec.file, logicalPath(path), ...key) });
  };
  if (spec.kind === 'ServiceSpec') {
    if (spec.instances.length === 0) at('spec.no-instances', [], `Service spec ${spec.file} lists no instances.`);
    const names = new Map<string, number>();
    spec.instances.forEach((inst, i) => {
      if (!inst.name) at('spec.instance-incomplete', inst.entryPath, `Instance ${i + 1} of ${spec.file} has no name.`, 'name');
      if (!inst.environment) at('spec.instance-incomplete', inst.entryPath, `Instance ${inst.name ?? i + 1} of ${spec.file} names no environment.`, 'environment');
      if (inst.name) {
        if (names.has(inst.name)) at('spec.duplicate-instance', inst.entryPath, `Instance name '${inst.name}' appears more than once in ${spec.file}.`, inst.name);
        names.set(inst.name, i);
      }
    });
  } else if (spec.kind === 'EnvironmentSpec' && !spec.environment) {
    at('spec.no-values', [], `Environment spec ${spec.file} has no 'spec:' section.`);
  }
  if (!bundle) return out;

  const where = `${bundle.name}${bundle.major !== undefined ? ` v${bundle.major}` : ''}`;
  if (spec.kind === 'EnvironmentSpec' && spec.environment) {
    const type = inputType(bundle.schema, 'environment');
    if (type) out.push(...validateValues(type, spec.environment.values).map((p) => issueFor(spec, spec.environment as SpecSection, p, `Environment spec for ${where}`, type.name)));
  }
  if (spec.kind === 'ServiceSpec') {
    const type = inputType(bundle.schema, 'service');
    if (type) {
      for (const inst of spec.instances) out.push(...validateValues(type, inst.values).map((p) => issueFor(spec, inst, p, `Instance ${inst.name ?? '?'} for ${where}`, type.name)));
    }
    const hasPipeline = bundle.parts.some((p) => p.role === 'pipeline');
    const pipelineType = inputType(bundle.schema, 'pipeline');
    if (spec.hasPipelineKey && !hasPipeline) {
      at('spec.pipeline-unexpected', ['pipeline'], `The spec has a pipeline section but ${where} has no pipeline (pipelineProvisioning CUSTOMER_MANAGED); Proton rejects it.`);
    } else if (hasPipeline && pipelineType) {
      if (spec.pipeline) out.push(...validateValues(pipelineType, spec.pipeline.values).map((p) => issueFor(spec, spec.pipeline as SpecSection, p, `Pipeline for ${where}`, pipelineType.name)));
      else {
        const missing = pipelineType.properties.filter((p) => p.required && !('default' in p.schema)).map((p) => p.name);
        if (missing.length > 0) at('spec.pipeline-missing', [], `${where} has a pipeline whose required inputs (${missing.join(', ')}) the spec does not give: it has no pipeline section.`);
      }
    }
  }
  return out;
}
