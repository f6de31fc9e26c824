/**
 * Evaluation: every enabled rule over every resource of its type. Pure — the snapshot, rules,
 * config and clock come in, the AuditResult goes out. Four outcomes: pass, fail, skip (with
 * reason) and error (the rule threw or returned nonsense; the run goes on).
 */
import { ruleConfigView } from '../config/defaults.ts';
import { SCAN_RESOURCE_TYPES } from '../model/index.ts';
import type { ResultIntegrity, Config, Snapshot, AuditResult, Finding, FindingResource, ResourceType, ResourceView, Severity, Verdict } from '../model/index.ts';
import { accountArn, createSnapshotView, familyOfType, type DataFamily, type FactAnalyzers, type SnapshotView } from '../facts/index.ts';
import { scrubSecrets } from '../facts/secrets.ts';
import { catalogEntry } from './load/catalog.ts';
import type { RuleContext } from '../rule-api/core/define-rule.ts';
import { asRuleView } from '../rule-api/core/view.ts';
import { LAST_KNOWN_POLICY, lastKnownBasis, markLastKnown, staleReason } from './last-known.ts';
import { isUnwaivable } from './load/config-check.ts';
import { mergeOptions } from './load/options.ts';
import { fingerprint, safeEvidence } from './findings.ts';
import { compareFindings } from './order.ts';
import type { LoadedRule } from './load/rule.ts';
import { summarize } from './summary.ts';
import { applyWaivers } from './waivers.ts';

export interface EvaluateInput {
  snapshot: Snapshot;
  /** sha256 of the snapshot file: the evidence anchor. */
  sha256: string;
  rules: readonly LoadedRule[];
  config: Config;
  /** The evaluation clock. */
  now: Date;
  toolVersion: string;
  /**
   * What the caller found of the snapshot's integrity (snapshot/integrity.ts): the result states
   * its source ('edited' when the digest or signature does not hold) and the check itself.
   */
  integrity?: ResultIntegrity & { source: string };
  /** Stand-in IAM/trust analyses (tests); defaults to the real ones. */
  analyzers?: FactAnalyzers;
  /** A view built elsewhere (scan: the scanned repository's resources) instead of the snapshot's. */
  view?: SnapshotView;
  /** What a scan read, recorded in the result. */
  scan?: AuditResult['scan'];
}

const TYPE_LABEL: Record<ResourceType, string> = {
  account: 'accounts',
  environmentTemplate: 'environment templates',
  environmentTemplateVersion: 'environment template versions',
  serviceTemplate: 'service templates',
  serviceTemplateVersion: 'service template versions',
  environment: 'environments',
  service: 'services',
  servicePipeline: 'service pipelines',
  serviceInstance: 'service instances',
  component: 'components',
  environmentAccountConnection: 'environment account connections',
  repository: 'repositories',
  role: 'IAM roles',
  managedPolicy: 'managed policies',
  provisionedResource: 'provisioned resources',
  templateRepository: 'scanned repositories',
  templateBundle: 'template bundles',
  templateSpec: 'spec files',
  iacResource: 'rendered template resources',
  stack: 'CloudFormation stacks AWS Proton created',
};

