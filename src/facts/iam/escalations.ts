/**
 * Evaluates the escalation catalogue (escalation-catalog.ts) against a principal's effective
 * permissions, resource by resource. A path holds only when every step is allowed on a resource
 * of the type it needs (from the service reference data): sagemaker:* on endpoint ARNs does not
 * create a notebook. Conditions count one way for every action, PassRole included
 * (conditions.ts); iam:PassedToService is the gate of the PassRole step.
 *
 * Each finding has a scope:
 * - 'all': every step reaches every resource of its type (or a resource the caller names
 *   itself, for steps that create one), PassRole reaches every role, and IAM rewrites reach every
 *   resource of their type or the principal itself. Anyone holding the principal can use the path
 *   on whatever the account holds.
 * - 'named': the path holds only through named resources: PassRole pinned to some roles (the
 *   principal passing itself aside), existing stacks or instances matching a name pattern, IAM
 *   rewrites of other named roles. Whether that escalates depends on what those resources run with.
 */
import type { EscalationFinding, StatementRef } from '../../model/index.ts';
import { actionId, actionInfo, iamIndex } from './actions.ts';
import { ESCALATION_PATHS, PROTON_STACKS, parseStep, type EscalationPath, type StepAction } from './escalation-catalog.ts';
import { coversPattern } from './arn.ts';
import { hasWildcard, resourceGlobMatches, resourceGlobsIntersect } from './glob.ts';
import { UNCONDITIONAL, passRoleFilter, type PermissionModel, type Reach, type StatementFilter } from './permissions.ts';
import { sortRefs } from './statements.ts';
import { Bitset } from './bitset.ts';

/** Who "self" is: the analysed role and the managed policies attached to it (none for a bare document). */
export interface SelfContext {
  roleArn?: string;
  attachedPolicyArns: readonly string[];
  account?: string;
  partition?: string;
}

const targetCache = new Map<string, string>();

/** The ARN pattern of every resource of a type, from its ARN format: '${Partition}' etc. become the context or '*'. */
export function typeTarget(step: StepAction, self: SelfContext): string {
  if (!step.resourceType) return '*';
  const key = `${step.action}\u0000${step.resourceType}\u0000${self.partition ?? 'aws'}\u0000${self.account ?? '*'}`;
  const cached = targetCache.get(key);
  if (cached !== undefined) return cached;
  const info = actionInfo(step.action);
  const format = info ? iamIndex().services.get(info.service)?.resourceTypes.get(step.resourceType) : undefined;
  if (!format) throw new Error(`escalation catalogue: ${step.action} has no resource type ${step.resourceType}`);
  const target = format
    .replace(/\$\{Partition\}/g, self.partition ?? 'aws')
    .replace(/\$\{Account\}/g, self.account ?? '*')
    .replace(/\$\{[^}]*\}/g, '*');
  if (targetCache.size >= 10_000) targetCache.clear();
  targetCache.set(key, target);
  return target;
}

interface CompiledAlternative extends StepAction {
  id: number;
}

interface CompiledPath {
  path: EscalationPath;
  steps: CompiledAlternative[][];
  firstCreates: boolean;
}

let compiledPaths: { size: number; list: CompiledPath[]; mask: Bitset } | undefined;

/** The catalogue with its steps parsed and its actions resolved, once per loaded data. */
function catalogue(): { list: CompiledPath[]; mask: Bitset } {
  const { size } = iamIndex();
  if (!compiledPaths || compiledPaths.size !== size) {
    const list = ESCALATION_PATHS.map((path) => {
      const steps = path.steps.map((alternatives) => alternatives.map((text) => {
        const step = parseStep(text);
        return { ...step, id: actionId(step.action) };
      }));
      return { path, steps, firstCreates: (steps[0] ?? []).every((a) => a.creates) };
    });
    // Every action any path starts from: a principal allowed none of them holds no path.
    const mask = Bitset.of(size, list.flatMap((c) => (c.steps[0] ?? []).map((a) => a.id)));
    compiledPaths = { size, list, mask };
  }
  return compiledPaths;
}

interface StepResult {
  actions: string[];
  statements: StatementRef[];
  patterns: string[];
  full: boolean;
}

function selfArns(path: EscalationPath, self: SelfContext): string[] {
  if (path.target === 'role' && self.roleArn) return [self.roleArn];
  if (path.target === 'policy') return [...self.attachedPolicyArns];
  return [];
}

