/**
 * Breaking changes between two versions of one bundle within a major version. Under template
 * sync an edit in place becomes a new minor version, and "minor versions must be backward
 * compatible": Proton's best-effort check rejects some such schemas and existing environments
 * or services fail to upgrade (https://docs.aws.amazon.com/proton/latest/userguide/ag-template-versions.html).
 * Reported: an input removed, a new required input without default, a default dropped from a
 * required input, a type change, a narrowed enum, pattern or bound, a pipeline added or removed.
 */
import type { Bundle } from '../discover/index.ts';
import { inputType, INPUT_TYPE_KEYS, type InputNamespace, type SchemaProperty } from '../discover/schema.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { logicalPath, type Segment } from '../yaml/yaml-doc.ts';

const NAMESPACE_TEXT: Record<InputNamespace, string> = { environment: 'environment', service: 'service instance', pipeline: 'pipeline' };

type Bound = { key: string; narrower: (base: number, head: number) => boolean; word: string };
const BOUNDS: Bound[] = [
  { key: 'minimum', narrower: (b, h) => h > b, word: 'raised' },
  { key: 'maximum', narrower: (b, h) => h < b, word: 'lowered' },
  { key: 'minLength', narrower: (b, h) => h > b, word: 'raised' },
  { key: 'maxLength', narrower: (b, h) => h < b, word: 'lowered' },
  { key: 'minItems', narrower: (b, h) => h > b, word: 'raised' },
  { key: 'maxItems', narrower: (b, h) => h < b, word: 'lowered' },
];

export function compareBundleVersions(base: Bundle, head: Bundle): ScanIssue[] {
  const out: ScanIssue[] = [];
  const schema = head.schema;
  const file = schema?.file ?? head.root;
  const version = `${head.name}${head.major !== undefined ? ` v${head.major}` : ''}`;
  const at = (code: string, path: Segment[], message: string, ...key: string[]): void => {
    out.push({
      code,
      message,
      location: { file, ...(schema ? { line: schema.doc.nearestLine(path) } : {}) },
      logical: logicalPath(path),
      key: issueKey(code, file, ...key),
      data: { template: head.name, ...(head.major !== undefined ? { major: head.major } : {}) },
    });
  };

  const hadPipeline = base.parts.some((p) => p.role === 'pipeline');
  const hasPipeline = head.parts.some((p) => p.role === 'pipeline');
  if (hadPipeline !== hasPipeline) {
    at(
      hasPipeline ? 'breaking.pipeline-added' : 'breaking.pipeline-removed',
      hasPipeline ? ['schema', INPUT_TYPE_KEYS.pipeline] : ['schema'],
      `${version} ${hasPipeline ? 'adds' : 'removes'} the pipeline within a major version; whether a service template has a pipeline cannot change after it is created. Make it a new major version.`,
    );
  }

  for (const ns of ['environment', 'service', 'pipeline'] as InputNamespace[]) {
    const before = inputType(base.schema, ns);
    const after = inputType(head.schema, ns);
    if (!before || !after) continue;
    const old = new Map(before.properties.map((p) => [p.name, p]));
    const now = new Map(after.properties.map((p) => [p.name, p]));
    const what = (p: SchemaProperty): string => `${NAMESPACE_TEXT[ns]} input ${p.name}`;
    for (const p of before.properties) {
      if (!now.has(p.name)) at('breaking.input-removed', after.path, `${version} removes the ${what(p)}; specs that set it no longer validate.`, ns, p.name);
    }
    for (const p of after.properties) {
      const o = old.get(p.name);
      const hasDefault = 'default' in p.schema;
      if (!o) {
        if (p.required && !hasDefault) at('breaking.required-added', p.path, `${version} adds the required ${what(p)} without a default; existing ${ns === 'environment' ? 'environments' : 'services'} cannot upgrade without a new value.`, ns, p.name);
        continue;
      }
      if (p.required && !hasDefault && !(o.required && !('default' in o.schema))) {
        at(o.required ? 'breaking.default-removed' : 'breaking.required-added', p.path, `${version} makes the ${what(p)} required without a default${o.required ? ' (its default was removed)' : ''}; specs that leave it out no longer validate.`, ns, p.name);
      }
      if (o.schema.type !== undefined && p.schema.type !== undefined && o.schema.type !== p.schema.type) {
        at('breaking.type-changed', [...p.path, 'type'], `${version} changes the type of the ${what(p)} from ${String(o.schema.type)} to ${String(p.schema.type)}.`, ns, p.name);
      }
      const oldEnum = Array.isArray(o.schema.enum) ? o.schema.enum.map((e) => JSON.stringify(e)) : undefined;
      const newEnum = Array.isArray(p.schema.enum) ? p.schema.enum.map((e) => JSON.stringify(e)) : undefined;
      if (newEnum && (!oldEnum || oldEnum.some((e) => !newEnum.includes(e)))) {
        const dropped = oldEnum ? oldEnum.filter((e) => !newEnum.includes(e)) : [];
        at('breaking.enum-narrowed', [...p.path, 'enum'], `${version} ${oldEnum ? `drops ${dropped.join(', ')} from` : 'adds an enum to'} the ${what(p)}; values valid before may fail now.`, ns, p.name);
      }
      if (typeof p.schema.pattern === 'string' && p.schema.pattern !== o.schema.pattern) {
        at('breaking.pattern-changed', [...p.path, 'pattern'], `${version} ${o.schema.pattern === undefined ? 'adds a pattern to' : 'changes the pattern of'} the ${what(p)}; values valid before may fail now.`, ns, p.name);
      }
      for (const b of BOUNDS) {
        const hb = p.schema[b.key];
        const ob = o.schema[b.key];
        if (typeof hb !== 'number') continue;
        if (typeof ob !== 'number' || b.narrower(ob, hb)) {
          at('breaking.bound-narrowed', [...p.path, b.key], `${version} ${typeof ob === 'number' ? `${b.word} ${b.key} of the ${what(p)} from ${ob} to ${hb}` : `adds ${b.key} ${hb} to the ${what(p)}`}; values valid before may fail now.`, ns, p.name, b.key);
        }
      }
    }
  }
  return out;
}
