/**
 * A policy statement compiled once for the analysis: its actions as a set of action ids (NotAction
 * as the complement), names the data does not know kept literally, its resource scope and how its
 * condition bears on the verdicts.
 */
import type { PolicyDocument, PolicyStatement, StatementRef } from '../../model/index.ts';
import { Bitset } from './bitset.ts';
import { expandPattern, iamIndex } from './actions.ts';
import { actionProblem } from './action-syntax.ts';
import { conditionEntries, narrowingKeys, passedToServiceGate } from './conditions.ts';
import { actionGlobMatches, hasWildcard, isAllResources, isStarOnly, resourceGlobMatches } from './glob.ts';
import { parseArn } from './arn.ts';

export interface CompiledStatement {
  ref: StatementRef;
  effect: 'Allow' | 'Deny';
  /** Actions the statement covers (complement for NotAction). */
  bits: Bitset;
  /** Part of `bits` named by patterns of one literal service ('s3:*', 'iam:Pass*'). */
  serviceBits: Bitset;
  /** Part of `bits` from cross-service patterns ('*', '*:Get*') or NotAction. */
  broadBits: Bitset;
  /** Whether broadBits names anything. */
  broad: boolean;
  /** Action strings the data does not know, kept as written (Action only). */
  literals: string[];
  /** The raw Action or NotAction strings, for glob matching of literals. */
  patterns: string[];
  /** Action or NotAction strings that name nothing in the data (the only ones that can be malformed). */
  unknownPatterns: string[];
  notAction: boolean;
  resource: { not: boolean; patterns: string[] };
  /** Resource names every resource ('*', 'arn:*'...; never for NotResource). */
  allResources: boolean;
  /** Service globs (lower case) whose every resource a Resource ARN pattern names: 'arn:aws:logs:*:*:*' -> 'logs'. */
  serviceWide: string[];
  /** No condition, or only conditions that cannot fail for the attacker (conditions.ts). */
  unconditional: boolean;
  /** Lower-case keys of the condition entries that can fail for the attacker. */
  narrowing: string[];
  /** iam:PassedToService values gating the statement, when it has such a gate. */
  passedToService?: string[];
}

export function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

/** The statements of a document as a list; tolerates a single object, a missing list and junk entries. */
export function statementsOf(doc: PolicyDocument | undefined): PolicyStatement[] {
  const raw: unknown = doc?.Statement;
  const list: unknown[] = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  return list.filter((s): s is PolicyStatement => !!s && typeof s === 'object' && !Array.isArray(s));
}

/** A resource pattern naming every resource of some services: 'arn:<partition>:<service glob>:*:*:*'. */
export function serviceWidePrefix(pattern: string): string | undefined {
  // The resource field must be all wildcards, so the pattern ends with ':*'.
  if (!pattern.startsWith('arn:') || !pattern.endsWith(':*')) return undefined;
  const f = parseArn(pattern);
  if (!f || isStarOnly(f.service) || !isStarOnly(f.region) || !isStarOnly(f.account) || !isStarOnly(f.resource)) return undefined;
  return f.service.toLowerCase();
}

/** Shared empty set per index size: compiled statements never mutate their sets. */
let emptyBits: Bitset | undefined;
function empty(size: number): Bitset {
  if (!emptyBits || emptyBits.size !== size) emptyBits = new Bitset(size);
  return emptyBits;
}

/** Expanded patterns are cached and shared: a statement of one pattern reuses its set as is. */
function unionOf(size: number, parts: Bitset[]): Bitset {
  return parts.length === 0 ? empty(size) : parts.length === 1 ? (parts[0] as Bitset) : Bitset.union(size, parts);
}

