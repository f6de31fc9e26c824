/**
 * Schema hygiene (https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html): the
 * header keys, `*_input_type` names that exist and fit the bundle, property types, defaults of
 * the declared type and within their own enum/pattern/bounds, `required` naming real
 * properties, required inputs that also carry a default, parameter names of at most 100
 * characters (https://docs.aws.amazon.com/proton/latest/userguide/parameters.html), and
 * customer-managed environment schemas holding strings only.
 */
import type { Bundle } from '../discover/index.ts';
import { INPUT_TYPE_KEYS, type InputNamespace, type ParsedSchema } from '../discover/schema.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { logicalPath, type Segment } from '../yaml/yaml-doc.ts';
import { checkValue, compilePattern, OPENAPI_TYPES } from './values.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const MAX_PARAMETER_NAME = 100;

export function schemaHygiene(bundle: Bundle): ScanIssue[] {
  const schema = bundle.schema;
  if (!schema) return [];
  const out: ScanIssue[] = [];
  const at = (code: string, path: Segment[], message: string, ...key: string[]): void => {
    out.push({ code, message, location: { file: schema.file, line: schema.doc.nearestLine(path) }, logical: logicalPath(path), key: issueKey(code, schema.file, logicalPath(path), ...key) });
  };
  if (schema.malformed) {
    at('schema.malformed', [], `${schema.file} has no top-level 'schema:' map.`);
    return out;
  }
  if (schema.openapi === undefined) at('schema.missing-format', ['schema'], `${schema.file} lacks format.openapi: "3.0.0".`);
  else if (String(schema.openapi) !== '3.0.0') at('schema.bad-format', ['schema', 'format', 'openapi'], `format.openapi is '${String(schema.openapi)}'; Proton schemas declare "3.0.0".`);
  const top = isRecord(schema.doc.value) && isRecord(schema.doc.value.schema) ? schema.doc.value.schema : {};
  if (!isRecord(top.types)) at('schema.missing-types', ['schema'], `${schema.file} has no 'types:' map.`);

  const expected: InputNamespace[] =
    bundle.kind === 'service' ? (bundle.parts.some((p) => p.role === 'pipeline') ? ['service', 'pipeline'] : ['service']) : bundle.kind === 'environment' || bundle.kind === 'customer-managed-environment' ? ['environment'] : [];
  for (const ns of Object.keys(INPUT_TYPE_KEYS) as InputNamespace[]) {
    const key = INPUT_TYPE_KEYS[ns];
    const name = schema.inputTypes[ns];
    const present = ns in schema.inputTypes;
    if (expected.includes(ns) && !present) {
      at(
        ns === 'pipeline' ? 'schema.pipeline-input-type-missing' : 'schema.input-type-missing',
        ['schema'],
        ns === 'pipeline'
          ? `The bundle has pipeline_infrastructure/ but the schema has no pipeline_input_type; Proton rejects it.`
          : `A ${bundle.kind.replace(/-/g, ' ')} schema needs ${key}.`,
        key,
      );
    }
    if (present && bundle.kind !== 'unknown' && !expected.includes(ns)) {
      at(
        ns === 'pipeline' ? 'schema.pipeline-input-type-without-pipeline' : 'schema.input-type-wrong-kind',
        ['schema', key],
        ns === 'pipeline'
          ? `The schema declares pipeline_input_type but the bundle has no pipeline_infrastructure/; Proton requires it if and only if there is a pipeline.`
          : `${key} does not belong in a ${bundle.kind.replace(/-/g, ' ')} schema.`,
        key,
      );
    }
    if (present && (typeof name !== 'string' || !schema.types.has(name))) {
      at('schema.input-type-unknown', ['schema', key], `${key} names '${String(name)}', which is not a type under schema.types.`, key);
    }
  }

  for (const type of schema.types.values()) {
    if (type.schema.type !== undefined && type.schema.type !== 'object') at('schema.type-not-object', [...type.path, 'type'], `Type ${type.name} is '${String(type.schema.type)}'; input types are objects.`);
    if (!isRecord(type.schema.properties)) at('schema.type-no-properties', type.path, `Type ${type.name} has no properties.`);
    const names = new Set(type.properties.map((p) => p.name));
    if (Array.isArray(type.schema.required)) {
      type.schema.required.forEach((r, i) => {
        if (typeof r !== 'string' || !names.has(r)) at('schema.required-unknown', [...type.path, 'required', i], `Type ${type.name} requires '${String(r)}', which is not one of its properties.`, String(r));
      });
    }
    for (const p of type.properties) checkProperty(schema, bundle, type.name, p.name, p.schema, p.path, p.required, at);
  }
  return out;
}

