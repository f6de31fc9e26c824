/**
 * Reading an estate file: JSON or YAML, pasted AWS CLI wrappers unwrapped, validated against
 * schemas/estate.schema.json and then for references, with every problem reported at once
 * (file and JSON path) in one InputError.
 */
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parseDocument } from 'yaml';
import schema from '../../schemas/estate.schema.json' with { type: 'json' };
import { InputError, type Problem } from '../errors.ts';
import { describeFsError } from '../util/fs-errors.ts';
import { parseJsonWithLocation } from '../util/json-position.ts';
import { ajvProblems } from '../util/schema-problems.ts';
import { decodePolicyDocument, iamArn } from './derive.ts';
import { ESTATE_VERSION, type Estate, type EstateAccount, type EstateProton, type EstateRegion, type PolicyDocumentInput } from './estate.ts';
import { once } from '../util/once.ts';

const estateValidator = once(() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile<Estate>(schema);
});

export async function loadEstate(path: string): Promise<Estate> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(`cannot read estate ${path}`, [{ file: path, location: '', message: describeFsError(code) }]);
  }
  return parseEstateText(path, text);
}

export function parseEstateText(file: string, text: string): Estate {
  if (/\.ya?ml$/i.test(file)) {
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length > 0) {
      throw new InputError(
        `cannot read estate ${file}`,
        doc.errors.map((e) => ({ file, location: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '', message: `invalid YAML: ${e.message}` })),
      );
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // Unresolved aliases and alias bombs only surface when the document is converted.
      throw new InputError(`cannot read estate ${file}`, [{ file, location: '', message: `invalid YAML: ${err instanceof Error ? err.message : String(err)}` }]);
    }
    return parseEstate(file, value);
  }
  const parsed = parseJsonWithLocation(text);
  if (!parsed.ok) throw new InputError(`cannot read estate ${file}`, [{ file, location: parsed.location, message: parsed.message }]);
  return parseEstate(file, parsed.value);
}

/** Validates an estate value (from a file or built in code); throws InputError listing every problem. */
export function parseEstate(file: string, value: unknown): Estate {
  const problems: Problem[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ file, location: '$', message: 'an estate is a JSON object with estateVersion and accounts' });
  } else {
    const version = (value as Record<string, unknown>).estateVersion;
    if (version !== ESTATE_VERSION) {
      const seen = version === undefined ? 'no estateVersion' : `estateVersion ${JSON.stringify(version)}`;
      problems.push({ file, location: '$.estateVersion', message: `${seen}; this proton-audit reads estateVersion ${ESTATE_VERSION}` });
    }
    const unwrapped: unknown = unwrapCliOutputs(value as Record<string, unknown>);
    const validate = estateValidator();
    if (!validate(unwrapped)) {
      problems.push(...ajvProblems(file, validate.errors).filter((p) => p.location !== '$.estateVersion'));
    } else if (problems.length === 0) {
      problems.push(...referenceProblems(file, unwrapped));
      if (problems.length === 0) return unwrapped;
    }
  }
  throw new InputError(`cannot use estate ${file}`, problems);
}

// ---------------------------------------------------------------- pasted CLI output

