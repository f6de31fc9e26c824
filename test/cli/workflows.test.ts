import { readFileSync, readdirSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerCommands } from '../../src/cli/commands/index.ts';
import { processIo } from '../../src/cli/shared/io.ts';
import { FORMAT_NAMES } from '../../src/render/index.ts';

const DIR = new URL('../../docs/github-actions/', import.meta.url);

interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Array<{ run?: string; uses?: string }> }>;
}

/** `proton-audit <command> --flag ...` lines of a workflow, with shell line continuations joined. */
function invocations(text: string): Array<{ command: string; flags: string[] }> {
  const joined = text.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/^\s*(?:-\s+)?(?:run:\s+)?proton-audit (\w+)([^\n]*)/gm)].map((m) => ({ command: m[1] ?? '', flags: [...(m[2] ?? '').matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((f) => f[1] ?? '') }));
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
    for (const f of formats) expect(FORMAT_NAMES).toContain(f);
  });

  it.each(files)('%s only uses commands and options the CLI has', (file) => {
    const calls = invocations(readFileSync(new URL(file, DIR), 'utf8'));
    expect(calls.length).toBeGreaterThan(0);
    for (const { command, flags } of calls) {
      const cmd = program.commands.find((c) => c.name() === command);
      expect(cmd, `${file}: proton-audit ${command}`).toBeDefined();
      const known = new Set(cmd?.options.flatMap((o) => [o.long ?? '', o.negate ? (o.long ?? '') : '']) ?? []);
      for (const flag of flags) expect(known.has(flag), `${file}: ${command} ${flag}`).toBe(true);
    }
  });
});
