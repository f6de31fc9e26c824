/**
 * Declarative rules: `when` guard, `assert`, `message`, optional `evidence`, optional `forEach`
 * with a sub-key per element. Every expression is compiled here, once, at load.
 */
import type { RuleConfigView, ResourceView, Verdict } from '../../model/index.ts';
import type { RuleContext } from '../../rule-api/core/define-rule.ts';
import { compileExpr, compileTemplate, CelRuntimeError, type CompiledExpr, type CompiledTemplate, type EvalContext } from './compile.ts';
import { celEnvironment } from './environment.ts';
import { fromCel, setKey, toCel, type CelValue } from './values.ts';

/** A YAML rule has one failure message, its `message` template: the id its verdicts carry. */
export const YAML_MESSAGE_ID = 'message';

export interface YamlLogic {
  when?: string;
  skipReason?: string;
  assert: string;
  message: string;
  evidence?: string;
  forEach?: string;
  as?: string;
  key?: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export type YamlRuleRun = (resource: ResourceView, ctx: RuleContext) => readonly Verdict[];

const resourceCache = new WeakMap<ResourceView, Record<string, CelValue>>();
const optionsCache = new WeakMap<object, CelValue>();
const configCache = new WeakMap<RuleConfigView, CelValue>();

function celResource(resource: ResourceView): Record<string, CelValue> {
  let v = resourceCache.get(resource);
  if (!v) {
    v = toCel(resource) as Record<string, CelValue>;
    resourceCache.set(resource, v);
  }
  return v;
}

function cached<K extends object>(cache: WeakMap<K, CelValue>, key: K): CelValue {
  let v = cache.get(key);
  if (v === undefined) {
    v = toCel(key);
    cache.set(key, v);
  }
  return v;
}

export const DEFAULT_SKIP_REASON = 'the rule does not apply to this resource (its when guard is false)';

// The common verdicts, shared and frozen: a pass or a default skip allocates nothing.
/** The shared plain pass: the engine records it as an index without looking further. */
export const PASS: Verdict = Object.freeze({ status: 'pass' }) as Verdict;
const PASS_LIST: readonly Verdict[] = Object.freeze([PASS]);
const DEFAULT_SKIP: readonly Verdict[] = Object.freeze([Object.freeze({ status: 'skip', reason: DEFAULT_SKIP_REASON }) as Verdict]);

/** A value the interpreter returned, as the closures read values: ints as numbers (BigInt past 2^53 stays, so closures give up on it). */
function plainOf(v: CelValue): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(plainOf);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) setKey(out, String(k), plainOf(x));
    return out;
  }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainOf(x);
    return out;
  }
  return v;
}

/**
 * One resource's variables: the context is itself the plain variables the closures read (one
 * object per rule and resource, no arrow function per call); they are converted to CEL only
 * when the interpreter has to answer.
 */
class ResourceContext implements EvalContext {
  resource: ResourceView;
  facts: unknown;
  readonly options: RuleContext['options'];
  readonly config: RuleConfigView;
  readonly now: Date;
  #celVars: Record<string, CelValue> | undefined;

  constructor(
    resource: ResourceView,
    readonly ctx: RuleContext,
  ) {
    this.resource = resource;
    this.facts = resource.facts ?? {};
    this.options = ctx.options;
    this.config = ctx.config;
    this.now = ctx.now;
  }

  /** The same context for the rule's next resource: one per rule walk, not one per resource (nothing keeps it past a run). */
  moveTo(resource: ResourceView): this {
    this.resource = resource;
    this.facts = resource.facts ?? {};
    this.#celVars = undefined;
    return this;
  }

  get plain(): Record<string, unknown> {
    return this as unknown as Record<string, unknown>;
  }

  cel(): Record<string, CelValue> {
    if (this.#celVars === undefined) {
      const res = celResource(this.resource);
      this.#celVars = { resource: res, facts: res.facts ?? {}, options: cached(optionsCache, this.options), config: cached(configCache, this.config), now: this.now };
    }
    return this.#celVars;
  }
}

/**
 * A forEach element's variables: the resource's plus the element, in both forms. One per
 * resource's forEach, moved from element to element: a verdict keeps nothing of it (its message
 * and evidence are built before the next element), so no object is copied per element.
 */
class ItemContext implements EvalContext {
  readonly plain: Record<string, unknown>;
  private item: CelValue = null;
  private fromInterpreter = false;
  private celVars: Record<string, CelValue> | undefined;

  constructor(
    private readonly outer: EvalContext,
    private readonly name: string,
  ) {
    this.plain = { ...outer.plain, [name]: null };
  }

  moveTo(item: CelValue, fromInterpreter: boolean): this {
    this.item = item;
    this.fromInterpreter = fromInterpreter;
    // The item plain for the closures; as the interpreter gave it (CEL values) it is converted.
    this.plain[this.name] = fromInterpreter ? plainOf(item) : item;
    this.celVars = undefined;
    return this;
  }