export function evaluate(input: EvaluateInput): AuditResult {
  const { snapshot, config, now } = input;
  const view = input.view ?? createSnapshotView(snapshot, config, now, input.analyzers);
  const ruleView = asRuleView(view);
  const cfgView = ruleConfigView(config);
  // Rules over scanned templates run on a scan's view only (and rules over the estate only on a snapshot's).
  const rules = input.rules.filter((r) => SCAN_RESOURCE_TYPES.has(r.meta.resource) === (input.view !== undefined)).sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  const enabled = rules.filter((r) => !config.disabled.includes(r.meta.id));
  const findings: Finding[] = [];
  const evaluated = new Set<string>();
  const evaluatedTypes = new Set<ResourceType>();

  for (const rule of enabled) {
    const severity = config.severity[rule.meta.id] ?? rule.meta.severity;
    const ctx: RuleContext = { options: mergeOptions(rule.meta.options, config.options[rule.meta.id]), config: cfgView, now, view: ruleView };
    const families = [...new Set<DataFamily>([familyOfType(rule.meta.resource), ...rule.requires])];
    findings.push(...gapFindings(rule, severity, view));
    const resources = view.ofType(rule.meta.resource);
    if (!evaluatedTypes.has(rule.meta.resource)) {
      evaluatedTypes.add(rule.meta.resource);
      for (const resource of resources) evaluated.add(resource.arn);
    }
    const shared = findingResourcesOf(rule.meta.resource, resources);
    for (let i = 0; i < resources.length; i++) {
      for (const f of evaluateOne(rule, severity, resources[i] as ResourceView, shared[i] as FindingResource, families, ctx, view)) findings.push(f);
    }
  }

  disambiguate(findings, view);
  const unwaivable = new Set(rules.filter((r) => isUnwaivable(config, r, r.meta.id)).map((r) => r.meta.id));
  const { expired } = applyWaivers(findings, config, unwaivable, now);
  findings.sort(compareFindings);
  const regions = [...new Set(snapshot.accounts.flatMap((a) => a.regions.map((r) => r.region)))].sort();
  const identity = snapshot.accounts.find((a) => a.identity)?.identity?.Arn;
  const lastKnown = snapshot.accounts.flatMap((a) => a.regions.flatMap((r) => (r.lastKnown && r.proton ? [{ accountId: a.accountId, region: r.region, ...r.lastKnown }] : [])));
  return {
    schemaVersion: 1,
    tool: { name: 'proton-audit', version: input.toolVersion },
    evaluatedAt: now.toISOString(),
    snapshot: {
      sha256: input.sha256,
      collectedAt: snapshot.collectedAt,
      source: input.integrity?.source ?? snapshot.collection.source,
      accounts: snapshot.accounts.map((a) => ({ accountId: a.accountId, ...(a.name !== undefined ? { name: a.name } : {}) })),
      regions,
      ...(identity ? { identity } : {}),
      ...(lastKnown.length > 0 ? { lastKnown } : {}),
      ...(input.integrity ? { integrity: integrityOf(input.integrity) } : {}),
    },
    coverage: snapshot.coverage,
    ...(input.scan ? { scan: input.scan } : {}),
    rules: rules.map((r) => catalogEntry(r, config)),
    findings,
    expiredWaivers: expired,
    summary: summarize(findings, snapshot.coverage, enabled.length, evaluated.size, expired.length),
  };
}

function integrityOf(i: ResultIntegrity): ResultIntegrity {
  return {
    digest: i.digest,
    signature: i.signature,
    ...(i.signerKeySha256 !== undefined ? { signerKeySha256: i.signerKeySha256 } : {}),
    ...(i.trusted !== undefined ? { trusted: i.trusted } : {}),
  };
}

// The message id behind a finding, for the case harness: not part of the result contract.
const messageIds = new WeakMap<Finding, string>();

/** The id of the message a pass or fail finding carries (a TypeScript rule's `messageId`, or a YAML rule's 'message'). */
export function messageIdOf(finding: Finding): string | undefined {
  return messageIds.get(finding);
}

// One FindingResource per resource, shared by all its findings (a 100× estate has 1.2 million).
const findingResources = new WeakMap<readonly ResourceView[], FindingResource[]>();
function findingResourcesOf(type: ResourceType, views: readonly ResourceView[]): FindingResource[] {
  let list = findingResources.get(views);
  if (!list) {
    list = views.map((r) => ({ arn: r.arn, type, name: r.name, accountId: r.accountId, region: r.region }));
    findingResources.set(views, list);
  }
  return list;
}

/** One object per finding, built whole: at a million findings, copies are most of the garbage. */
function makeFinding(rule: LoadedRule, severity: Severity, resource: FindingResource, subKey: string | undefined, status: Finding['status'], message: string): Finding {
  const { id: ruleId, title, remediation } = rule.meta;
  const fp = fingerprint(ruleId, resource.arn, subKey);
  return subKey !== undefined
    ? { fingerprint: fp, ruleId, title, severity, resource, subKey, remediation, status, message }
    : { fingerprint: fp, ruleId, title, severity, resource, remediation, status, message };
}

export function skipFinding(rule: LoadedRule, severity: Severity, resource: FindingResource, reason: string, notCollected: boolean, subKey?: string): Finding {
  const f = makeFinding(rule, severity, resource, subKey, 'skip', `Skipped: ${reason}.`.replace(/\.\.$/, '.'));
  f.skipReason = reason;
  if (notCollected) f.notCollected = true;
  return f;
}

