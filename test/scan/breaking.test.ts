/**
 * Breaking changes against a git base, on real temporary repositories: the base bundle is
 * read with git (ls-tree / cat-file) and compared with the working tree.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { baseTree, breakingChanges } from '../../src/scan/breaking/base.ts';
import { discover } from '../../src/scan/discover/index.ts';
import { fsTree } from '../../src/scan/source/fs-tree.ts';
import { gitTree } from '../../src/scan/source/git-tree.ts';
import { lineOf } from './helpers.ts';

let repo: string;
const git = (...args: string[]): string => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
function write(rel: string, content: string): void {
  mkdirSync(dirname(join(repo, rel)), { recursive: true });
  writeFileSync(join(repo, rel), content);
}

const MANIFEST = 'infrastructure:\n  templates:\n    - file: "cloudformation.yaml"\n      rendering_engine: jinja\n      template_language: cloudformation\n';
const IAC = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: "{{ service_instance.inputs.name }}-{{ service_instance.inputs.size }}-{{ service_instance.inputs.tier }}"\n';

const BASE_SCHEMA = `schema:
  format:
    openapi: "3.0.0"
  service_input_type: "SvcInput"
  types:
    SvcInput:
      type: object
      properties:
        name:
          type: string
        size:
          type: string
          enum: ["s", "m", "l"]
          default: "s"
        tier:
          type: number
          default: 1
          maximum: 10
        legacy_flag:
          type: boolean
          default: false
        memory:
          type: number
          default: 512
`;

const HEAD_SCHEMA = `schema:
  format:
    openapi: "3.0.0"
  service_input_type: "SvcInput"
  pipeline_input_type: "PipeInput"
  types:
    SvcInput:
      type: object
      properties:
        name:
          type: string
          pattern: "^[a-z]+$"
        size:
          type: string
          enum: ["s", "m"]
          default: "s"
        tier:
          type: number
          default: 1
          maximum: 5
        memory:
          type: string
          default: "512"
        region_code:
          type: string
      required:
        - region_code
    PipeInput:
      type: object
      properties:
        cmd:
          type: string
          default: make
`;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'scan-git-'));
  git('init', '-q', '-b', 'main');
  write('templates/svc/v1/schema/schema.yaml', BASE_SCHEMA);
  write('templates/svc/v1/instance_infrastructure/manifest.yaml', MANIFEST);
  write('templates/svc/v1/instance_infrastructure/cloudformation.yaml', IAC);
  write('templates/svc/v1/.template-registration.yaml', 'compatible_environments:\n  - env:1\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('tag', 'base');
  // The pull request: a narrower schema and a pipeline, in place (a minor version under template sync).
  write('templates/svc/v1/schema/schema.yaml', HEAD_SCHEMA);
  write('templates/svc/v1/pipeline_infrastructure/manifest.yaml', MANIFEST);
  write('templates/svc/v1/pipeline_infrastructure/cloudformation.yaml', 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n');
  // A new major version is not compared with anything.
  write('templates/svc/v2/schema/schema.yaml', HEAD_SCHEMA.replace('pipeline_input_type: "PipeInput"\n', ''));
  write('templates/svc/v2/instance_infrastructure/manifest.yaml', MANIFEST);
  write('templates/svc/v2/instance_infrastructure/cloudformation.yaml', IAC);
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('breaking changes against a git base', () => {
  it('reads the base revision with git', () => {
    const tree = gitTree(repo, 'base');
    expect(tree.entries.map((e) => e.path)).toEqual([
      'templates/svc/v1/.template-registration.yaml',
      'templates/svc/v1/instance_infrastructure/cloudformation.yaml',
      'templates/svc/v1/instance_infrastructure/manifest.yaml',
      'templates/svc/v1/schema/schema.yaml',
    ]);
    const r = tree.read('templates/svc/v1/schema/schema.yaml');
    expect('text' in r && r.text).toBe(BASE_SCHEMA);
  });

  it('re-roots the base at a subdirectory', () => {
    const tree = gitTree(repo, 'base', { subdir: 'templates' });
    expect(tree.entries.map((e) => e.path)).toContain('svc/v1/schema/schema.yaml');
  });

  it('reports each breaking change of the minor version at its schema line, and none for the new major', () => {
    const head = discover(fsTree(repo, ['.'])).bundles;
    const issues = breakingChanges(head, baseTree({ repoDir: repo, ref: 'base' }));
    const file = 'templates/svc/v1/schema/schema.yaml';
    expect(issues.every((i) => i.location.file === file)).toBe(true);
    const at = (code: string): number[] => issues.filter((i) => i.code === code).map((i) => i.location.line ?? 0);
    expect(at('breaking.pipeline-added')).toEqual([lineOf(repo, file, 'pipeline_input_type')]);
    expect(at('breaking.input-removed')).toHaveLength(1);
    expect(issues.find((i) => i.code === 'breaking.input-removed')?.message).toContain('legacy_flag');
    expect(at('breaking.required-added')).toEqual([lineOf(repo, file, 'region_code:')]);
    // memory: number → string; the line of its `type:` (just above its default).
    expect(at('breaking.type-changed')).toEqual([lineOf(repo, file, 'default: "512"') - 1]);
    expect(at('breaking.enum-narrowed')).toEqual([lineOf(repo, file, 'enum: ["s", "m"]')]);
    expect(issues.find((i) => i.code === 'breaking.enum-narrowed')?.message).toContain('"l"');
    expect(at('breaking.pattern-changed')).toEqual([lineOf(repo, file, 'pattern: "^[a-z]+$"')]);
    expect(at('breaking.bound-narrowed')).toEqual([lineOf(repo, file, 'maximum: 5')]);
    expect(issues.filter((i) => i.code !== 'breaking.compared')).toHaveLength(7);
    expect(issues.filter((i) => i.code === 'breaking.compared').map((i) => i.location.file)).toEqual([file]);
  });

  it('a ref that names no commit is an input error', () => {
    expect(() => gitTree(repo, 'no-such-ref')).toThrow(InputError);
  });
});