/** `aws proton get-environment` prints {"environment": {...}}; the estate wants the inner record. */
const WRAPPERS: Record<string, string> = {
  environmentTemplates: 'environmentTemplate',
  environmentTemplateVersions: 'environmentTemplateVersion',
  serviceTemplates: 'serviceTemplate',
  serviceTemplateVersions: 'serviceTemplateVersion',
  environments: 'environment',
  services: 'service',
  serviceInstances: 'serviceInstance',
  components: 'component',
  environmentAccountConnections: 'environmentAccountConnection',
  repositories: 'repository',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function unwrapOne(item: unknown, key: string): unknown {
  if (isRecord(item)) {
    const keys = Object.keys(item);
    if (keys.length === 1 && keys[0] === key && isRecord(item[key])) return item[key];
  }
  return item;
}

/** Returns a copy with wrappers removed; leaves anything unexpected alone for the schema to report. */
function unwrapCliOutputs(value: Record<string, unknown>): Record<string, unknown> {
  const accounts = value.accounts;
  if (!Array.isArray(accounts)) return value;
  return {
    ...value,
    accounts: accounts.map((account: unknown) => {
      if (!isRecord(account) || !Array.isArray(account.regions)) return account;
      return {
        ...account,
        regions: account.regions.map((region: unknown) => {
          if (!isRecord(region) || !isRecord(region.proton)) return region;
          const proton: Record<string, unknown> = { ...region.proton };
          for (const [list, key] of Object.entries(WRAPPERS)) {
            const items = proton[list];
            if (Array.isArray(items)) proton[list] = items.map((item: unknown) => unwrapOne(item, key));
          }
          if (proton.accountSettings !== undefined) proton.accountSettings = unwrapOne(proton.accountSettings, 'accountSettings');
          return { ...region, proton };
        }),
      };
    }),
  };
}

// ---------------------------------------------------------------- references

type Report = (location: string, message: string) => void;

function referenceProblems(file: string, estate: Estate): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (location, message) => problems.push({ file, location, message });
  const accountIds = new Set<string>();
  estate.accounts.forEach((account, i) => {
    const at = `$.accounts[${i}]`;
    if (accountIds.has(account.accountId)) report(`${at}.accountId`, `account ${account.accountId} appears more than once`);
    accountIds.add(account.accountId);
    const regions = new Set<string>();
    account.regions.forEach((region, r) => {
      if (regions.has(region.region)) report(`${at}.regions[${r}].region`, `region ${region.region} appears more than once in this account`);
      regions.add(region.region);
      if (region.proton) protonProblems(region.proton, account, region, `${at}.regions[${r}].proton`, report);
      residueProblems(account, region, `${at}.regions[${r}]`, report);
    });
    if (account.iam) iamProblems(account, `${at}.iam`, report);
  });
  if (estate.organization && !accountIds.has(estate.organization.managementAccountId)) {
    report('$.organization.managementAccountId', `management account ${estate.organization.managementAccountId} is not one of the estate's accounts`);
  }
  return problems;
}

/** Reports keys seen twice in a list; returns the set of keys. */
function uniqueKeys<T>(items: readonly T[] | undefined, at: string, keyOf: (item: T) => string, what: string, report: Report): Set<string> {
  const seen = new Set<string>();
  (items ?? []).forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) report(`${at}[${i}]`, `${what} ${key} appears more than once`);
    seen.add(key);
  });
  return seen;
}