function evaluateStep(
  alternatives: readonly CompiledAlternative[],
  path: EscalationPath,
  model: PermissionModel,
  self: SelfContext,
  within: readonly string[] | undefined,
  withinChosen: boolean,
): StepResult | undefined {
  const result: StepResult = { actions: [], statements: [], patterns: [], full: false };
  for (const step of alternatives) {
    const id = step.id;
    const typeWide = typeTarget(step, self);
    // Later steps of a same-resource path look only where the first step reached.
    // (A first-step pattern that covers the whole type, such as '*', stands for the type itself.)
    const targets =
      within && step.resourceType
        ? [...new Set(within.filter((p) => resourceGlobsIntersect(p, typeWide)).map((p) => (coversPattern(p, typeWide) ? typeWide : p)))]
        : [typeWide];
    const filter: StatementFilter = step.action === 'iam:PassRole' ? passRoleFilter('*') : UNCONDITIONAL;
    let reached: Reach | undefined;
    const patterns = new Set<string>();
    const refs: StatementRef[] = [];
    let full = false;
    for (const target of targets) {
      reached = model.reach(id, target, filter);
      if (!reached) continue;
      for (const p of reached.patterns) patterns.add(p);
      refs.push(...reached.statements.map((s) => s.ref));
      // Within a resource the first step creates, the caller picks the name, so any overlap will do.
      full ||= reached.full || withinChosen;
    }
    if (patterns.size === 0) continue;
    const mine = selfArns(path, self);
    if (!full && mine.length > 0 && [...patterns].some((p) => mine.some((arn) => resourceGlobMatches(p, arn)))) full = true;
    // A step creating a resource reaches all of it: the caller picks the name within what it may create.
    if (step.creates) full = true;
    result.actions.push(step.action);
    result.statements.push(...refs);
    result.patterns.push(...patterns);
    result.full ||= full;
  }
  return result.actions.length > 0 ? result : undefined;
}

const passRoleId = (): number => actionId('iam:PassRole');

/** PassRole to the path's service: on every role ('all'), or pinned to roles other than the principal itself. */
function passRoleStep(path: EscalationPath, model: PermissionModel, self: SelfContext): StepResult | undefined {
  if (!path.passRoleTo) return undefined;
  const target = typeTarget({ action: 'iam:PassRole', resourceType: 'role', creates: false }, self);
  const reached = model.reach(actionId('iam:PassRole'), target, passRoleFilter(path.passRoleTo));
  if (!reached) return undefined;
  // Passing itself gains nothing: the service would act with the same permissions.
  const others = reached.patterns.filter((p) => !(self.roleArn && !hasWildcard(p) && resourceGlobMatches(p, self.roleArn)));
  if (others.length === 0) return undefined;
  return { actions: ['iam:PassRole'], statements: reached.statements.map((s) => s.ref), patterns: others, full: reached.full };
}

function evaluate(compiled: CompiledPath, model: PermissionModel, self: SelfContext): EscalationFinding | undefined {
  const { path, firstCreates } = compiled;
  // Cheap first test: every step needs one of its actions allowed somewhere at all.
  const anywhere = model.allowedAnywhere();
  if (!compiled.steps.every((alternatives) => alternatives.some((a) => anywhere.has(a.id)))) return undefined;
  if (path.passRoleTo && !anywhere.has(passRoleId())) return undefined;
  const parts: StepResult[] = [];
  let passRole: StepResult | undefined;
  if (path.passRoleTo) {
    passRole = passRoleStep(path, model, self);
    if (!passRole) return undefined;
    parts.push(passRole);
  }
  let within: string[] | undefined;
  let first: StepResult | undefined;
  for (let i = 0; i < compiled.steps.length; i++) {
    const step = compiled.steps[i] ?? [];
    const scoped = path.sameResource === true && i > 0;
    const r = evaluateStep(step, path, model, self, scoped ? within : undefined, scoped && firstCreates);
    if (!r) return undefined;
    if (i === 0) {
      first = r;
      within = r.patterns;
    }
    parts.push(r);
  }
  const full = parts.every((p) => p.full);
  // What the finding names: where it is narrowed (the roles it can pass when pinned, or the step
  // that reaches only named resources), else the resources its first step reaches.
  const resources = (parts.find((p) => !p.full) ?? first)?.patterns ?? [];
  const stackPatterns = path.steps.flat().some((s) => s.includes(' stack')) ? (first?.patterns ?? []) : [];
  const protonStacks = stackPatterns.length > 0 && stackPatterns.every((p) => coversPattern(PROTON_STACKS, p));
  return {
    id: path.id,
    kind: path.kind,
    description: path.description,
    actions: [...new Set(parts.flatMap((p) => p.actions))].sort(),
    evidence: sortRefs(parts.flatMap((p) => p.statements)),
    scope: full ? 'all' : 'named',
    resources: [...new Set(resources)].sort(),
    onlyProtonStacks: protonStacks,
  };
}

/**
 * The escalation paths the principal's permissions hold, sorted by id. `part` narrows them to the
 * paths whose outcome depends only on the policies, account and partition ('policies': the same
 * for every role holding the same policies), or to those that also look at the role's own ARN
 * ('own': a path to the role itself, or one passing a role other than itself).
 */
export function findEscalations(model: PermissionModel, self: SelfContext, part: 'all' | 'policies' | 'own' = 'all'): EscalationFinding[] {
  const found: EscalationFinding[] = [];
  const { list, mask } = catalogue();
  if (!model.allowedAnywhere().intersects(mask)) return found;
  for (const compiled of list) {
    if (part !== 'all' && readsOwnArn(compiled.path) !== (part === 'own')) continue;
    const f = evaluate(compiled, model, self);
    if (f) found.push(f);
  }
  return found.sort(byId);
}

export const byId = (a: EscalationFinding, b: EscalationFinding): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Whether a path's outcome reads the principal's own ARN (selfArns for a role, passRoleStep). */
function readsOwnArn(path: EscalationPath): boolean {
  return path.target === 'role' || Boolean(path.passRoleTo);
}
