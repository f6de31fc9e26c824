/**
 * Values the scanner cannot know before deployment (environment outputs, account ids, component
 * outputs) render as typed placeholders. A placeholder is a plain token that survives YAML,
 * passes proton_cfn_sanitize and never looks like an account id, a CIDR or a wildcard, so rules
 * treat it as "unknown" and neither as permissive nor as hard-coded.
 */

export const PLACEHOLDER_PREFIX = 'PAUNKNOWN_';
const PLACEHOLDER = /PAUNKNOWN_[A-Za-z0-9_-]*/;

/** `kind` names what the value stands for ('environment-outputs-VpcId', 'account-id'). */
export function placeholder(kind: string): string {
  return `${PLACEHOLDER_PREFIX}${kind.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export function containsPlaceholder(value: string): boolean {
  return value.includes(PLACEHOLDER_PREFIX);
}

export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && PLACEHOLDER.test(value) && value.replace(PLACEHOLDER, '') === '';
}

/** What a placeholder stands for, for messages: 'PAUNKNOWN_environment-outputs-VpcId' → 'environment-outputs-VpcId'. */
export function placeholderKind(value: string): string | undefined {
  const m = PLACEHOLDER.exec(value);
  return m ? m[0].slice(PLACEHOLDER_PREFIX.length) : undefined;
}
