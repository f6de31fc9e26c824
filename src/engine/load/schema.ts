/**
 * The one metadata schema every rule is validated against (schemas/rule.schema.json: YAML rule
 * files, and in definitions.meta the `meta` of TypeScript rules), plus the schema of case files.
 * Unknown keys are errors: a misspelt `asert` must not silently become a rule without a check.
 */
import { Ajv } from 'ajv';
import ruleSchema from '../../../schemas/rule.schema.json' with { type: 'json' };
import { DATA_FAMILIES, STATUSES } from '../../model/index.ts';


const text = { type: 'string', minLength: 1 };

export const casesSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'expect'],
    oneOf: [{ required: ['estate'] }, { required: ['files'] }],
    properties: {
      name: text,
      description: { type: 'string' },
      estate: { type: 'object' },
      files: {
        description: 'Rules over scanned templates: a template repository, path → file content, scanned as `proton-audit scan` would.',
        type: 'object',
        minProperties: 1,
        additionalProperties: { type: 'string' },
      },
      scan: {
        type: 'object',
        additionalProperties: false,
        properties: {
          bindings: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['spec', 'template'], properties: { spec: text, template: text, major: { type: 'integer', minimum: 0 } } } },
          base: { type: 'object', description: 'The files of the git base (breaking changes): path → content.', additionalProperties: { type: 'string' } },
          deployed: { type: 'array', items: { type: 'object' }, description: 'Deployed resources a snapshot records (breaking changes).' },
        },
      },
      config: { type: 'object' },
      notCollected: { type: 'array', items: { enum: [...DATA_FAMILIES] }, uniqueItems: true },
      protonRetired: { type: 'boolean' },
      partial: { type: 'boolean', description: 'The case lists only some of the failing resources.' },
      protonLastKnown: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$' },
      now: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$' },
      expect: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['resource', 'status'],
          properties: {
            resource: text,
            status: { enum: [...STATUSES] },
            subKey: { type: 'string' },
            messageId: { type: 'string', minLength: 1 },
            message: { type: 'string', description: 'A substring the finding message must contain.' },
            file: { type: 'string', description: 'Scanned resources: the file the finding points at.' },
            line: { type: 'integer', minimum: 1, description: 'Scanned resources: the line the finding points at.' },
          },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(ruleSchema);
export const validateYamlRule = ajv.compile({ $ref: `${ruleSchema.$id}` });
export const validateTsMeta = ajv.compile({ $ref: `${ruleSchema.$id}#/definitions/meta` });
export const validateTsRequires = ajv.compile({ $ref: `${ruleSchema.$id}#/properties/requires` });
export const validateCases = ajv.compile(casesSchema);