  cel(): Record<string, CelValue> {
    this.celVars ??= { ...this.outer.cel(), [this.name]: this.fromInterpreter ? this.item : toCel(this.item) };
    return this.celVars;
  }
}

/** Verdict lists a forEach gave, whose sub-keys are distinct by construction: the engine need not check them again. */
const DISTINCT_SUB_KEYS = new WeakSet<readonly Verdict[]>();

export function hasDistinctSubKeys(verdicts: readonly Verdict[]): boolean {
  return DISTINCT_SUB_KEYS.has(verdicts);
}

/** Compiles a YAML rule's logic; returns the runner or every problem found. */
export function compileYamlLogic(logic: YamlLogic): { run: YamlRuleRun } | { problems: FieldProblem[] } {
  const itemName = logic.forEach !== undefined ? (logic.as ?? 'item') : undefined;
  const problems: FieldProblem[] = [];
  if (itemName !== undefined && (['resource', 'facts', 'options', 'config', 'now'] as string[]).includes(itemName)) {
    problems.push({ field: 'as', message: `'${itemName}' is already a rule variable; choose another name` });
    return { problems };
  }
  if (logic.forEach !== undefined && logic.key === undefined) problems.push({ field: 'key', message: 'forEach needs key: a CEL string naming each element (its sub-key)' });
  if (logic.forEach === undefined && (logic.key !== undefined || logic.as !== undefined)) {
    problems.push({ field: logic.key !== undefined ? 'key' : 'as', message: 'only meaningful with forEach' });
  }
  const outer = celEnvironment();
  const inner = celEnvironment(itemName);
  const expr = (field: string, source: string | undefined, expected: 'bool' | 'list' | 'map' | 'any', env = outer): CompiledExpr | undefined => {
    if (source === undefined) return undefined;
    const r = compileExpr(env, field, source, expected);
    if (!r.ok) problems.push({ field, message: r.message });
    return r.ok ? r.value : undefined;
  };
  const template = (field: string, text: string | undefined, env = outer): CompiledTemplate | undefined => {
    if (text === undefined) return undefined;
    const r = compileTemplate(env, field, text);
    if (!r.ok) problems.push({ field, message: r.message });
    return r.ok ? r.value : undefined;
  };
  const when = expr('when', logic.when, 'bool');
  const skipReason = template('skipReason', logic.skipReason);
  const forEach = expr('forEach', logic.forEach, 'list');
  const key = logic.forEach !== undefined ? expr('key', logic.key, 'any', inner) : undefined;
  const assert = expr('assert', logic.assert, 'bool', inner);
  const message = template('message', logic.message, inner);
  const evidence = expr('evidence', logic.evidence, 'map', inner);
  if (problems.length > 0 || !assert || !message) return { problems };

  const verdictFor = (context: EvalContext, subKey?: string): Verdict => {
    const ok = assert.run(context) as boolean;
    if (ok) return subKey !== undefined ? { status: 'pass', subKey } : PASS;
    // Evidence and message are built only for a failure (evidence first, as its errors come first).
    const ev = evidence ? (fromCel(evidence.run(context)) as Record<string, unknown>) : undefined;
    const v: Extract<Verdict, { status: 'fail' }> = { status: 'fail', message: message.render(context), messageId: YAML_MESSAGE_ID };
    if (ev) v.evidence = ev;
    if (subKey !== undefined) v.subKey = subKey;
    return v;
  };

  let last: ResourceContext | undefined;
  const run: YamlRuleRun = (resource, ctx) => {
    const context = last !== undefined && last.ctx === ctx ? last.moveTo(resource) : (last = new ResourceContext(resource, ctx));
    if (when && !(when.run(context) as boolean)) {
      return skipReason ? [{ status: 'skip', reason: skipReason.render(context) }] : DEFAULT_SKIP;
    }
    if (!forEach || !key || itemName === undefined) {
      const v = verdictFor(context);
      return v === PASS ? PASS_LIST : [v];
    }
    const { value, fromInterpreter } = forEach.runTagged(context);
    const items = value as CelValue[];
    if (items.length === 0) return PASS_LIST;
    const seen = new Map<string, number>();
    const out: Verdict[] = [];
    const each = new ItemContext(context, itemName);
    for (const item of items) {
      const itemContext = each.moveTo(item, fromInterpreter);
      const raw = fromCel(key.run(itemContext));
      if (raw === null || typeof raw === 'object') throw new CelRuntimeError('key', 'must give a string or number for each element');
      let subKey = String(raw);
      // Equal keys would give equal fingerprints; number repeats in list order instead, skipping
      // a number another element's own key already took: every sub-key of the list is distinct.
      const n = seen.get(subKey);
      if (n === undefined) seen.set(subKey, 1);
      else {
        let k = n;
        let numbered: string;
        do numbered = `${subKey}#${++k}`;
        while (seen.has(numbered));
        seen.set(subKey, k);
        seen.set(numbered, 1);
        subKey = numbered;
      }
      out.push(verdictFor(itemContext, subKey));
    }
    DISTINCT_SUB_KEYS.add(out);
    return out;
  };
  return { run };
}