const passMessages = new WeakMap<LoadedRule, string>();
function passMessage(rule: LoadedRule): string {
  let m = passMessages.get(rule);
  if (m === undefined) {
    m = `${rule.meta.title}.`;
    passMessages.set(rule, m);
  }
  return m;
}

function errorFinding(rule: LoadedRule, severity: Severity, resource: FindingResource, detail: string): Finding {
  const f = makeFinding(rule, severity, resource, undefined, 'error', `Rule ${rule.meta.id} could not be evaluated on this resource: ${detail}`);
  f.error = detail;
  return f;
}

function evaluateOne(rule: LoadedRule, severity: Severity, resource: ResourceView, res: FindingResource, families: readonly DataFamily[], ctx: RuleContext, view: SnapshotView): Finding[] {
  for (const family of families) {
    const c = view.collected(family, resource.accountId, resource.region, resource.arn, rule.meta.resource);
    if (!c.ok) return [skipFinding(rule, severity, res, c.reason, true)];
  }
  const lastKnown = lastKnownBasis(rule, resource);
  if (!lastKnown) return runRule(rule, severity, resource, res, ctx, view);
  if (LAST_KNOWN_POLICY[rule.meta.family].mode === 'skip') {
    return [markLastKnown(skipFinding(rule, severity, res, staleReason(lastKnown, rule.meta.family), false), lastKnown)];
  }
  return runRule(rule, severity, resource, res, ctx, view).map((f) => markLastKnown(f, lastKnown));
}

function runRule(rule: LoadedRule, severity: Severity, resource: ResourceView, res: FindingResource, ctx: RuleContext, view: SnapshotView): Finding[] {
  const secrets = view.secretValues(resource.arn);
  let verdicts: Verdict[];
  try {
    verdicts = rule.run(resource, ctx);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const factErrors = view.factErrors(resource.arn);
    return [errorFinding(rule, severity, res, scrubSecrets(factErrors.length ? `${detail} (${factErrors.join('; ')})` : detail, secrets))];
  }
  const out: Finding[] = [];
  for (const v of verdicts) {
    const problem = verdictProblem(v);
    if (problem) {
      out.push(errorFinding(rule, severity, res, problem));
      continue;
    }
    const subKey = typeof v.subKey === 'string' && v.subKey !== '' ? v.subKey : undefined;
    if (v.status === 'skip') {
      const skipped = skipFinding(rule, severity, res, scrubSecrets(v.reason, secrets), v.notCollected === true, subKey);
      if (v.location) skipped.location = v.location;
      out.push(skipped);
      continue;
    }
    // A pass without its own message states the rule's title: rule metadata, not resource data.
    const message = v.message !== undefined ? scrubSecrets(v.message, secrets) : passMessage(rule);
    const f = makeFinding(rule, severity, res, subKey, v.status, message);
    if (v.messageId !== undefined) messageIds.set(f, v.messageId);
    const evidence = safeEvidence(v.evidence, secrets);
    if (evidence) f.evidence = evidence;
    if (v.location) f.location = v.location;
    out.push(f);
  }
  // Two verdicts with one sub-key would share a fingerprint: that is a rule bug, not two findings.
  if (out.length < 2) return out;
  const keys = new Set<string>();
  for (const f of out) {
    const k = f.subKey ?? '';
    if (keys.has(k)) return [errorFinding(rule, severity, res, `returned more than one verdict for sub-key '${k}'`)];
    keys.add(k);
  }
  return out;
}

function verdictProblem(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return 'returned a verdict that is not an object';
  const o = v as Record<string, unknown>;
  if (typeof o.then === 'function') return 'returned a Promise; check() must be synchronous (no I/O)';
  if (o.status === 'pass') return o.message === undefined || typeof o.message === 'string' ? undefined : 'pass message must be a string';
  if (o.status === 'fail') return typeof o.message === 'string' && o.message.trim() !== '' ? undefined : 'a fail verdict needs a message';
  if (o.status === 'skip') return typeof o.reason === 'string' && o.reason.trim() !== '' ? undefined : 'a skip verdict needs a reason';
  return `returned status ${JSON.stringify(o.status)}; expected pass, fail or skip`;
}

