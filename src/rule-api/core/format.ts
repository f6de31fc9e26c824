/** Message templates of TypeScript rules: {{name}} placeholders filled from a verdict's data. */
import type { Verdict } from '../../model/index.ts';
import type { MessageData, RuleVerdict } from './define-rule.ts';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholders a template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Fills a template; a placeholder without data is an error, since the message would lie. */
export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    const value = data[key];
    if (value === undefined) throw new Error(`message data has no '${key}'`);
    return String(value);
  });
}

/**
 * A TypeScript rule's verdict as the engine records it: the message its id names, filled in. A
 * verdict of another shape passes through unchanged, for the engine to judge.
 */
export function resolveVerdict(v: RuleVerdict, messages: Readonly<Record<string, string>>): Verdict {
  if (v === null || typeof v !== 'object' || (v.status !== 'pass' && v.status !== 'fail') || typeof v.messageId !== 'string') return v as Verdict;
  const template = Object.hasOwn(messages, v.messageId) ? messages[v.messageId] : undefined;
  if (template === undefined) throw new Error(`returned messageId '${v.messageId}', which meta.messages does not define`);
  const { data, ...rest } = v;
  return { ...rest, message: formatMessage(template, data) };
}