function compile(statement: PolicyStatement, source: string, index: number): CompiledStatement | undefined {
  const effect = statement.Effect === 'Allow' || statement.Effect === 'Deny' ? statement.Effect : undefined;
  if (!effect) return undefined;
  const { size } = iamIndex();
  const notAction = statement.Action === undefined && statement.NotAction !== undefined;
  const patterns = toList(notAction ? statement.NotAction : statement.Action);
  const literals: string[] = [];
  const unknownPatterns: string[] = [];
  const servicePart: Bitset[] = [];
  const broadPart: Bitset[] = [];
  for (const p of patterns) {
    const expanded = expandPattern(p);
    // Malformed strings never match anything, so they are not kept as unknown-but-valid actions.
    if (expanded.literal !== undefined && !notAction && !actionProblem(p)) literals.push(p);
    if (expanded.literal !== undefined) {
      unknownPatterns.push(p);
      continue;
    }
    const service = p.includes(':') ? p.slice(0, p.indexOf(':')) : p;
    (hasWildcard(service) ? broadPart : servicePart).push(expanded.bits);
  }
  const serviceBits = unionOf(size, servicePart);
  const broadBits = unionOf(size, broadPart);
  const named = broadPart.length === 0 ? serviceBits : servicePart.length === 0 ? broadBits : unionOf(size, [...servicePart, ...broadPart]);
  const bits = notAction ? named.clone().invert() : named;
  const notResource = statement.Resource === undefined && statement.NotResource !== undefined;
  // A statement with neither Resource nor NotResource is invalid in an identity policy; reading it as
  // '*' errs on the side of reporting.
  const resources = toList(notResource ? statement.NotResource : statement.Resource);
  const resourcePatterns = resources.length > 0 || notResource ? resources : ['*'];
  const entries = statement.Condition === undefined ? [] : conditionEntries(statement);
  const gate = passedToServiceGate(entries);
  const narrowing = narrowingKeys(entries);
  return {
    ref: { source, index, statement },
    effect,
    bits,
    serviceBits: notAction ? empty(size) : serviceBits,
    broadBits: notAction ? bits : broadBits,
    broad: notAction || broadPart.length > 0,
    literals,
    patterns,
    unknownPatterns,
    notAction,
    resource: { not: notResource, patterns: resourcePatterns },
    allResources: !notResource && resourcePatterns.some(isAllResources),
    serviceWide: notResource ? [] : resourcePatterns.map(serviceWidePrefix).filter((x): x is string => x !== undefined),
    unconditional: narrowing.length === 0,
    narrowing,
    ...(gate ? { passedToService: gate } : {}),
  };
}

/**
 * Compiled statements per document object and source label: a managed policy attached to many
 * roles is compiled once. Snapshot documents are read-only during analysis, and compiled
 * statements are never mutated, so sharing them is safe.
 */
const compiledCache = new WeakMap<object, { size: number; bySource: Map<string, CompiledStatement[]> }>();

export function compileDocument(doc: PolicyDocument | undefined, source: string): CompiledStatement[] {
  if (!doc || typeof doc !== 'object') return [];
  const size = iamIndex().size;
  let entry = compiledCache.get(doc);
  if (!entry || entry.size !== size) {
    entry = { size, bySource: new Map() };
    compiledCache.set(doc, entry);
  }
  let compiled = entry.bySource.get(source);
  if (!compiled) {
    compiled = compileUncached(doc, source);
    entry.bySource.set(source, compiled);
  }
  return compiled;
}

function compileUncached(doc: PolicyDocument, source: string): CompiledStatement[] {
  const out: CompiledStatement[] = [];
  statementsOf(doc).forEach((s, i) => {
    const c = compile(s, source, i);
    if (c) out.push(c);
  });
  return out;
}

/** Whether the statement names an action string the data does not know (glob on the literal). */
export function coversLiteral(statement: CompiledStatement, literal: string): boolean {
  const hit = statement.patterns.some((p) => actionGlobMatches(p, literal));
  return statement.notAction ? !hit : hit;
}

/** Whether the statement's resource scope includes a concrete ARN. */
export function appliesToArn(statement: CompiledStatement, arn: string): boolean {
  const hit = statement.resource.patterns.some((p) => resourceGlobMatches(p, arn));
  return statement.resource.not ? !hit : hit;
}

export function compareRefs(a: StatementRef, b: StatementRef): number {
  return a.source < b.source ? -1 : a.source > b.source ? 1 : a.index - b.index;
}

/** Unique refs in (source, index) order. */
export function sortRefs(refs: Iterable<StatementRef>): StatementRef[] {
  const seen = new Map<string, StatementRef>();
  for (const r of refs) seen.set(`${r.source}\u0000${r.index}`, r);
  return [...seen.values()].sort(compareRefs);
}
