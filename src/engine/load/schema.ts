/**
 * The one metadata schema every rule is validated against (YAML rule files, and the `meta` of
 * TypeScript rules), plus the schema of case files. Unknown keys are errors: a misspelt `asert`
 * must not silently become a rule without a check.
 */
import { Ajv } from 'ajv';
import { FAMILIES, RESOURCE_TYPES, SEVERITIES, STATUSES } from '../types.ts';
import { DATA_FAMILIES } from '../../facts/coverage.ts';

export const RULE_ID_PATTERN = '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$';
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const text = { type: 'string', minLength: 1 };

const optionSpec = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'default', 'description'],
  properties: {
    type: { enum: ['number', 'integer', 'string', 'boolean', 'string[]'] },
    default: {},
    description: text,
    minimum: { type: 'number' },
    maximum: { type: 'number' },
  },
};

export const metaProperties = {
  id: { type: 'string', pattern: RULE_ID_PATTERN },
  title: text,
  severity: { enum: [...SEVERITIES] },
  resource: { enum: [...RESOURCE_TYPES] },
  family: { enum: [...FAMILIES] },
  rationale: text,
  remediation: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: { text, cli: text, iac: text },
  },
  references: {
    type: 'array',
    items: { type: 'object', additionalProperties: false, required: ['title', 'url'], properties: { title: text, url: text } },
  },
  compliance: {
    type: 'object',
    additionalProperties: false,
    properties: {
      'cis-aws-foundations': { type: 'array', items: text },
      'nist-800-53': { type: 'array', items: text },
    },
  },
  options: { type: 'object', propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' }, additionalProperties: optionSpec },
  unwaivable: { type: 'boolean' },
  deprecated: { type: 'boolean' },
  replacedBy: { type: 'string', pattern: RULE_ID_PATTERN },
} as const;

export const META_REQUIRED = ['id', 'title', 'severity', 'resource', 'family', 'rationale', 'remediation', 'references'] as const;

const requiresSchema = { type: 'array', items: { enum: [...DATA_FAMILIES] }, uniqueItems: true };

export const yamlRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...META_REQUIRED, 'assert', 'message'],
  properties: {
    ...metaProperties,
    requires: requiresSchema,
    when: text,
    skipReason: text,
    assert: text,
    message: text,
    evidence: text,
    forEach: text,
    as: { type: 'string', pattern: '^[a-z_][A-Za-z0-9_]*$' },
    key: text,
  },
};

export const tsMetaSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...META_REQUIRED],
  properties: metaProperties,
};

export const tsRequiresSchema = requiresSchema;

export const casesSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'estate', 'expect'],
    properties: {
      name: text,
      description: { type: 'string' },
      estate: { type: 'object' },
      config: { type: 'object' },
      notCollected: { type: 'array', items: { enum: [...DATA_FAMILIES] }, uniqueItems: true },
      protonRetired: { type: 'boolean' },
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
            message: { type: 'string', description: 'A substring the finding message must contain.' },
          },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
export const validateYamlRule = ajv.compile(yamlRuleSchema);
export const validateTsMeta = ajv.compile(tsMetaSchema);
export const validateTsRequires = ajv.compile(tsRequiresSchema);
export const validateCases = ajv.compile(casesSchema);
