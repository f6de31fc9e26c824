/**
 * Bad input never stops a scan: each unreadable file is an issue with its location (or a
 * file-level warning) and everything else is still scanned.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsTree } from '../../src/scan/source/fs-tree.ts';
import { prepareScan, scanTree, type ScanResult } from '../../src/scan/scan.ts';

let dir: string;
let outside: string;
let result: ScanResult;

function write(rel: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), content);
}

const MANIFEST = 'infrastructure:\n  templates:\n    - file: "cloudformation.yaml"\n      rendering_engine: jinja\n      template_language: cloudformation\n';
const SCHEMA = 'schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "In"\n  types:\n    In:\n      type: object\n      properties:\n        name:\n          type: string\n          default: x\n';

beforeAll(async () => {
  await prepareScan();
  dir = mkdtempSync(join(tmpdir(), 'scan-bad-'));
  outside = mkdtempSync(join(tmpdir(), 'scan-outside-'));
  writeFileSync(join(outside, 'secret.yaml'), 'proton: EnvironmentSpec\nspec:\n  password: "should-never-be-read"\n');
  // A good bundle, which must still be scanned.
  write('good/v1/schema/schema.yaml', SCHEMA);
  write('good/v1/infrastructure/manifest.yaml', MANIFEST);
  write('good/v1/infrastructure/cloudformation.yaml', 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: "{{ environment.inputs.name }}"\n');
  // Invalid YAML schema.
  write('broken-schema/v1/schema/schema.yaml', 'schema:\n  format: [openapi\n  types: {}\n');
  write('broken-schema/v1/infrastructure/manifest.yaml', MANIFEST);
  write('broken-schema/v1/infrastructure/cloudformation.yaml', 'Resources: {}\n');
  // Jinja syntax error.
  write('bad-jinja/v1/schema/schema.yaml', SCHEMA);
  write('bad-jinja/v1/infrastructure/manifest.yaml', MANIFEST);
  write('bad-jinja/v1/infrastructure/cloudformation.yaml', 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n{% if environment.inputs.name %}\n  B:\n    Type: AWS::SNS::Topic\n');
  // Invalid HCL.
  write('bad-tf/v1/schema/schema.yaml', SCHEMA);
  write('bad-tf/v1/infrastructure/manifest.yaml', 'infrastructure:\n  templates:\n    - file: "*"\n      rendering_engine: hcl\n      template_language: terraform\n');
  write('bad-tf/v1/infrastructure/main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n');
  // Rendered output that is not YAML.
  write('bad-output/v1/schema/schema.yaml', SCHEMA);
  write('bad-output/v1/infrastructure/manifest.yaml', MANIFEST);
  write('bad-output/v1/infrastructure/cloudformation.yaml', 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n   Broken: [\n');
  // A binary where a manifest should be, a huge spec, a symlink out of the tree, an invalid spec.
  write('binary/v1/schema/schema.yaml', SCHEMA);
  write('binary/v1/infrastructure/manifest.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
  write('specs/huge.yaml', `proton: EnvironmentSpec\nspec:\n  blob: "${'x'.repeat(6 * 1024 * 1024)}"\n`);
  write('specs/invalid.yaml', 'proton: ServiceSpec\ninstances:\n  - name: a\n    spec: {port: 80\n');
  mkdirSync(join(dir, 'links'), { recursive: true });
  symlinkSync(join(outside, 'secret.yaml'), join(dir, 'links/outside.yaml'));
  symlinkSync(join(dir, 'good/v1/schema/schema.yaml'), join(dir, 'links/inside.yaml'));
  result = scanTree(fsTree(dir, ['.']));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const find = (code: string, file: string) => result.issues.find((i) => i.code === code && i.location.file === file);

describe('scan of a repository full of bad input', () => {
  it('still scans the good bundle', () => {
    expect(find('resource.no-retain', 'good/v1/infrastructure/cloudformation.yaml')?.location.line).toBe(2);
  });
  it('reports invalid YAML with its line', () => {
    expect(find('file.invalid-yaml', 'broken-schema/v1/schema/schema.yaml')?.location.line).toBeGreaterThan(0);
    expect(find('file.invalid-yaml', 'specs/invalid.yaml')?.location.line).toBeGreaterThan(0);
  });
  it('reports a Jinja syntax error with its line', () => {
    const issue = find('render.syntax-error', 'bad-jinja/v1/infrastructure/cloudformation.yaml');
    expect(issue?.message).toMatch(/fails/);
    expect(issue?.location.line).toBeGreaterThan(0);
  });
  it('reports invalid HCL with its line', () => {
    expect(find('file.invalid-hcl', 'bad-tf/v1/infrastructure/main.tf')?.location.line).toBe(2);
  });
  it('reports rendered output that is not YAML at its source line', () => {
    expect(find('render.invalid-output', 'bad-output/v1/infrastructure/cloudformation.yaml')?.location.line).toBeGreaterThan(0);
  });
  it('reports a binary file where text was expected', () => {
    expect(find('file.binary', 'binary/v1/infrastructure/manifest.yaml')).toBeDefined();
  });
  it('does not read a file over the size cap', () => {
    expect(find('file.too-large', 'specs/huge.yaml')?.message).toMatch(/not read/);
  });
  it('never follows a symlink out of the scanned path, and follows one inside it', () => {
    expect(find('file.symlink-outside', 'links/outside.yaml')).toBeDefined();
    expect(JSON.stringify(result)).not.toContain('should-never-be-read');
    expect(result.issues.some((i) => i.location.file === 'links/inside.yaml' && i.code.startsWith('file.'))).toBe(false);
  });
  it('honours a smaller size cap', () => {
    const small = scanTree(fsTree(dir, ['good'], { maxFileBytes: 10 }));
    expect(small.issues.filter((i) => i.code === 'file.too-large').length).toBeGreaterThan(0);
  });
});
