/**
 * Acceptance, end to end, of what a new user gets from reports, the gate, evidence and diff: a
 * small estate no other test uses (test/e2e/estates/payload-estate.json), whose free text carries
 * script, HTML, Markdown, ANSI, bidi and template payloads, is served by the emulator, collected
 * and evaluated by spawning the real CLI; a second variant of it fixes one problem (an environment
 * upgraded to the recommended major) and introduces another (iam:PassRole on every resource).
 * Spawns are independent where they can be and run a few at a time, so the file takes seconds.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.ts';
import { loadEstate, startEmulator } from '../../src/emulator/index.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { verifyEvidence } from '../../src/evidence/index.ts';
import { openWatched, type WatchedPage } from '../helpers/watched-page.ts';
import { githubSarifProblems, resultSchemaErrors, sarifSchemaErrors } from '../render/fixtures/validators.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ESTATES = join(ROOT, 'test/e2e/estates');
const NOW = '2026-11-20T00:00:00Z';
const ACCOUNT = '210987654321';
const REGION = 'eu-central-1';
const CHROMIUM = '/usr/bin/chromium';
const browserAvailable = existsSync(CHROMIUM);
const browserRequired = process.env.PROTON_AUDIT_REQUIRE_BROWSER === '1';
/** Environments cloned into the large snapshot: 4 failing findings each, over SARIF's 25,000. */
const BULK = 6_400;

const PAYLOAD = {
  script: '<script>window.__pwned=1</script>',
  img: '"><img src=x onerror="window.__pwned=2">',
  specKey: '<img src=x onerror=window.__pwned=9> [x](javascript:alert(9)) *b* db_password',
  template: "{{constructor.constructor('window.__pwned=4')()}}",
  waiverReason: 'Tags land with the edge rework <script>window.__pwned=7</script> [x](javascript:alert(1)) | cell |',
};
const SECRETS = ['AKIAZ7QWERTYUIOPASDF', 'Xq9vLm2Tr8pQ4zK7'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Node startup with the tsx loader dominates each spawn; three at a time keeps two cores busy.
let slots = 3;
const waiting: Array<() => void> = [];
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (slots === 0) await new Promise<void>((resolve) => waiting.push(resolve));
  else slots -= 1;
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else slots += 1;
  }
}