function checkProperty(
  schema: ParsedSchema,
  bundle: Bundle,
  typeName: string,
  name: string,
  prop: Record<string, unknown>,
  path: Segment[],
  required: boolean,
  at: (code: string, path: Segment[], message: string, ...key: string[]) => void,
): void {
  if (name.length > MAX_PARAMETER_NAME) at('schema.name-too-long', path, `Input name '${name.slice(0, 40)}...' has ${name.length} characters; Proton allows ${MAX_PARAMETER_NAME}.`);
  const type = prop.type;
  if (type === undefined) at('schema.property-no-type', path, `Input ${typeName}.${name} has no type.`);
  else if (typeof type !== 'string' || !OPENAPI_TYPES.includes(type)) at('schema.property-bad-type', [...path, 'type'], `Input ${typeName}.${name} has type '${String(type)}'; OpenAPI types are ${OPENAPI_TYPES.join(', ')}.`);
  if (bundle.kind === 'customer-managed-environment' && type !== undefined && type !== 'string') {
    at('schema.customer-managed-not-string', [...path, 'type'], `Customer-managed environment output ${name} is '${String(type)}'; these schemas hold strings only.`);
  }
  if ('pattern' in prop && !compilePattern(prop.pattern)) at('schema.bad-pattern', [...path, 'pattern'], `The pattern of ${typeName}.${name} is not a valid regular expression, or needs backtracking (backreferences, lookaround), which proton-audit does not run on repository input; values are not checked against it.`);
  if (Array.isArray(prop.enum) && typeof type === 'string') {
    prop.enum.forEach((e, i) => {
      if (checkValue({ type }, e).length > 0) at('schema.enum-wrong-type', [...path, 'enum', i], `Enum value ${JSON.stringify(e)} of ${typeName}.${name} is not a ${type}.`, String(i));
    });
  }
  const bounds: Array<[string, string]> = [
    ['minimum', 'maximum'],
    ['minLength', 'maxLength'],
    ['minItems', 'maxItems'],
  ];
  for (const [lo, hi] of bounds) {
    if (typeof prop[lo] === 'number' && typeof prop[hi] === 'number' && (prop[lo] as number) > (prop[hi] as number)) {
      at('schema.bounds-contradict', [...path, lo], `${typeName}.${name} has ${lo} ${String(prop[lo])} above ${hi} ${String(prop[hi])}: no value is valid.`, lo);
    }
  }
  if ('default' in prop) {
    const problems = checkValue({ ...prop, properties: undefined }, prop.default);
    for (const p of problems) at('schema.default-invalid', [...path, 'default'], `The default of ${typeName}.${name} is invalid: ${p.message}.`, p.kind);
    if (required) at('schema.required-with-default', [...path, 'default'], `${typeName}.${name} is required and has a default; the default makes 'required' moot (or the default hides a value that must be chosen).`);
  }
  if (type === 'array' && isRecordValue(prop.items) && prop.items.type === undefined) at('schema.items-no-type', [...path, 'items'], `The items of ${typeName}.${name} have no type.`);
  void schema;
}

function isRecordValue(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
