/**
 * `proton-audit scan` end to end, as a process in its own git repository holding the fixture
 * template repository: SARIF reports each planted problem at its source line under %SRCROOT%;
 * fingerprints survive a line shift; --base reports breaking changes and gates only on what is
 * new; bad flags exit 2 with one line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Log, Result } from 'sarif';
import { buildCaseSnapshot } from '../../src/engine/case-estate.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { AuditResult } from '../../src/model/index.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { cliProcess } from '../helpers/cli.ts';
import { sarifSchemaErrors } from '../render/fixtures/validators.ts';
import { FIXTURE_FILES, FIXTURE_REPO, lineOf } from '../scan/helpers.ts';

let repo: string;
let out: string;
let sarif: Log;
let code: number | null;

const git = (...args: string[]): string =>
  execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });

function scan(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const [node, argv] = cliProcess(['scan', ...args]);
  const r = spawnSync(node, argv, { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function results(log: Log): Result[] {
  return log.runs[0]?.results ?? [];
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'scan-e2e-'));
  // Reports go outside the repository: a report inside it would be scanned by the next run.
  out = mkdtempSync(join(tmpdir(), 'scan-e2e-out-'));
  cpSync(FIXTURE_REPO, repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'templates');
  const r = scan(['.', '--format', 'sarif', '--output', join(out, 'x.sarif'), '--now', '2026-12-01T00:00:00Z']);
  code = r.code;
  expect(r.stderr).toContain(`wrote sarif to ${join(out, 'x.sarif')}`);
  sarif = JSON.parse(readFileSync(join(out, 'x.sarif'), 'utf8')) as Log;
}, 120_000);

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const { VPC, VPC_SCHEMA, VPC_SPEC, WEB, PIPE, SAM, TF, TF_BACKEND, CDK, COMPONENT, WEB_SPEC } = FIXTURE_FILES;

/** [rule, file, text of the expected line (a statement's last line when `back` > 0), lines back]. */
const PLANTED: Array<[string, string, string, number?]> = [
  ['PA-TPL-020', VPC, 'truncate(32)'],
  ['PA-IAC-011', VPC, '  LogsBucket:'],
  ['PA-IAC-015', VPC, 'CidrIp: 0.0.0.0/0'],
  ['PA-IAC-013', VPC, '  EventsKey:'],
  ['PA-IAC-012', VPC, '{{ topic | title }}Topic:'],
  ['PA-IAC-007', VPC, 'AWS: arn:aws:iam::853240018376:root', 2],
  ['PA-IAC-016', VPC, 'AWS: arn:aws:iam::853240018376:root'],
  ['PA-TPL-014', VPC_SCHEMA, 'default: "thirty"'],
  ['PA-TPL-018', VPC_SCHEMA, 'log_retention_days:'],
  ['PA-TPL-015', VPC_SCHEMA, 'default: platform'],
  ['PA-SPEC-002', VPC_SPEC, 'vpc_cidrr'],
  ['PA-SPEC-004', VPC_SPEC, 'size: medium'],
  ['PA-IAC-008', WEB, 'proton_cfn_iam_policy_arns'],
  ['PA-IAC-002', WEB, "Action: 's3:*'", 1],
  ['PA-IAC-004', WEB, 'Action: iam:PassRole', 1],
  ['PA-TPL-016', WEB, 'sidecar_imagee'],
  ['PA-TPL-019', WEB, 'environment.outputs.ClusterArn'],
  ['PA-TPL-022', WEB, 'outputs.QueueUrl'],
  ['PA-IAC-001', PIPE, "Action: '*'", 1],
  ['PA-IAC-014', PIPE, '  BuildProject:'],
  ['PA-IAC-017', PIPE, 'curl -sSL https://get.example.com/tool.sh | bash'],
  ['PA-IAC-011', PIPE, 'DeployBucket{{ loop.index }}:'],
  ['PA-IAC-011', SAM, '  ItemsTable:'],
  ['PA-IAC-002', SAM, "Action: 'dynamodb:*'", 1],
  ['PA-IAC-010', SAM, "Principal: '*'"],
  ['PA-IAC-033', TF_BACKEND, 'backend "s3"'],
  ['PA-IAC-032', TF_BACKEND, 'provider "aws"'],
  ['PA-IAC-015', TF, 'cidr_blocks = ["0.0.0.0/0"]'],
  ['PA-IAC-001', TF, 'Action   = "*"', 2],
  ['PA-TPL-016', TF, 'bucket_sufix'],
  ['PA-IAC-031', CDK, 'standard:latest'],
  ['PA-IAC-030', CDK, '| sudo bash'],
  ['PA-TPL-026', CDK, 'DB_PASSWORD'],
  ['PA-TPL-021', COMPONENT, '{{resolve:ssm:'],
  ['PA-SPEC-004', WEB_SPEC, 'cpu: "2048"'],
  ['PA-SPEC-002', WEB_SPEC, 'memroy'],
  ['PA-SPEC-004', WEB_SPEC, 'desired_count: 0'],
  ['PA-SPEC-007', WEB_SPEC, 'db_password'],
  ['PA-SPEC-003', WEB_SPEC, '- name: "web-prod-b"', -2],
  ['PA-SPEC-005', 'specs/functions-dev.yaml', 'pipeline:'],
  ['PA-TPL-003', 'configuration/proton-ops.yaml', 'web-prod-b:'],
  ['PA-TPL-010', 'legacy-templates/old-svc/infrastructure/manifest.yaml', 'engine: jinja'],
  ['PA-TPL-012', 'service-templates/lambda-svc/v1/schema/schema.yaml', 'service_input_type'],
];