function protonProblems(p: EstateProton, account: EstateAccount, region: EstateRegion, at: string, report: Report): void {
  const envTemplates = uniqueKeys(p.environmentTemplates, `${at}.environmentTemplates`, (t) => t.name, 'environment template', report);
  const svcTemplates = uniqueKeys(p.serviceTemplates, `${at}.serviceTemplates`, (t) => t.name, 'service template', report);
  const versionKey = (v: { templateName: string; majorVersion: string; minorVersion: string }) => `${v.templateName}:${v.majorVersion}.${v.minorVersion}`;
  uniqueKeys(p.environmentTemplateVersions, `${at}.environmentTemplateVersions`, versionKey, 'environment template version', report);
  uniqueKeys(p.serviceTemplateVersions, `${at}.serviceTemplateVersions`, versionKey, 'service template version', report);
  (p.environmentTemplateVersions ?? []).forEach((v, i) => {
    if (!envTemplates.has(v.templateName)) report(`${at}.environmentTemplateVersions[${i}].templateName`, `no environment template named ${v.templateName} in ${region.region}`);
  });
  (p.serviceTemplateVersions ?? []).forEach((v, i) => {
    if (!svcTemplates.has(v.templateName)) report(`${at}.serviceTemplateVersions[${i}].templateName`, `no service template named ${v.templateName} in ${region.region}`);
  });
  const environments = uniqueKeys(p.environments, `${at}.environments`, (e) => e.name, 'environment', report);
  const services = uniqueKeys(p.services, `${at}.services`, (s) => s.name, 'service', report);
  const instances = uniqueKeys(p.serviceInstances, `${at}.serviceInstances`, (s) => `${s.serviceName}/${s.name}`, 'service instance', report);
  uniqueKeys(p.components, `${at}.components`, (c) => c.name, 'component', report);
  uniqueKeys(p.environmentAccountConnections, `${at}.environmentAccountConnections`, (c) => c.id, 'environment account connection', report);
  uniqueKeys(p.repositories, `${at}.repositories`, (r) => `${r.provider}:${r.name}`, 'repository', report);

  (p.environments ?? []).forEach((e, i) => {
    if (!envTemplates.has(e.templateName)) report(`${at}.environments[${i}].templateName`, `no environment template named ${e.templateName} in ${region.region}`);
  });
  (p.services ?? []).forEach((s, i) => {
    if (!svcTemplates.has(s.templateName)) report(`${at}.services[${i}].templateName`, `no service template named ${s.templateName} in ${region.region}`);
    if (s.pipeline && s.pipeline.templateName !== s.templateName) {
      report(`${at}.services[${i}].pipeline.templateName`, `the pipeline uses template ${s.pipeline.templateName}, but its service uses ${s.templateName}`);
    }
  });
  (p.serviceInstances ?? []).forEach((s, i) => {
    const here = `${at}.serviceInstances[${i}]`;
    if (!services.has(s.serviceName)) report(`${here}.serviceName`, `no service named ${s.serviceName} in ${region.region}`);
    if (!environments.has(s.environmentName)) report(`${here}.environmentName`, `no environment named ${s.environmentName} in ${region.region}`);
    if (!svcTemplates.has(s.templateName)) report(`${here}.templateName`, `no service template named ${s.templateName} in ${region.region}`);
  });
  (p.components ?? []).forEach((c, i) => {
    const here = `${at}.components[${i}]`;
    if (!environments.has(c.environmentName)) report(`${here}.environmentName`, `no environment named ${c.environmentName} in ${region.region}`);
    if (c.serviceName !== undefined && !services.has(c.serviceName)) report(`${here}.serviceName`, `no service named ${c.serviceName} in ${region.region}`);
    if (c.serviceInstanceName !== undefined && !instances.has(`${c.serviceName ?? ''}/${c.serviceInstanceName}`)) {
      report(`${here}.serviceInstanceName`, `no instance ${c.serviceInstanceName} of service ${c.serviceName ?? '(none given)'} in ${region.region}`);
    }
  });
  (p.environmentAccountConnections ?? []).forEach((c, i) => {
    if (c.managementAccountId !== account.accountId && c.environmentAccountId !== account.accountId) {
      report(`${at}.environmentAccountConnections[${i}]`, `neither managementAccountId nor environmentAccountId is ${account.accountId}, the account it is listed under`);
    }
  });
}

/** Stacks and projects: one per name, and ids that name this account and region. */
function residueProblems(account: EstateAccount, region: EstateRegion, at: string, report: Report): void {
  const names = new Set<string>();
  (region.cloudformation?.Stacks ?? []).forEach((st, i) => {
    // Deleted stacks keep their name free: only one live stack may hold it.
    if (st.StackStatus !== 'DELETE_COMPLETE') {
      if (names.has(st.StackName)) report(`${at}.cloudformation.Stacks[${i}]`, `stack ${st.StackName} appears more than once`);
      names.add(st.StackName);
    }
    const parts = st.StackId?.split(':');
    if (parts && (parts[3] !== region.region || parts[4] !== account.accountId)) {
      report(`${at}.cloudformation.Stacks[${i}].StackId`, `the stack id names ${parts[4] ?? '?'}/${parts[3] ?? '?'}, not ${account.accountId}/${region.region}`);
    }
  });
  uniqueKeys(region.codebuild?.projects, `${at}.codebuild.projects`, (pr) => pr.name, 'CodeBuild project', report);
}

