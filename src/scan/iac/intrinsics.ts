/**
 * CloudFormation values reduced to strings for analysis: literals stay, pseudo parameters
 * resolve to what they always are (AWS::Partition → aws) or to a placeholder (AWS::AccountId),
 * references and attributes become placeholders. A placeholder is never a wildcard, so an
 * `!Sub arn:${AWS::Partition}:s3:::${Bucket}/*` reads as one specific bucket.
 */
import { placeholder } from '../jinja/placeholders.ts';

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::NoValue': '',
};

function pseudo(name: string): string {
  if (name in PSEUDO) return PSEUDO[name] ?? '';
  if (name === 'AWS::AccountId') return placeholder('account-id');
  if (name === 'AWS::Region') return placeholder('region');
  return placeholder(`ref-${name.replace(/::/g, '-')}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as a string, or undefined when it is not a string-like value at all. */
export function cfnString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isRecord(value)) return undefined;
  const [fn, arg] = Object.entries(value)[0] ?? [];
  if (Object.keys(value).length !== 1 || fn === undefined) return undefined;
  switch (fn) {
    case 'Ref':
      return typeof arg === 'string' ? pseudo(arg) : placeholder('ref');
    case 'Fn::GetAtt': {
      const parts = Array.isArray(arg) ? arg.map(String) : typeof arg === 'string' ? arg.split('.') : [];
      return placeholder(`getatt-${parts.join('-')}`);
    }
    case 'Fn::Sub': {
      const [template, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
      if (typeof template !== 'string') return placeholder('sub');
      return template.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
        const v = isRecord(vars) ? vars[name] : undefined;
        if (v !== undefined) return cfnString(v) ?? placeholder('sub-var');
        if (name.startsWith('AWS::')) return pseudo(name);
        return placeholder(name.includes('.') ? `getatt-${name.replace(/\./g, '-')}` : `ref-${name}`);
      });
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return placeholder('join');
      const parts = arg[1].map((p) => cfnString(p) ?? placeholder('join-part'));
      return parts.join(arg[0]);
    }
    case 'Fn::ImportValue':
      return placeholder(`import-${cfnString(arg) ?? 'value'}`);
    default:
      return placeholder(fn.replace(/^Fn::/, '').toLowerCase());
  }
}

/** Each element of a string-or-list value as a string (intrinsic lists become one placeholder). */
export function cfnStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v) => cfnString(v) ?? placeholder('value'));
  const s = cfnString(value);
  return [s ?? placeholder('value')];
}

/** A policy document with every string-valued field reduced by cfnString (for the IAM analysis). */
export function resolvePolicyDocument(doc: unknown): unknown {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (isRecord(v)) {
      const entries = Object.entries(v);
      const first = entries[0]?.[0];
      if (entries.length === 1 && first !== undefined && (first === 'Ref' || first.startsWith('Fn::'))) {
        // A list-valued intrinsic (Fn::Split, Fn::If) under Action/Resource stays one unknown value.
        return cfnString(v);
      }
      return Object.fromEntries(entries.map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return walk(doc, undefined);
}
