/**
 * Every published shape and its JSON Schema agree: the snapshot, the audit result, the config
 * file, rule metadata and the compliance framework files. A field added to a type and not to its
 * schema (or the reverse) fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareSchemaToType, exportedType, loadProgram } from './schema-match.ts';

const MODEL = fileURLToPath(new URL('../../src/model/index.ts', import.meta.url));
const schema = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const { program, checker } = loadProgram([MODEL]);
const typeOf = (name: string) => exportedType(program, checker, MODEL, name);

describe('model types match their JSON Schemas', () => {
  it('Snapshot ↔ schemas/snapshot.schema.json', () => {
    const s = schema('snapshot.schema.json');
    expect(compareSchemaToType(checker, s, s, typeOf('Snapshot'))).toEqual([]);
  });

  it('AuditResult ↔ schemas/result.schema.json', () => {
    const s = schema('result.schema.json');
    expect(compareSchemaToType(checker, s, s, typeOf('AuditResult'))).toEqual([]);
  });

  it('Config ↔ schemas/config.schema.json (every key optional in the file; the loader fills defaults)', () => {
    const s = schema('config.schema.json');
    const problems = compareSchemaToType(checker, s, s, typeOf('Config'), {
      looseRequired: (path) => path === '$' || path === '$.requiredTags',
      ignore: ['$.$schema', '$.source'],
    });
    expect(problems).toEqual([]);
  });

  it('RuleMeta ↔ schemas/rule.schema.json#/definitions/meta', () => {
    const s = schema('rule.schema.json');
    const meta = (s.definitions as Record<string, Record<string, unknown>>).meta as Record<string, unknown>;
    expect(compareSchemaToType(checker, s, meta, typeOf('RuleMeta'))).toEqual([]);
  });

  it('FrameworkFile ↔ schemas/framework.schema.json', () => {
    const s = schema('framework.schema.json');
    expect(compareSchemaToType(checker, s, s, typeOf('FrameworkFile'), { ignore: ['$.$schema'] })).toEqual([]);
  });

  it('the comparison notices drift', () => {
    const s = schema('result.schema.json');
    const props = { ...(s.properties as Record<string, unknown>) };
    delete props.evaluatedAt;
    props.extra = { type: 'string' };
    const problems = compareSchemaToType(checker, s, { ...s, properties: props }, typeOf('AuditResult'));
    expect(problems).toContain('$.extra: in the schema, not in the type');
    expect(problems).toContain('$.evaluatedAt: in the type, not in the (closed) schema');
  });
});