function documentProblem(doc: PolicyDocumentInput | undefined, location: string, report: Report): void {
  if (doc !== undefined && decodePolicyDocument(doc) === undefined) report(location, 'not a policy document: expected a JSON object, JSON text or URL-encoded JSON text');
}

function iamProblems(account: EstateAccount, at: string, report: Report): void {
  const iam = account.iam ?? {};
  const policyArns = new Set<string>();
  (iam.Policies ?? []).forEach((p, i) => {
    const here = `${at}.Policies[${i}]`;
    const arn = p.Arn ?? iamArn(account.accountId, 'policy', p.Path, p.PolicyName);
    if (policyArns.has(arn)) report(here, `policy ${arn} appears more than once`);
    policyArns.add(arn);
    const versionIds = new Set<string>();
    let defaults = 0;
    p.PolicyVersionList.forEach((v, j) => {
      documentProblem(v.Document, `${here}.PolicyVersionList[${j}].Document`, report);
      const id = v.VersionId ?? `v${j + 1}`;
      if (versionIds.has(id)) report(`${here}.PolicyVersionList[${j}].VersionId`, `version ${id} appears more than once`);
      versionIds.add(id);
      if (v.IsDefaultVersion === true) defaults++;
    });
    if (defaults > 1) report(`${here}.PolicyVersionList`, 'more than one version has IsDefaultVersion true');
    if (p.DefaultVersionId !== undefined && !versionIds.has(p.DefaultVersionId)) report(`${here}.DefaultVersionId`, `no version ${p.DefaultVersionId} in PolicyVersionList`);
  });
  const groups = uniqueKeys(iam.GroupDetailList, `${at}.GroupDetailList`, (g) => g.GroupName, 'group', report);
  uniqueKeys(iam.UserDetailList, `${at}.UserDetailList`, (u) => u.UserName, 'user', report);
  uniqueKeys(iam.RoleDetailList, `${at}.RoleDetailList`, (r) => r.RoleName, 'role', report);

  const attachments = (list: Array<{ PolicyArn: string }> | undefined, here: string) =>
    (list ?? []).forEach((a, k) => {
      if (!policyArns.has(a.PolicyArn)) report(`${here}.AttachedManagedPolicies[${k}].PolicyArn`, `${a.PolicyArn} is attached but not listed in Policies`);
    });
  const inline = (list: Array<{ PolicyDocument: PolicyDocumentInput }> | undefined, here: string) =>
    (list ?? []).forEach((p, k) => documentProblem(p.PolicyDocument, `${here}[${k}].PolicyDocument`, report));

  (iam.RoleDetailList ?? []).forEach((r, i) => {
    const here = `${at}.RoleDetailList[${i}]`;
    documentProblem(r.AssumeRolePolicyDocument, `${here}.AssumeRolePolicyDocument`, report);
    inline(r.RolePolicyList, `${here}.RolePolicyList`);
    attachments(r.AttachedManagedPolicies, here);
  });
  (iam.UserDetailList ?? []).forEach((u, i) => {
    const here = `${at}.UserDetailList[${i}]`;
    inline(u.UserPolicyList, `${here}.UserPolicyList`);
    attachments(u.AttachedManagedPolicies, here);
    (u.GroupList ?? []).forEach((g, k) => {
      if (!groups.has(g)) report(`${here}.GroupList[${k}]`, `no group named ${g}`);
    });
  });
  (iam.GroupDetailList ?? []).forEach((g, i) => {
    const here = `${at}.GroupDetailList[${i}]`;
    inline(g.GroupPolicyList, `${here}.GroupPolicyList`);
    attachments(g.AttachedManagedPolicies, here);
  });
}