describe('proton-audit scan <repository> --format sarif', () => {
  it('exits 1: there are failing findings at or above high', () => {
    expect(code).toBe(1);
  });

  it('writes valid SARIF 2.1.0, one run with a scan category', () => {
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]?.automationDetails?.id).toBe('proton-audit/scan/./');
  });

  for (const [rule, file, text, back] of PLANTED) {
    it(`${rule} at ${file}:<line of ${JSON.stringify(text)}>`, () => {
      const line = lineOf(FIXTURE_REPO, file, text) - (back ?? 0);
      const hits = results(sarif).filter((r) => r.ruleId === rule && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === file);
      expect(hits.map((r) => r.locations?.[0]?.physicalLocation?.region?.startLine), `${rule} results in ${file}`).toContain(line);
      const at = hits.find((r) => r.locations?.[0]?.physicalLocation?.region?.startLine === line);
      expect(at?.locations?.[0]?.physicalLocation?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
      expect(at?.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#`));
    });
  }

  it('lists the instances a loop renders from one line in one result', () => {
    const line = lineOf(FIXTURE_REPO, PIPE, 'DeployBucket{{ loop.index }}:');
    const loop = results(sarif).filter((r) => r.ruleId === 'PA-IAC-011' && r.locations?.[0]?.physicalLocation?.region?.startLine === line);
    expect(loop).toHaveLength(1);
    expect(loop[0]?.message.text).toContain('instances: DeployBucket1, DeployBucket2');
  });

  it('gives every result a repository file and a line, and never prints a secret', () => {
    for (const r of results(sarif)) {
      const p = r.locations?.[0]?.physicalLocation;
      expect(p?.artifactLocation?.uri, r.ruleId).toMatch(/^[^/:][^:]*$/);
      expect(p?.region?.startLine, `${r.ruleId} ${p?.artifactLocation?.uri}`).toBeGreaterThan(0);
    }
    const text = readFileSync(join(out, 'x.sarif'), 'utf8');
    for (const secret of ['Sup3r-S3cret-Value', 'Tr0ub4dor-and-3']) expect(text).not.toContain(secret);
  });

  it('is byte-identical for the same tree and --now', () => {
    scan(['.', '--format', 'sarif', '--output', join(out, 'y.sarif'), '--now', '2026-12-01T00:00:00Z']);
    expect(readFileSync(join(out, 'y.sarif'), 'utf8')).toBe(readFileSync(join(out, 'x.sarif'), 'utf8'));
  });

  it('keeps fingerprints when lines shift', () => {
    const before = new Map(results(sarif).map((r) => [r.partialFingerprints?.['protonAudit/v1'], r.locations?.[0]?.physicalLocation?.region?.startLine]));
    const path = join(repo, VPC);
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, `# a comment added above everything\n\n${original}`);
    try {
      scan(['environment-templates', '--format', 'sarif', '--output', join(out, 'shifted.sarif'), '--now', '2026-12-01T00:00:00Z']);
      const shifted = JSON.parse(readFileSync(join(out, 'shifted.sarif'), 'utf8')) as Log;
      const moved = results(shifted).filter((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === VPC);
      expect(moved.length).toBeGreaterThan(5);
      for (const r of moved) {
        const old = before.get(r.partialFingerprints?.['protonAudit/v1']);
        expect(old, `${r.ruleId} kept its fingerprint`).toBeDefined();
        expect(r.locations?.[0]?.physicalLocation?.region?.startLine).toBe((old ?? 0) + 2);
      }
    } finally {
      writeFileSync(path, original);
    }
  });

  it('with --base, reports the breaking change and gates only on what is new', () => {
    const schema = join(repo, VPC_SCHEMA);
    const original = readFileSync(schema, 'utf8');
    // Narrow an enum in place (a minor version under template sync).
    writeFileSync(schema, original.replace('enum: ["small", "large"]', 'enum: ["small"]'));
    try {
      const r = scan(['.', '--base', 'HEAD', '--fail-on', 'high', '--format', `json:${join(out, 'out.json')}`, '--format', `sarif:${join(out, 'base.sarif')}`, '--now', '2026-12-01T00:00:00Z']);
      expect(r.code, r.stderr).toBe(1);
      const result = JSON.parse(readFileSync(join(out, 'out.json'), 'utf8')) as AuditResult;
      const fresh = new Set(result.baseline?.newFingerprints);
      const newFails = findingsOf(result).filter((f) => f.status === 'fail' && fresh.has(f.fingerprint));
      expect(newFails.map((f) => `${f.ruleId} ${f.location?.file}:${f.location?.line}`)).toEqual([`PA-BRK-001 ${VPC_SCHEMA}:${lineOf(FIXTURE_REPO, VPC_SCHEMA, 'enum: ["small", "large"]')}`]);
    } finally {
      writeFileSync(schema, original);
    }
    // Nothing changed: nothing new, so the gate passes even at --fail-on info.
    const clean = scan(['.', '--base', 'HEAD', '--fail-on', 'info', '--format', `json:${join(out, 'clean.json')}`, '--now', '2026-12-01T00:00:00Z']);
    expect(clean.code, clean.stderr).toBe(0);
  });

  it('with --snapshot, names the deployed environment whose spec the schema rejects and skips the redacted one', () => {
    const snapshot = buildCaseSnapshot({
      proton: {
        environments: [
          { name: 'prod', templateName: 'vpc-env', templateMajorVersion: '1', spec: 'proton: EnvironmentSpec\nspec:\n  size: medium\n' },
          { name: 'dev', templateName: 'vpc-env', templateMajorVersion: '1' },
        ],
      },
    });
    writeFileSync(join(out, 'snapshot.json'), serializeSnapshot(snapshot));
    const r = scan(['environment-templates', '--snapshot', join(out, 'snapshot.json'), '--fail-on', 'none', '--format', `json:${join(out, 'deployed.json')}`, '--now', '2026-12-01T00:00:00Z']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'deployed.json'), 'utf8')) as AuditResult;
    const brk = findingsOf(result).filter((f) => f.ruleId === 'PA-BRK-002' && f.resource.name === 'environment-templates/vpc-env/v1');
    expect(brk.find((f) => f.status === 'fail')?.message).toMatch(/Environment prod runs vpc-env v1 with a spec the new schema rejects: size: 'medium' is not one of/);
    expect(brk.find((f) => f.status === 'skip')?.notCollected).toBe(true);
  });

  it('exits 2 with one line for a bad flag or a path that does not exist', () => {
    const missing = scan(['no-such-dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(scan(['.', '--bind', 'nonsense']).code).toBe(2);
    expect(scan(['.', '--base', 'no-such-ref']).code).toBe(2);
  });
});
