/**
 * TypeScript rules: the same metadata as YAML rules, a `messages` table, and a `check` that
 * returns verdicts naming their message by id (ESLint's scheme): the engine fills the template's
 * {{placeholders}} from the verdict's `data`, and cases assert the id. `defineRule` types the
 * object; a rule file may also default-export the plain object.
 */
import type { DataFamily, Evidence, FindingLocation, ResourceType, ResourceViewOf, RuleConfigView, RuleMeta } from '../../model/index.ts';
import type { RuleSnapshotView } from './view.ts';

export interface RuleContext {
  /** The rule's options: defaults merged with config `options.<id>`. */
  options: Readonly<Record<string, unknown>>;
  config: Readonly<RuleConfigView>;
  /** The evaluation clock. Never read the system clock in a rule. */
  now: Date;
  /** Every resource, for rules that relate one resource to others. Read-only; no I/O. */
  view: RuleSnapshotView;
}

/** Values for a message template's {{placeholders}} (a missing value is an error when the message is made). */
export type MessageData = Readonly<Record<string, string | number | undefined>>;

/** What a TypeScript rule's check returns for one resource (or one part of it, by subKey). */
export type RuleVerdict<M extends string = string> =
  | { status: 'pass'; messageId?: M; data?: MessageData; evidence?: Evidence; subKey?: string; location?: FindingLocation }
  | { status: 'fail'; messageId: M; data?: MessageData; evidence?: Evidence; subKey?: string; location?: FindingLocation }
  | { status: 'skip'; reason: string; notCollected?: boolean; subKey?: string; location?: FindingLocation };

export interface RuleDefinition<T extends ResourceType = ResourceType, M extends string = string> {
  meta: RuleMeta & { resource: T; messages: Record<M, string> };
  /** Data families the rule needs; not collected → skip (not collected). */
  requires?: DataFamily[];
  check(resource: ResourceViewOf<T>, ctx: RuleContext): RuleVerdict<NoInfer<M>> | Array<RuleVerdict<NoInfer<M>>>;
}

export function defineRule<T extends ResourceType, M extends string>(rule: RuleDefinition<T, M>): RuleDefinition<T, M> {
  return rule;
}
