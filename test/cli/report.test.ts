import { findingsOf } from '../../src/engine/outcomes.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/index.ts';
import { InputError, UsageError } from '../../src/errors.ts';
import { verifyEvidence } from '../../src/evidence/index.ts';
import { addReportOptions, type ReportFlags } from '../../src/cli/shared/options.ts';
import { emitReports, loadReportInputs, prepareReports } from '../../src/cli/pipeline/report.ts';
import { canonicalJson, sha256Hex } from '../../src/util/canonical-json.ts';
import { tempDir } from '../diff/fixtures.ts';
import { buildResult, withFindings } from '../helpers/build-result.ts';
import { render } from '../../src/render/index.ts';
import { fingerprint } from '../../src/engine/findings.ts';

function flags(argv: string[]): ReportFlags {
  const cmd = addReportOptions(new Command('evaluate').exitOverride());
  cmd.parse(argv, { from: 'user' });
  return cmd.opts<ReportFlags>();
}

function memoryIo() {
  const files = new Map<string, string>();
  let stdout = '';
  return {
    files,
    stdout: () => stdout,
    out: {
      writeChunks: async (p: string, chunks: Iterable<string>) => {
        const d = [...chunks].join('');
        files.set(p, d);
        return { sha256: sha256Hex(d), bytes: Buffer.byteLength(d) };
      },
      stdout: { write: (c: string) => (stdout += c) },
    },
    io: { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: () => true }, env: {} },
    get args() {
      return [this.io, this.out] as const;
    },
  };
}

describe('report flags', () => {
  it('parse repeatable --format and the rest into a plan', () => {
    const plan = prepareReports(flags(['--format', 'sarif:a.sarif', '--format', 'markdown', '--fail-on', 'high', '--baseline', 'b.json', '--evidence', 'ev', '--sign', 'k.pem', '--include-passed']));
    expect(plan).toEqual({ specs: [{ format: 'sarif', path: 'a.sarif' }, { format: 'markdown' }], failOn: 'high', baseline: 'b.json', evidence: { dir: 'ev', signKeyPath: 'k.pem', force: false }, signKeyPath: 'k.pem', includePassed: true });
  });

  it('reject bad combinations before any work', () => {
    expect(() => prepareReports(flags(['--sign', 'k.pem']))).toThrow(/add --evidence/);
    expect(() => prepareReports(flags(['--fail-on', 'severe']))).toThrow(UsageError);
    expect(() => prepareReports(flags(['--format', 'pdf']))).toThrow(/unknown format 'pdf'/);
    expect(() => prepareReports(flags(['--rule-docs-base', 'docs/rules/']))).toThrow(/absolute http/);
    expect(() => prepareReports(flags(['--force']))).toThrow(/--evidence/);
    expect(() => prepareReports(flags(['--output', 'a', '--output-dir', 'b']))).toThrow(/alternatives/);
  });

  it('--output-dir writes each format under its default name, every file format when none is named', () => {
    expect(prepareReports(flags(['--output-dir', 'out'])).specs).toEqual([
      { format: 'table' },
      { format: 'json', path: join('out', 'result.json') },
      { format: 'sarif', path: join('out', 'result.sarif') },
      { format: 'html', path: join('out', 'report.html') },
      { format: 'markdown', path: join('out', 'summary.md') },
    ]);
    expect(prepareReports(flags(['--output-dir', 'out', '--format', 'sarif', '--format', 'table:-', '--format', 'json:elsewhere.json'])).specs).toEqual([
      { format: 'sarif', path: join('out', 'result.sarif') },
      { format: 'table' },
      { format: 'json', path: 'elsewhere.json' },
    ]);
    expect(() => prepareReports(flags(['--output-dir', 'out', '--format', 'json', '--format', 'json:out/result.json']))).toThrow(/two formats would write/);
  });
});