function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return limited(
    () =>
      new Promise<Run>((resolve, reject) => {
        const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'emulator', AWS_SECRET_ACCESS_KEY: 'emulator', AWS_REGION: REGION, NO_COLOR: '1', ...opts.env };
        delete env.PROTON_AUDIT_DEBUG;
        const child = spawn(...cliProcess(args), { cwd: opts.cwd ?? dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
  );
}

let dir: string;
let emulators: RunningEmulator[] = [];
const read = (path: string) => readFileSync(join(dir, path), 'utf8');
const json = <T>(path: string) => JSON.parse(read(path)) as T;
const failing = (r: AuditResult) => findingsOf(r).filter((f) => f.status === 'fail');
const open = (r: AuditResult) => failing(r).filter((f) => !f.waiver);
const label = (f: Pick<Finding, 'ruleId' | 'resource'>) => `${f.ruleId} ${f.resource.name}`;
let bigResult: AuditResult | undefined;
/** The large result is ~100 MB of JSON: parsed once. */
async function big(): Promise<AuditResult> {
  await result('big');
  bigResult ??= json<AuditResult>('big/result.json');
  return bigResult;
}

function flipByte(path: string): void {
  const bytes = readFileSync(path);
  const i = Math.floor(bytes.length / 2);
  bytes[i] = bytes[i] === 0x41 ? 0x42 : 0x41;
  writeFileSync(path, bytes);
}

/** Every spawn, started once in beforeAll; the tests await the ones they judge. */
const started = new Map<string, Promise<Run>>();
function start(name: string, run: Promise<Run>): Promise<Run> {
  started.set(name, run);
  return run;
}
function result(name: string): Promise<Run> {
  const run = started.get(name);
  if (!run) throw new Error(`no run named ${name}`);
  return run;
}
interface ErrorCase {
  args: string[];
  says: RegExp;
  /** Audit cases: the problem is found before any collection starts. */
  beforeCollection?: boolean;
}
const ERROR_CASES: ErrorCase[] = [
  { args: ['evaluate', '--snapshot', 'snap1.json', '--rules', 'badpack'], says: /badpack\/bad-rule\/rule\.yaml at line \d+, column \d+: invalid YAML/ },
  { args: ['evaluate', '--snapshot', 'snap1.json', '--config', 'bad-config.yml'], says: /bad-config\.yml at requiredTags\.keyz \(line 2\): unknown key 'keyz'/ },
  { args: ['evaluate', '--snapshot', 'cut.json'], says: /cut\.json at line \d+, column \d+: invalid JSON/ },
  { args: ['evaluate', '--snapshot', 'snap1.json', '--baseline', 'snap2.json'], says: /snap2\.json at \$: this is a snapshot, not an audit result/ },
  { args: ['evaluate', '--snapshot', 'snap1.json', '--format', 'pdf:out.pdf'], says: /unknown format 'pdf'/ },
  { args: ['diff', 'snap1.json', 'big.json', '--format', 'yaml'], says: /unknown diff format 'yaml'/ },
  { args: ['verify', 'not-a-bundle', '--no-signature-check'], says: /not-a-bundle\/manifest\.json: no manifest\.json: not an evidence bundle/ },
];
const EVAL1 = ['--format', 'table:a/table.txt', '--format', 'json:a/result.json', '--format', 'sarif:a/result.sarif', '--format', 'html:a/report.html', '--format', 'markdown:a/summary.md'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proton-audit-e2e-'));
  mkdirSync(join(dir, 'elsewhere'));
  cpSync(join(ESTATES, 'payload-audit.yml'), join(dir, 'audit.yml'));
  cpSync(join(ESTATES, 'payload-audit.yml'), join(dir, 'elsewhere', 'audit.yml'));
  for (const name of ['signer', 'other']) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, `${name}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, `${name}.pub.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
  }
  emulators = await Promise.all(['payload-estate.json', 'payload-estate-v2.json'].map(async (f) => startEmulator({ estate: await loadEstate(join(ESTATES, f)), port: 0 })));
  const collect = (i: number) => cli(['collect', '--endpoint-url', emulators[i]?.url ?? '', '--region', REGION, '--no-progress', '--output', `snap${i + 1}.json`]);
  const [c1, c2] = await Promise.all([collect(0), collect(1)]);
  expect(c1?.code, c1?.stderr).toBe(0);
  expect(c2?.code, c2?.stderr).toBe(0);

  // The large estate: the collected one with BULK more environments like dev-edge (failed, with
  // every payload in its status message), on the old major, untagged.
  const big = json<{ accounts: Array<{ regions: Array<{ proton: { environments: Array<Record<string, unknown>> } }> }> }>('snap1.json');
  const envs = big.accounts[0]?.regions[0]?.proton.environments ?? [];
  const model = envs.find((e) => e.name === 'dev-edge');
  for (let i = 0; i < BULK; i += 1) {
    const name = `bulk-${String(i).padStart(5, '0')}`;
    envs.push({ ...model, name, arn: `arn:aws:proton:${REGION}:${ACCOUNT}:environment/${name}`, templateMajorVersion: '1', templateMinorVersion: '0' });
  }
  envs.sort((a, b) => String(a.arn).localeCompare(String(b.arn)));
  writeFileSync(join(dir, 'big.json'), JSON.stringify(big));

  const evalArgs = (snap: string, ...rest: string[]) => ['evaluate', '--snapshot', snap, '--config', 'audit.yml', '--now', NOW, ...rest];
  const auditArgs = ['audit', '--endpoint-url', emulators[0]?.url ?? '', '--region', REGION, '--no-progress', '--config', 'audit.yml', '--now', NOW];
  // The longest run first, so the short ones fill the other slots around it.
  start('big', cli(evalArgs('big.json', '--format', 'sarif:big/result.sarif', '--format', 'json:big/result.json', '--format', 'html:big/report.html', '--fail-on', 'none')));
  const eval1 = start('eval1', cli([...evalArgs('snap1.json', ...EVAL1), '--evidence', 'ev1', '--sign', 'signer.pem']));
  // The same evaluation again from another directory, the snapshot named by another path: the
  // reports and the evidence bundle must come out byte for byte the same.
  const elsewhere = ['evaluate', '--snapshot', join(dir, 'snap1.json'), '--config', 'audit.yml', '--now', NOW, ...EVAL1.map((a) => a.replace(':a/', ':')), '--format', 'table'];
  start('eval1elsewhere', cli([...elsewhere, '--evidence', 'ev', '--sign', '../signer.pem'], { cwd: join(dir, 'elsewhere') }));
  const reports2 = ['--format', 'table', '--format', 'json:d/result.json', '--format', 'sarif:d/result.sarif', '--format', 'html:d/report.html', '--format', 'markdown:d/summary.md'];
  const eval2 = start('eval2', eval1.then(() => cli(evalArgs('snap2.json', '--baseline', 'a/result.json', ...reports2))));
  // Gate: exit codes by --fail-on, baseline and --strict (the big run above is --fail-on none).
  start('noConfig', cli(['evaluate', '--snapshot', 'snap1.json', '--now', NOW, '--format', 'json:-']));
  start('failCritical', cli(evalArgs('snap1.json', '--fail-on', 'critical', '--format', 'markdown:-')));
  // --strict through `audit` (collect and evaluate in one run), on the live path.
  start('strict', cli([...auditArgs, '--strict', '--fail-on', 'none', '--format', 'sarif:strict/result.sarif']));
  start('baselineSame', eval1.then(() => cli(evalArgs('snap1.json', '--baseline', 'a/result.json', '--fail-on', 'info', '--format', 'markdown:-'))));
  start('baselineCritical', eval1.then(() => cli(evalArgs('snap2.json', '--baseline', 'a/result.json', '--fail-on', 'critical', '--format', 'markdown:-'))));
  // diff, both kinds.
  start('diffSnapshots', cli(['diff', 'snap1.json', 'snap2.json', '--format', 'json']));
  start('diffSnapshotsTable', cli(['diff', 'snap1.json', 'snap2.json']));
  start('diffResults', eval2.then(() => cli(['diff', 'a/result.json', 'd/result.json', '--format', 'json'])));
  // verify: a fresh bundle, a signer that is not this one, one changed byte, a changed signature.
  const ev1 = eval1.then(() => {
    cpSync(join(dir, 'ev1'), join(dir, 'tampered-html'), { recursive: true });
    flipByte(join(dir, 'tampered-html', 'report.html'));
    cpSync(join(dir, 'ev1'), join(dir, 'tampered-sig'), { recursive: true });
    const sigPath = join(dir, 'tampered-sig', 'manifest.sig');
    const sig = Buffer.from(readFileSync(sigPath, 'utf8').trim(), 'base64');
    sig[0] = (sig[0] ?? 0) ^ 1;
    writeFileSync(sigPath, `${sig.toString('base64')}\n`);
  });
  start('verify', ev1.then(() => cli(['verify', 'ev1', '--public-key', 'signer.pub.pem'])));
  start('verifyOtherKey', ev1.then(() => cli(['verify', 'ev1', '--public-key', 'other.pub.pem'])));
  start('verifyHtml', ev1.then(() => cli(['verify', 'tampered-html', '--public-key', 'signer.pub.pem'])));
  start('verifySig', ev1.then(() => cli(['verify', 'tampered-sig', '--public-key', 'signer.pub.pem'])));
  // Errors: usage, config, rule and input, each a one-line cause naming file and place.
  mkdirSync(join(dir, 'badpack/bad-rule'), { recursive: true });
  writeFileSync(join(dir, 'badpack/bad-rule/rule.yaml'), 'id: PA-X-001\ntitle: [unclosed\n');
  writeFileSync(join(dir, 'bad-config.yml'), 'requiredTags:\n  keyz: [Owner]\n');
  writeFileSync(join(dir, 'cut.json'), read('snap1.json').slice(0, 400));
  mkdirSync(join(dir, 'not-a-bundle'));
  ERROR_CASES.push(
    { args: [...auditArgs, '--evidence', 'ev-x', '--sign', 'missing.pem'], says: /missing\.pem: no such file/, beforeCollection: true },
    { args: [...auditArgs, '--baseline', 'snap1.json'], says: /snap1\.json at \$: this is a snapshot, not an audit result/, beforeCollection: true },
  );
  for (const [i, c] of ERROR_CASES.entries()) start(`error${i}`, cli(c.args));
  await Promise.all([...started.values()].map((r) => r.catch(() => undefined)));
}, 240_000);

afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('one audit of the payload estate through the CLI', () => {
  it('finds the planted problems, waives two, and exits 1 on the open high findings', async () => {
    const run = await result('eval1');
    expect(run?.code, run?.stderr).toBe(1);
    const r = json<AuditResult>('a/result.json');
    expect(resultSchemaErrors(r)).toEqual([]);
    expect(open(r).map(label).sort()).toEqual(
      [
        'PA-DEP-001 dev-edge',
        'PA-DEP-002 green',
        'PA-IAM-002 EnvRole',
        // cloudformation:* on every stack: existing stacks keep their own service roles.
        'PA-IAM-004 EnvRole',
        'PA-IAM-004 EnvRole',
        'PA-IAM-004 EnvRole',
        // codebuild:StartBuild on every project: a build with an overridden buildspec runs with the project's role.
        'PA-IAM-004 PipelineRole',
        'PA-RES-003 a b?c#d%e<img src=x onerror=window.__pwned=10>',
        'PA-SEC-001 prod-edge',
        'PA-SEC-005 edge-cache',
        'PA-TAG-006 green',
        'PA-TRUST-001 deploy+svc=ops,team.x@evil-corp',
        'PA-VER-002 green',
        'PA-VER-004 prod-edge',
        'PA-VER-017 storefront',
      ].sort(),
    );
    expect(failing(r).filter((f) => f.waiver).map(label).sort()).toEqual(['PA-RES-001 deploy+svc=ops,team.x@evil-corp', 'PA-TAG-003 prod-edge']);
    expect(r.expiredWaivers.map((w) => w.rule)).toEqual(['PA-VER-017']);
    // Service Quotas is denied in this account: the collection is incomplete and says where.
    expect(r.summary.incomplete).toEqual([{ accountId: ACCOUNT, region: REGION, operations: ['ListServiceQuotas'] }]);
    expect(run?.stderr).toMatch(/waiver for PA-VER-017 .* expired on 2026-10-31/);
    expect(run?.stderr).not.toMatch(/\n\s+at /);
  });

  it('never prints a secret found in a spec, in any report or the bundle outputs', async () => {
    await result('eval1');
    for (const file of ['a/table.txt', 'a/result.json', 'a/result.sarif', 'a/report.html', 'a/summary.md', 'ev1/manifest.json', 'ev1/report.html', 'ev1/result.json']) {
      for (const secret of SECRETS) expect(read(file), `${secret} in ${file}`).not.toContain(secret);
    }
    const r = json<AuditResult>('a/result.json');
    expect(findingsOf(r).find((f) => f.ruleId === 'PA-SEC-001' && f.status === 'fail')?.evidence).toMatchObject({ preview: 'AKIA****' });
  });

  it('writes a table free of terminal escapes, bidi overrides and other control characters', async () => {
    await result('eval1');
    const table = read('a/table.txt');
    expect(table).toContain('PA-SEC-005');
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('escapes every payload in the Markdown summary', async () => {
    await result('eval1');
    const md = read('a/summary.md');
    expect(md).toContain('PA-SEC-005');
    // No raw HTML, no link or image to anywhere, no live mention; the text is still there, escaped.
    expect(md).not.toMatch(/<(script|img|a)\b/i);
    expect(md).not.toMatch(/\]\(javascript:/i);
    expect(md).not.toMatch(/(^|[^\\])!\[/);
    expect(md).not.toMatch(/@evil-corp/);
    expect(md).toContain('&lt;img src=x onerror=window.\\_\\_pwned=9&gt; \\[x\\]\\(javascript:alert\\(9\\)\\)');
    expect(md).toContain('&lt;script&gt;window.\\_\\_pwned=7&lt;/script&gt;');
    // A forged cell would change the column count of its table row: every row has its header's.
    let header: number | undefined;
    for (const line of md.split('\n')) {
      if (!line.startsWith('| ')) {
        header = undefined;
        continue;
      }
      const cells = line.replace(/\\\|/g, '').split('|').length;
      header ??= cells;
      expect(cells, line).toBe(header);
    }
  });
});

describe('SARIF for GitHub code scanning', () => {
  it('validates against the official 2.1.0 schema and meets every GitHub rule', async () => {
    await result('eval1');
    const log = json<Log>('a/result.sarif');
    const r = json<AuditResult>('a/result.json');
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(githubSarifProblems(log, r)).toEqual([]);
    const run = log.runs[0];
    expect(run?.automationDetails?.id).toBe(`proton-audit/${ACCOUNT}/${REGION}/`);
    for (const rule of run?.tool.driver.rules ?? []) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
      expect(rule.help?.markdown).toBeTruthy();
      expect(typeof rule.properties?.['security-severity']).toBe('string');
      expect(rule.properties?.tags).toContain('security');
    }
    const results = run?.results ?? [];
    expect(results).toHaveLength(failing(r).length);
    for (const res of results) {
      const finding = findingsOf(r).find((f) => f.fingerprint === res.partialFingerprints?.['protonAudit/v1']);
      expect(finding).toBeDefined();
      const uri = res.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
      expect(uri).toMatch(/^aws\/[0-9]{12}\/[a-z0-9-]+\/[^:]+$/);
      expect(res.message.text).toContain(finding?.resource.arn);
      expect(res.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe(finding?.resource.arn);
    }
    // Names and ARNs become percent-encoded path segments; the ARN itself stays in the message.
    const uriOf = (ruleId: string) => results.find((x) => x.ruleId === ruleId)?.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    expect(uriOf('PA-TRUST-001')).toBe(`aws/${ACCOUNT}/global/iam/role/deploy%2Bsvc%3Dops%2Cteam.x%40evil-corp`);
    expect(uriOf('PA-RES-003')).toBe(`aws/${ACCOUNT}/${REGION}/provisioned/ecs/a%20b%3Fc%23d%25e%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D10%3E`);
    const waived = results.filter((x) => x.suppressions?.length);
    expect(waived.map((x) => x.ruleId).sort()).toEqual(['PA-RES-001', 'PA-TAG-003']);
    const tag = waived.find((x) => x.ruleId === 'PA-TAG-003')?.suppressions?.[0];
    expect(tag).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(tag?.justification).toContain(PAYLOAD.waiverReason);
    const notes = run?.invocations?.[0]?.toolExecutionNotifications?.map((n) => n.descriptor?.id);
    expect(notes).toEqual(expect.arrayContaining(['PA-COVERAGE', 'PA-WAIVER-EXPIRED']));
  });

  it(`caps results at 25,000 on an estate with more failures, keeping the most severe, and says so`, async () => {
    const run = await result('big');
    expect(run.code, run.stderr).toBe(0);
    const raw = read('big/result.sarif');
    const log = JSON.parse(raw) as Log;
    const r = await big();
    const fails = failing(r).length;
    expect(fails).toBeGreaterThan(25_000);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(githubSarifProblems(log, r)).toEqual([]);
    const sarifRun = log.runs[0];
    expect(sarifRun?.results).toHaveLength(25_000);
    expect(sarifRun?.properties).toMatchObject({ truncated: true, omitted: fails - 25_000 });
    expect(sarifRun?.invocations?.[0]?.toolExecutionNotifications?.map((n) => n.descriptor?.id)).toContain('PA-TRUNCATED');
    expect(gzipSync(raw).length).toBeLessThan(10 * 1024 * 1024);
    // Every open high finding made it; what was left out is of the lowest kept severity or below.
    const kept = new Set(sarifRun?.results?.map((x) => x.partialFingerprints?.['protonAudit/v1']));
    for (const f of open(r).filter((x) => x.severity === 'high' || x.severity === 'critical')) expect(kept.has(f.fingerprint), label(f)).toBe(true);
  });
});

describe('determinism', () => {
  it('two evaluations of one snapshot with the same --now write byte-identical reports and bundles, from any directory', async () => {
    const [one, two] = await Promise.all([result('eval1'), result('eval1elsewhere')]);
    expect(two.code, two.stderr).toBe(one.code);
    for (const f of ['result.json', 'result.sarif', 'summary.md', 'report.html', 'table.txt']) expect(read(`elsewhere/${f}`), f).toBe(read(`a/${f}`));
    // Standard output gets the same table as the file.
    expect(two.stdout).toBe(read('a/table.txt'));
    for (const f of ['manifest.json', 'manifest.sig', 'snapshot.json', 'result.json', 'result.sarif', 'report.html', 'summary.md']) {
      expect(read(`elsewhere/ev/${f}`), f).toBe(read(`ev1/${f}`));
    }
    // The bundle records the config by its path under the working directory, not this machine's.
    expect(json<{ config: { path: string } }>('ev1/manifest.json').config.path).toBe('audit.yml');
  });
});

describe('evidence bundle and verify', () => {
  it('verifies a fresh signed bundle pinned to its signer, and not against another key', async () => {
    const ok = await result('verify');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/ok {4}manifest\.sig: Ed25519 signature valid/);
    for (const f of ['snapshot.json', 'result.json', 'result.sarif', 'report.html', 'summary.md']) expect(ok.stdout).toMatch(new RegExp(`ok {4}${f.replace('.', '\\.')}: sha256 [0-9a-f]{64}`));
    expect(read('ev1/snapshot.json')).toBe(read('snap1.json'));
    const other = await result('verifyOtherKey');
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/FAIL {2}manifest\.sig: signature does not verify with the given public key/);
  });

  it('fails naming the file when one byte changes, and when the signature is tampered with', async () => {
    const html = await result('verifyHtml');
    expect(html.code, html.stdout + html.stderr).toBe(1);
    expect(html.stdout).toMatch(/^FAIL {2}report\.html: sha256 mismatch \(expected [0-9a-f]{64}, actual [0-9a-f]{64}\)$/m);
    expect(html.stdout.match(/^FAIL/gm)).toHaveLength(1);
    const sig = await result('verifySig');
    expect(sig.code, sig.stdout + sig.stderr).toBe(1);
    expect(sig.stdout).toMatch(/^FAIL {2}manifest\.sig: signature does not verify/m);
    expect(sig.stdout.match(/^FAIL/gm)).toHaveLength(1);
  });

  it('names the one changed file for every file of the bundle, the manifest included', async () => {
    await result('eval1');
    const pem = read('signer.pub.pem');
    for (const target of ['snapshot.json', 'result.json', 'result.sarif', 'report.html', 'summary.md', 'manifest.json']) {
      const copy = join(dir, `flip-${target}`);
      cpSync(join(dir, 'ev1'), copy, { recursive: true });
      if (target === 'manifest.json') {
        // A byte inside a value keeps the manifest valid JSON: only the signature can tell.
        const p = join(copy, target);
        writeFileSync(p, readFileSync(p, 'utf8').replace('"evaluatedAt": "2026-11-20', '"evaluatedAt": "2026-11-21'));
      } else flipByte(join(copy, target));
      const report = await verifyEvidence(copy, { publicKeyPem: pem });
      // One file may fail more than one check (a broken result.json also no longer names its snapshot).
      const failed = [...new Set(report.checks.filter((c) => !c.ok).map((c) => c.file))];
      // A changed snapshot also breaks result.json's claim to have been evaluated from it.
      const expected = { 'snapshot.json': ['snapshot.json', 'result.json'], 'manifest.json': ['manifest.sig'] }[target] ?? [target];
      expect(report.ok, target).toBe(false);
      expect(failed, target).toEqual(expected);
    }
  });
});

describe('baseline and diff across two snapshots of one estate', () => {
  it('--baseline marks the introduced finding new and the fixed one resolved, and gates on new ones only', async () => {
    const run = await result('eval2');
    expect(run?.code, run?.stderr).toBe(1);
    const r = json<AuditResult>('d/result.json');
    const byFp = new Map(findingsOf(r).map((f) => [f.fingerprint, f]));
    expect(r.baseline?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.baseline?.newFingerprints.map((fp) => label(byFp.get(fp) as Finding))).toEqual(['PA-IAM-003 PipelineRole']);
    expect(r.baseline?.resolved.map((f) => `${f.ruleId} ${f.resource.name}`)).toEqual(['PA-VER-004 prod-edge']);
    expect(run?.stdout).toMatch(/NEW role PipelineRole/);
    expect(run?.stdout).toMatch(/Baseline [0-9a-f]{12}: 1 new failing, 1 resolved/);
    const md = read('d/summary.md');
    expect(md).toMatch(/### New since the baseline: 1[\s\S]*PA-IAM-003[\s\S]*Resolved since the baseline[\s\S]*PA-VER-004/);
    const log = json<Log>('d/result.sarif');
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(githubSarifProblems(log, r)).toEqual([]);
    // The new finding is high: --fail-on critical passes; the unchanged old high ones do not count.
    expect((await result('baselineCritical')).code).toBe(0);
    expect((await result('baselineSame')).code).toBe(0);
  });

  it('diff of the two results: one new, one resolved, nothing else', async () => {
    const run = await result('diffResults');
    expect(run.code, run.stderr).toBe(0);
    const d = JSON.parse(run.stdout) as { kind: string; added: Finding[]; resolved: Finding[]; changed: unknown[]; counts: Record<string, number> };
    expect(d.kind).toBe('results');
    expect(d.added.map(label)).toEqual(['PA-IAM-003 PipelineRole']);
    expect(d.resolved.map(label)).toEqual(['PA-VER-004 prod-edge']);
    expect(d.changed).toEqual([]);
    expect(d.counts).toMatchObject({ added: 1, resolved: 1, changed: 0 });
  });

  it('diff of the two snapshots: the template upgrade, the role policy change and the tag changes', async () => {
    const run = await result('diffSnapshots');
    expect(run?.code, run?.stderr).toBe(0);
    const d = JSON.parse(run?.stdout ?? '') as {
      added: unknown[];
      removed: unknown[];
      versions: Array<{ name: string; before: string; after: string }>;
      roles: Array<{ name: string; inline: { added: string[]; removed: string[]; changed: string[] }; trustChanged: boolean }>;
      tags: Array<{ arn: string; added: Array<{ Key: string }>; removed: Array<{ Key: string }>; changed: Array<{ Key: string; before: string; after: string }> }>;
      notCompared: unknown[];
    };
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.notCompared).toEqual([]);
    expect(d.versions.map((v) => `${v.name}: ${v.before} -> ${v.after}`)).toEqual(['prod-edge: edge-net 1.1 -> edge-net 2.0']);
    expect(d.roles).toEqual([expect.objectContaining({ name: 'PipelineRole', inline: { added: ['pass-any'], removed: [], changed: [] }, trustChanged: false })]);
    const arn = (path: string) => `arn:aws:proton:${REGION}:${ACCOUNT}:${path}`;
    const tags = Object.fromEntries(d.tags.map((t) => [t.arn, { added: t.added.map((x) => x.Key), removed: t.removed.map((x) => x.Key), changed: t.changed.map((x) => x.Key) }]));
    expect(tags).toEqual({
      [arn('environment/dev-edge')]: { added: [], removed: [], changed: ['Comment'] },
      [arn('service-template/web-svc')]: { added: [], removed: ['Notes'], changed: [] },
      [arn('service/storefront')]: { added: [], removed: [], changed: ['Comment'] },
      [arn('service/storefront/service-instance/blue')]: { added: ['Team'], removed: [], changed: [] },
    });
    // The JSON is faithful; the table is terminal-safe.
    expect(d.tags.find((t) => t.arn === arn('service/storefront'))?.changed[0]?.after).toBe(`changed ${PAYLOAD.script}`);
    const table = (await result('diffSnapshotsTable'))?.stdout ?? '';
    expect(table).toMatch(/environment prod-edge: edge-net 1\.1 → edge-net 2\.0/);
    expect(table).toMatch(/PipelineRole: inline added: pass-any/);
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('exit codes', () => {
  it('0 / 1 by --fail-on (default high), 3 with --strict on an incomplete collection', async () => {
    // Without the config nothing is waived and the default threshold, high, is reached.
    expect((await result('noConfig')).code).toBe(1);
    expect((await result('eval1')).code).toBe(1);
    expect((await result('failCritical')).code).toBe(0);
    expect((await result('big')).code).toBe(0);
    const strict = await result('strict');
    expect(strict.code, strict.stderr).toBe(3);
    expect(strict.stderr).toMatch(/incomplete collection: account 210987654321 eu-central-1: ListServiceQuotas/);
    // The reports are still written: a red gate publishes what it found.
    const log = json<Log>('strict/result.sarif');
    expect(log.runs[0]?.properties).toMatchObject({ incompleteCollection: true });
    expect(log.runs[0]?.invocations?.[0]?.toolExecutionNotifications?.map((n) => n.descriptor?.id)).toContain('PA-COVERAGE');
  });

  it('2 with one clear message naming file and location, and no stack trace, for usage, config, rule and input errors', async () => {
    for (const [i, c] of ERROR_CASES.entries()) {
      const r = await result(`error${i}`);
      const what = c.args.join(' ');
      expect(r.code, `${what}: ${r.stderr}`).toBe(2);
      expect(r.stderr, what).toMatch(c.says);
      expect(r.stderr, what).toMatch(/^proton-audit: /);
      expect(r.stderr, what).not.toMatch(/\n\s+at .*\(|internal error|\.ts:\d+/);
      expect(r.stdout, what).toBe('');
      if (c.beforeCollection) expect(r.stderr, what).not.toMatch(/API calls|Resources:/);
    }
  });
});

describe.skipIf(!browserAvailable && !browserRequired)('HTML report in Chromium', () => {
  let context: BrowserContext;

  beforeAll(async () => {
    if (!browserAvailable) throw new Error(`${CHROMIUM} is missing and PROTON_AUDIT_REQUIRE_BROWSER=1: install it with apt-get install -y chromium`);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await context?.close();
  });

  const openReport = (path: string): Promise<WatchedPage> => openWatched(context, pathToFileURL(join(dir, path)).href);

  async function expectNothingRan(w: WatchedPage): Promise<void> {
    const state = await w.page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      csp: (window as unknown as { __csp: string[] }).__csp,
      injected: document.querySelectorAll('main img, main script, main iframe, main object, main embed, [onerror], [onload], a[href^="javascript:" i]').length,
    }));
    expect(state).toEqual({ pwned: undefined, csp: [], injected: 0 });
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.requests).toEqual([w.url]);
  }

  const rows = (page: Page) => page.locator('#findings-body tr[data-index]');

  it('shows every finding of the payload estate, runs no payload and loads nothing, with every detail opened', async () => {
    await result('eval1');
    const r = json<AuditResult>('a/result.json');
    for (const path of ['a/report.html', 'ev1/report.html']) {
      const w = await openReport(path);
      // The default tab lists open failures; "All" lists every finding the report holds.
      await w.page.click('#status-tabs [data-tab="all"]');
      const listed = findingsOf(r).filter((f) => f.status !== 'pass').length;
      expect(await rows(w.page).count(), path).toBe(listed);
      const opened = await w.page.evaluate(() => {
        const count = document.querySelectorAll('#findings-body tr[data-index]').length;
        let details = 0;
        for (let i = 0; i < count; i += 1) {
          document.querySelectorAll<HTMLElement>('#findings-body tr[data-index]')[i]?.click();
          if (document.querySelector('#findings-body tr.detail-row')) details += 1;
        }
        return details;
      });
      expect(opened).toBe(listed);
      // Detail panes, one at a time: a message, a waiver and evidence, each carrying payloads.
      let details = '';
      for (const id of ['PA-SEC-005', 'PA-TAG-003', 'PA-DEP-001']) {
        const row = rows(w.page).filter({ hasText: id }).first();
        await row.click();
        if ((await w.page.locator('#findings-body tr.detail-row').count()) === 0) await row.click();
        details += await w.page.locator('#findings-body tr.detail-row').first().innerText();
      }
      const text = `${await w.page.evaluate(() => document.body.innerText)}\n${details}`;
      // The payloads are on screen as text: in a message, in a waiver, in evidence.
      expect(text).toContain(PAYLOAD.specKey);
      expect(text).toContain(PAYLOAD.waiverReason);
      expect(text).toContain(PAYLOAD.script);
      for (const f of open(r)) expect(text).toContain(f.message);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      await expectNothingRan(w);
      if (path.startsWith('ev1')) expect(await w.page.evaluate(() => document.body.textContent)).toContain(json<{ snapshot: { sha256: string } }>('ev1/manifest.json').snapshot.sha256);
      await w.page.close();
    }
  });

  it('filters the findings new since the baseline and lists the resolved one', async () => {
    await result('eval2');
    const w = await openReport('d/report.html');
    await w.page.check('#f-new');
    expect(await rows(w.page).count()).toBe(1);
    expect(await rows(w.page).first().innerText()).toContain('PA-IAM-003');
    expect(await w.page.evaluate(() => document.body.innerText)).toMatch(/PA-VER-004/);
    await expectNothingRan(w);
    await w.page.close();
  });

  it(`stays responsive past 10,000 findings: pages, filters and searches with a bounded DOM`, async () => {
    const r = await big();
    const listed = findingsOf(r).filter((f) => f.status !== 'pass');
    expect(listed.length).toBeGreaterThan(10_000);
    const started = performance.now();
    const w = await openReport('big/report.html');
    const openMs = performance.now() - started;
    const { page } = w;
    await page.click('#status-tabs [data-tab="all"]');
    expect(await rows(page).count()).toBe(100);
    expect(await page.locator('#p-status').textContent()).toContain(`of ${listed.length} matching`);
    await page.click('#p-next');
    expect(await page.locator('#findings-body tr[data-index]').first().getAttribute('data-index')).toBe('100');
    await page.selectOption('#f-severity', { label: 'high' });
    const high = listed.filter((f) => f.severity === 'high').length;
    expect(await page.locator('#p-status').textContent()).toContain(`of ${high} matching`);
    await page.selectOption('#f-severity', '');
    const searchStarted = performance.now();
    await page.fill('#f-search', 'bulk-06399 PA-DEP-001');
    const searchMs = performance.now() - searchStarted;
    expect(await rows(page).count()).toBe(1);
    await rows(page).first().click();
    expect(await page.locator('#findings-body tr.detail-row').innerText()).toContain(PAYLOAD.script);
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(6000);
    await expectNothingRan(w);
    process.stdout.write(`[e2e] HTML with ${listed.length} listed findings: opened in ${Math.round(openMs)} ms, search in ${Math.round(searchMs)} ms\n`);
    await page.close();
  });
});
