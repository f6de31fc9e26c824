import { readFileSync, readdirSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerCommands } from '../../src/cli/commands/index.ts';
import { processIo } from '../../src/cli/shared/io.ts';
import { FORMAT_NAMES } from '../../src/render/index.ts';

const DIR = new URL('../../docs/github-actions/', import.meta.url);

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}

interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

function flagsOf(text: string): string[] {
  return [...text.matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((f) => f[1] ?? '');
}

/**
 * Every proton-audit invocation of a workflow: `proton-audit <command> --flag ...` lines of run
 * steps (shell line continuations joined), and steps using the proton-audit action (its
 * `command` and `args` inputs).
 */
function invocations(text: string): Array<{ command: string; flags: string[] }> {
  const wf = parse(text) as Workflow;
  const out: Array<{ command: string; flags: string[] }> = [];
  for (const step of Object.values(wf.jobs).flatMap((j) => j.steps)) {
    if (step.uses && /\/proton-audit@/.test(step.uses)) out.push({ command: step.with?.command ?? '', flags: flagsOf(step.with?.args ?? '') });
    const joined = (step.run ?? '').replace(/\\\n\s*/g, ' ');
    for (const m of joined.matchAll(/(?:^|[;&|]\s*|do\s+)proton-audit (\w+)([^\n;]*)/gm)) out.push({ command: m[1] ?? '', flags: flagsOf(m[2] ?? '') });
  }
  return out;
}

describe('GitHub Actions examples', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
  it('exist', () => expect(files.sort()).toEqual(['org-matrix.yml', 'pull-request-gate.yml', 'scheduled-audit.yml', 'template-gate.yml']));

  const program = new Command('proton-audit');
  registerCommands(program, { io: processIo(), setExit: () => undefined });

  it.each(files)('%s is valid YAML with jobs and the permissions SARIF upload needs', (file) => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    const wf = parse(text) as Workflow;
    expect(wf.permissions['security-events']).toBe('write');
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    const formats = [...text.matchAll(/--format (\w+)/g)].map((m) => m[1]);
    expect(formats.length).toBeGreaterThan(0);
    // Installed through the repository's own action, never from a registry it is not published to.
    expect(text).not.toMatch(/npm (install|i) (-g |--global )?"?proton-audit@/);
    expect(steps.some((s) => s.uses !== undefined && /\/proton-audit@/.test(s.uses))).toBe(true);
    // verify is pinned to the signer's key.
    for (const m of text.matchAll(/proton-audit verify [^\n;]*/g)) expect(m[0]).toContain('--public-key');
    for (const f of formats) expect(FORMAT_NAMES).toContain(f);
  });

  it.each(files)('%s only uses commands and options the CLI has', (file) => {
    const calls = invocations(readFileSync(new URL(file, DIR), 'utf8'));
    expect(calls.length).toBeGreaterThan(0);
    for (const { command, flags } of calls) {
      const cmd = program.commands.find((c) => c.name() === command);
      expect(cmd, `${file}: proton-audit ${command}`).toBeDefined();
      const known = new Set(cmd?.options.flatMap((o) => [o.long ?? '', o.negate ? (o.long ?? '') : '']) ?? []);
      expect(flags.length, `${file}: proton-audit ${command} has flags`).toBeGreaterThan(0);
      for (const flag of flags) expect(known.has(flag), `${file}: ${command} ${flag}`).toBe(true);
    }
  });
});