describe('loadReportInputs', () => {
  it('reads the baseline and checks the signing key up front, naming the file', async () => {
    const dir = tempDir('pa-inputs-');
    const baselinePath = join(dir, 'baseline.json');
    writeFileSync(baselinePath, canonicalJson(buildResult()));
    const plan = prepareReports(flags(['--baseline', baselinePath]));
    await loadReportInputs(plan);
    expect(plan.baselineResult?.failing.size).toBeGreaterThan(0);
    const snapshotPath = join(dir, 'snap.json');
    writeFileSync(snapshotPath, JSON.stringify({ schemaVersion: 1, accounts: [], collectedAt: '2026-01-01T00:00:00Z', collection: {} }));
    await expect(loadReportInputs(prepareReports(flags(['--baseline', snapshotPath])))).rejects.toThrow(InputError);
    await expect(loadReportInputs(prepareReports(flags(['--baseline', snapshotPath])))).rejects.toMatchObject({ problems: [{ file: snapshotPath, location: '$', message: expect.stringMatching(/snapshot, not an audit result/) }] });
    const missing = join(dir, 'nope.pem');
    await expect(loadReportInputs(prepareReports(flags(['--evidence', join(dir, 'ev'), '--sign', missing])))).rejects.toMatchObject({ problems: [{ file: missing, message: 'no such file' }] });
    writeFileSync(join(dir, 'junk.pem'), 'not a key');
    await expect(loadReportInputs(prepareReports(flags(['--evidence', join(dir, 'ev'), '--sign', join(dir, 'junk.pem')])))).rejects.toThrow(/cannot sign with/);
    expect(existsSync(join(dir, 'ev'))).toBe(false);
  });
});

describe('emitReports', () => {
  it('writes the outputs and gives the exit code for --fail-on, else the default', async () => {
    const result = buildResult({ perCombination: 2 });
    const m = memoryIo();
    const high = await emitReports(result, prepareReports(flags(['--format', 'json:r.json', '--format', 'markdown'])), {}, 'high', m.io, m.out);
    expect(high.exitCode).toBe(1);
    expect(m.files.get('r.json')).toBe(render('json', result, { color: false }));
    expect(m.stdout()).toContain('proton-audit');
    const none = await emitReports(result, prepareReports(flags(['--fail-on', 'none'])), {}, 'low', ...memoryIo().args);
    expect(none.exitCode).toBe(0);
  });

  it('applies --baseline so only new open failures fail the gate', async () => {
    const dir = tempDir('pa-emit-');
    const result = buildResult({ perCombination: 2 });
    const baselinePath = join(dir, 'baseline.json');
    writeFileSync(baselinePath, canonicalJson(result));
    const same = await emitReports(result, prepareReports(flags(['--baseline', baselinePath, '--format', 'json:x.json'])), {}, 'info', ...memoryIo().args);
    expect(same.result.baseline?.newFingerprints).toEqual([]);
    expect(same.exitCode).toBe(0);
    const open = findingsOf(result).find((f) => f.status === 'fail' && !f.waiver && f.severity === 'critical') as Finding;
    const extra: Finding = { ...open, subKey: 'extra' };
    const worse = await emitReports(withFindings(result, [extra, ...findingsOf(result)]), prepareReports(flags(['--baseline', baselinePath, '--format', 'json:x.json'])), {}, 'critical', ...memoryIo().args);
    expect(worse.result.baseline?.newFingerprints).toEqual([fingerprint(open.ruleId, open.resource.arn, 'extra')]);
    expect(worse.exitCode).toBe(1);
  });

  it('writes a signed evidence bundle that verifies', async () => {
    const dir = tempDir('pa-emit-ev-');
    const snapshot = '{"schemaVersion":1}\n';
    const result = buildResult();
    result.snapshot.sha256 = sha256Hex(snapshot);
    // No collection digest: the evaluator would have called it unverified, not live.
    result.snapshot.source = 'unverified';
    const { generateKeyPairSync } = await import('node:crypto');
    const key = join(dir, 'k.pem');
    writeFileSync(key, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const out = join(dir, 'bundle');
    const emitted = await emitReports(result, prepareReports(flags(['--evidence', out, '--sign', key, '--format', 'json:r.json'])), { snapshotBytes: snapshot }, 'high', ...memoryIo().args);
    expect(emitted.evidence?.signed).toBe(true);
    expect(existsSync(join(out, 'manifest.sig'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).ruleFiles).toHaveLength(result.rules.length);
    expect((await verifyEvidence(out)).ok).toBe(true);
  });
});