/** Skips for places whose resources could not be listed: the rule could not look there. */
function gapFindings(rule: LoadedRule, severity: Severity, view: SnapshotView): Finding[] {
  const type = rule.meta.resource;
  const out: Finding[] = [];
  for (const account of view.snapshot.accounts) {
    const { accountId } = account;
    if (type === 'role' || type === 'managedPolicy') {
      const c = view.collected('iam', accountId, 'global');
      if (!c.ok) out.push(gap(rule, severity, { arn: `arn:aws:iam::${accountId}:root`, type, name: `${TYPE_LABEL[type]} of ${accountId}`, accountId, region: 'global' }, c.reason));
      continue;
    }
    if (type === 'account') continue;
    for (const region of account.regions) {
      const c =
        type === 'provisionedResource'
          ? view.collected('tagging', accountId, region.region)
          : type === 'stack'
            ? view.collected('cloudformation', accountId, region.region)
            : view.listingGap(accountId, region.region, type);
      if (!c.ok) {
        out.push(gap(rule, severity, { arn: accountArn(accountId, region.region), type, name: `${TYPE_LABEL[type]} in ${accountId}/${region.region}`, accountId, region: region.region }, c.reason));
      } else if (type === 'servicePipeline') {
        out.push(...hiddenPipelines(rule, severity, view, accountId, region.region));
      }
    }
  }
  return out;
}

/**
 * A pipeline is only known from its service's GetService: when that call failed, the service is
 * listed but whether it has a pipeline, and in what state, is not. Each such service gets a skip
 * on its pipeline's ARN, so the finding it would have had is not silently absent.
 */
function hiddenPipelines(rule: LoadedRule, severity: Severity, view: SnapshotView, accountId: string, region: string): Finding[] {
  const failed = view.failedDetails(accountId, region, 'GetService');
  const out: Finding[] = [];
  for (const name of failed.names) {
    const service = view.byArn(name) ?? view.ofType('service').find((s) => s.name === name && s.accountId === accountId && s.region === region);
    if (!service || service.type !== 'service') continue;
    const arn = `${service.arn}/pipeline`;
    if (view.byArn(arn)) continue;
    const f = skipFinding(rule, severity, { arn, type: 'servicePipeline', name: service.name, accountId, region }, `${failed.reason} for service ${service.name}`, true);
    out.push({ ...f, message: `The pipeline of service ${service.name} could not be evaluated: ${failed.reason} for the service.` });
  }
  return out;
}

function gap(rule: LoadedRule, severity: Severity, resource: FindingResource, reason: string): Finding {
  const f = skipFinding(rule, severity, resource, reason, true);
  return { ...f, message: `No ${TYPE_LABEL[resource.type]} could be evaluated in ${resource.accountId}${resource.region === 'global' ? '' : `/${resource.region}`}: ${reason}.` };
}

/**
 * A resource seen from several accounts (an AWS managed policy is `arn:aws:iam::aws:policy/...`
 * in every account) would give equal fingerprints; the account then joins the sub-key.
 */
function disambiguate(findings: Finding[], view: SnapshotView): void {
  // Only a resource whose ARN the view holds in more than one account can collide.
  const accountsOf = new Map<string, string>();
  const shared = new Set<string>();
  for (const r of view.resources) {
    const seen = accountsOf.get(r.arn);
    if (seen === undefined) accountsOf.set(r.arn, r.accountId);
    else if (seen !== r.accountId) shared.add(r.arn);
  }
  if (shared.size === 0) return;
  const first = new Map<string, Finding>();
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!shared.has(f.resource.arn)) continue;
    const seen = first.get(f.fingerprint);
    if (seen === undefined) first.set(f.fingerprint, f);
    else {
      const group = groups.get(f.fingerprint);
      if (group) group.push(f);
      else groups.set(f.fingerprint, [seen, f]);
    }
  }
  for (const group of groups.values()) {
    if (new Set(group.map((f) => f.resource.accountId)).size < 2) continue;
    for (const f of group) {
      f.subKey = f.subKey !== undefined ? `${f.resource.accountId}/${f.subKey}` : f.resource.accountId;
      f.fingerprint = fingerprint(f.ruleId, f.resource.arn, f.subKey);
    }
  }
}
