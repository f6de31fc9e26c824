/**
 * schema/schema.yaml: the OpenAPI-flavoured declaration of a template's inputs
 * (https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html). Parsed loosely: the
 * hygiene analysis reports what is wrong with it, parsing only records what is there.
 */
import type { Segment, YamlDoc } from '../yaml/yaml-doc.ts';
import { isRecord } from './files.ts';

export interface SchemaProperty {
  name: string;
  /** The property's schema as written. */
  schema: Record<string, unknown>;
  /** Path of the property in the schema document. */
  path: Segment[];
  required: boolean;
}

export interface SchemaType {
  name: string;
  path: Segment[];
  schema: Record<string, unknown>;
  properties: SchemaProperty[];
}

export type InputNamespace = 'environment' | 'service' | 'pipeline';

export interface ParsedSchema {
  file: string;
  doc: YamlDoc;
  /** `schema.format.openapi` as written. */
  openapi?: unknown;
  /** `*_input_type` keys present, with the type names they point to (as written). */
  inputTypes: Partial<Record<InputNamespace, unknown>>;
  types: Map<string, SchemaType>;
  /** The document has no `schema:` map at the top. */
  malformed: boolean;
}

export const INPUT_TYPE_KEYS: Record<InputNamespace, string> = {
  environment: 'environment_input_type',
  service: 'service_input_type',
  pipeline: 'pipeline_input_type',
};

export function parseSchema(file: string, doc: YamlDoc): ParsedSchema {
  const top = isRecord(doc.value) ? doc.value : {};
  const schema = isRecord(top.schema) ? top.schema : undefined;
  const types = new Map<string, SchemaType>();
  const inputTypes: ParsedSchema['inputTypes'] = {};
  if (schema) {
    for (const [ns, key] of Object.entries(INPUT_TYPE_KEYS) as Array<[InputNamespace, string]>) if (key in schema) inputTypes[ns] = schema[key];
    const rawTypes = isRecord(schema.types) ? schema.types : {};
    for (const [name, raw] of Object.entries(rawTypes)) {
      const t = isRecord(raw) ? raw : {};
      const required = new Set(Array.isArray(t.required) ? t.required.filter((r): r is string => typeof r === 'string') : []);
      const props = isRecord(t.properties) ? t.properties : {};
      const path: Segment[] = ['schema', 'types', name];
      types.set(name, {
        name,
        path,
        schema: t,
        properties: Object.entries(props).map(([p, s]) => ({ name: p, schema: isRecord(s) ? s : {}, path: [...path, 'properties', p], required: required.has(p) })),
      });
    }
  }
  return {
    file,
    doc,
    ...(schema && isRecord(schema.format) && 'openapi' in schema.format ? { openapi: schema.format.openapi } : {}),
    inputTypes,
    types,
    malformed: !schema,
  };
}

/** The type an `*_input_type` key names, when it names one that exists. */
export function inputType(schema: ParsedSchema | undefined, ns: InputNamespace): SchemaType | undefined {
  const name = schema?.inputTypes[ns];
  return typeof name === 'string' ? schema?.types.get(name) : undefined;
}
