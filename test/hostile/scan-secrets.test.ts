/**
 * `proton-audit scan` never prints a secret it finds in a repository file: not in the finding
 * that reports it (a preview only), and not in another finding whose message quotes the same
 * value from elsewhere (a spec value the schema rejects). Every format and both streams are
 * searched, while the secret rules still fail on each planted value.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/model/index.ts';
import { cliProcess } from '../helpers/cli.ts';
import { FIXTURE_REPO } from '../scan/helpers.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

/** Planted in the fixture repository: a spec's db_password and a CodeBuild manifest variable. */
const SPEC_PASSWORD = 'Tr0ub4dor-and-3';
const MANIFEST_SECRET = 'Sup3r-S3cret-Value';

let repo: string;
let out: string;
let stdout = '';
let stderr = '';
let code: number | null = null;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'scan-secrets-'));
  out = mkdtempSync(join(tmpdir(), 'scan-secrets-out-'));
  cpSync(FIXTURE_REPO, repo, { recursive: true });
  // The spec's password, repeated as a value the schema's enum rejects: the validation message quotes it.
  const spec = join(repo, 'specs/web-prod.yaml');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace(/(- name: "web-prod-b"\n\s+environment: "prod"\n\s+spec:\n)/, `$1      cpu: "${SPEC_PASSWORD}"\n`));
  const formats = ['json', 'sarif', 'markdown', 'html'].flatMap((f) => ['--format', `${f}:${join(out, `result.${f}`)}`]);
  const [node, argv] = cliProcess(['scan', '.', '--now', '2026-12-01T00:00:00Z', '--fail-on', 'none', '--format', 'table', ...formats]);
  const r = spawnSync(node, argv, { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  ({ stdout, stderr } = r);
  code = r.status;
}, 180_000);

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('secrets found by scan', () => {
  it('appear in no report, nor on stdout or stderr', () => {
    expect(code, stderr).toBe(0);
    const files = readdirSync(out).map((f) => join(out, f));
    expect(files).toHaveLength(4);
    for (const text of [stdout, stderr, ...files.map((f) => readFileSync(f, 'utf8'))]) {
      expect(text).not.toContain(SPEC_PASSWORD);
      expect(text).not.toContain(MANIFEST_SECRET);
    }
  });

  it('are still reported, and the message that quoted one is kept with the value scrubbed', () => {
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as AuditResult;
    const failing = (rule: string) => findingsOf(result).filter((f) => f.ruleId === rule && f.status === 'fail');
    expect(failing('PA-SPEC-007').some((f) => f.location?.file === 'specs/web-prod.yaml')).toBe(true);
    expect(failing('PA-TPL-026').some((f) => f.location?.file.endsWith('cdk-env/v1/infrastructure/manifest.yaml'))).toBe(true);
    const quoted = findingsOf(result).filter((f) => f.status === 'fail' && f.message.includes('is not one of'));
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.some((f) => f.message.includes('Tr0u****') || /\(redacted|\*\*\*\*/.test(f.message))).toBe(true);
  });
});
