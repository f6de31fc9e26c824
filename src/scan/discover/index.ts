/**
 * Discovery: which directories are template bundles (and of which kind), which files are
 * specs and sync files. Layouts follow https://docs.aws.amazon.com/proton/latest/userguide/ag-wrap-up.html
 * and the template-sync convention `<name>/v<major>/`
 * (https://docs.aws.amazon.com/proton/latest/userguide/ag-template-sync-configs.html).
 * Anything that does not fit is reported, never thrown.
 */
import type { FileEntry, FileTree } from '../source/tree.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { baseName, dirOf, isRecord, joinPath, parseYamlText, readText, readYaml, skippedIssue } from './files.ts';
import { looksLikeManifest, parseManifest, type IacEngine, type ParsedManifest } from './manifest.ts';
import { parseSchema, type ParsedSchema } from './schema.ts';
import { parseSpec, SPEC_HEADER, type ParsedSpec } from './spec.ts';
import { parseCompatibleEnvs, parseOpsFile, parseRegistration, type CompatibleEnvs, type OpsFile, type Registration } from './sync-files.ts';

export type BundleKind = 'environment' | 'customer-managed-environment' | 'service' | 'component' | 'unknown';
export type PartRole = 'infrastructure' | 'instance' | 'pipeline' | 'component';

export interface BundlePart {
  role: PartRole;
  dir: string;
  manifest?: ParsedManifest;
  engine: IacEngine;
  /** IaC files the manifest selects (CloudFormation: one; Terraform: a file or every *.tf). */
  iacFiles: string[];
}

export interface Bundle {
  /** The bundle directory ('templates/svc/v2'); '.' never appears: the root is ''. */
  root: string;
  kind: BundleKind;
  name: string;
  /** From a `v<N>` directory name. */
  major?: number;
  schema?: ParsedSchema;
  parts: BundlePart[];
  /** Every file under the bundle root, for quotas. */
  files: FileEntry[];
  registration?: Registration;
  compatibleEnvs?: CompatibleEnvs;
  preGa: boolean;
  issues: ScanIssue[];
}

export interface Inventory {
  bundles: Bundle[];
  specs: ParsedSpec[];
  opsFiles: OpsFile[];
  /** Files that could not be read or parsed, and other repository-level issues. */
  issues: ScanIssue[];
}

const PART_DIRS: Record<string, PartRole> = {
  infrastructure: 'infrastructure',
  instance_infrastructure: 'instance',
  pipeline_infrastructure: 'pipeline',
  // Pre-GA service bundles kept the pipeline in `pipeline/`.
  pipeline: 'pipeline',
};
const SCHEMA_FILE = /(^|\/)schema\/schema\.ya?ml$/;
const MANIFEST_FILE = /(^|\/)manifest\.ya?ml$/;
const YAML_OR_JSON = /\.(ya?ml|json)$/i;
const RELEVANT = /(\.(ya?ml|json|tf|template)|(^|\/)\.compatible-envs)$/i;

function layoutIssue(code: string, file: string, message: string, line?: number, ...key: string[]): ScanIssue {
  return { code, message, location: { file, ...(line ? { line } : {}) }, key: issueKey(code, file, ...key) };
}

function underDir(path: string, dir: string): boolean {
  return dir === '' || path.startsWith(`${dir}/`);
}

function partFiles(part: BundlePart, manifest: ParsedManifest, entries: readonly FileEntry[], issues: ScanIssue[]): void {
  const inDir = entries.filter((e) => dirOf(e.path) === part.dir).map((e) => e.path);
  for (const t of manifest.templates) {
    const line = manifest.doc.nearestLine([...t.path, 'file']);
    if (t.engine === 'codebuild') continue;
    if (typeof t.file !== 'string' || t.file.trim() === '') {
      issues.push(layoutIssue('layout.manifest-no-file', manifest.file, `The manifest entry names no IaC file.`, line));
      continue;
    }
    if (t.file === '*') {
      if (t.engine !== 'terraform') issues.push(layoutIssue('layout.manifest-wildcard-not-terraform', manifest.file, `The '*' wildcard selects files for Terraform only; a CloudFormation manifest names exactly one file.`, line));
      const tf = inDir.filter((p) => p.endsWith('.tf'));
      if (tf.length === 0) issues.push(layoutIssue('layout.manifest-file-missing', manifest.file, `The manifest selects '*' but ${part.dir || '.'} holds no .tf file.`, line, '*'));
      part.iacFiles.push(...tf);
      continue;
    }
    const path = joinPath(part.dir, t.file.replace(/^\.\//, ''));
    if (!entries.some((e) => e.path === path)) issues.push(layoutIssue('layout.manifest-file-missing', manifest.file, `The manifest names ${t.file}, which is not in ${part.dir || '.'}.`, line, t.file));
    else part.iacFiles.push(path);
  }
  if (manifest.templates.filter((t) => t.engine === 'cloudformation').length > 1) {
    issues.push(layoutIssue('layout.manifest-several-cloudformation-files', manifest.file, 'A CloudFormation bundle part takes exactly one IaC file; the manifest lists several.', manifest.doc.lineOf(['infrastructure', 'templates'])));
  }
}

function partEngine(manifest: ParsedManifest | undefined): IacEngine {
  const engines = new Set(manifest?.templates.map((t) => t.engine));
  return engines.size === 1 ? ([...engines][0] as IacEngine) : 'unknown';
}

export function discover(tree: FileTree): Inventory {
  const issues: ScanIssue[] = [];
  const entries = tree.entries;

  // Bundle roots: the parent of schema/schema.yaml, or of a known part directory with a manifest.
  const roots = new Set<string>();
  for (const e of entries) {
    if (SCHEMA_FILE.test(e.path)) roots.add(dirOf(dirOf(e.path)));
    else if (MANIFEST_FILE.test(e.path)) {
      const partDir = dirOf(e.path);
      if (baseName(partDir) in PART_DIRS && baseName(partDir) !== 'pipeline') roots.add(dirOf(partDir));
    }
  }
  // `pipeline/manifest.yaml` counts only beside a pre-GA `infrastructure/` (a bare pipeline/ directory is too common a name).
  for (const e of entries) {
    if (!/(^|\/)pipeline\/manifest\.ya?ml$/.test(e.path)) continue;
    const root = dirOf(dirOf(e.path));
    if (entries.some((x) => x.path === joinPath(root, 'infrastructure/manifest.yaml'))) roots.add(root);
  }
  const sortedRoots = [...roots].sort();
  const inBundle = (path: string): boolean => sortedRoots.some((r) => underDir(path, r));

  const bundles = sortedRoots.map((root) => buildBundle(tree, root, entries));
  // Files not read: reported when they matter (inside a bundle, or of a kind the scanner reads); a symlink out of the tree always.
  for (const e of entries) {
    if (!e.skipped) continue;
    if (e.skipped.reason === 'symlink-outside' || inBundle(e.path) || RELEVANT.test(e.path)) issues.push(skippedIssue(e.path, e.skipped.reason, e.skipped.detail));
  }

  // Directly defined components: a Proton manifest outside every bundle, beside its IaC file.
  for (const e of entries) {
    if (!MANIFEST_FILE.test(e.path) || inBundle(e.path) || e.skipped) continue;
    const text = tree.read(e.path);
    if (!('text' in text) || !/\binfrastructure\s*:/.test(text.text)) continue;
    const scratch: ScanIssue[] = [];
    const doc = parseYamlText(text.text, e.path, scratch);
    if (doc && !looksLikeManifest(doc.value)) continue;
    bundles.push(buildComponent(e.path, doc, scratch, entries));
  }

  // Specs and sync files anywhere.
  const specs: ParsedSpec[] = [];
  const opsFiles: OpsFile[] = [];
  for (const e of entries) {
    if (e.skipped) continue;
    const name = baseName(e.path);
    if (/^proton-ops\.ya?ml$/.test(name) || /\.proton-ops\.ya?ml$/.test(name)) {
      const doc = readYaml(tree, e.path, issues);
      if (doc) opsFiles.push(parseOpsFile(e.path, doc));
      continue;
    }
    if (!YAML_OR_JSON.test(name) || name === '.template-registration.yaml') continue;
    if (/(^|\/)(schema\/schema|manifest)\.ya?ml$/.test(e.path)) continue;
    const r = tree.read(e.path);
    if (!('text' in r) || !SPEC_HEADER.test(r.text)) continue;
    const doc = parseYamlText(r.text, e.path, issues);
    if (!doc) continue;
    const spec = parseSpec(e.path, doc);
    if (spec) specs.push(spec);
  }
  return { bundles: bundles.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0)), specs, opsFiles, issues };
}

function buildComponent(manifestPath: string, doc: ReturnType<typeof parseYamlText>, scratch: ScanIssue[], entries: readonly FileEntry[]): Bundle {
  const dir = dirOf(manifestPath);
  const issues = [...scratch];
  const part: BundlePart = { role: 'component', dir, engine: 'unknown', iacFiles: [] };
  if (doc) {
    const manifest = parseManifest(manifestPath, doc);
    part.manifest = manifest;
    part.engine = partEngine(manifest);
    partFiles(part, manifest, entries, issues);
    if (part.engine === 'codebuild') issues.push(layoutIssue('layout.component-codebuild', manifestPath, 'Components cannot use CodeBuild provisioning.', manifest.doc.nearestLine(['infrastructure', 'templates', 0])));
  }
  return {
    root: dir,
    kind: 'component',
    name: baseName(dir) || 'component',
    parts: [part],
    files: entries.filter((e) => dirOf(e.path) === dir),
    preGa: false,
    issues,
  };
}

function buildBundle(tree: FileTree, root: string, entries: readonly FileEntry[]): Bundle {
  const issues: ScanIssue[] = [];
  const files = entries.filter((e) => underDir(e.path, root));
  const base = baseName(root);
  const version = /^v(\d+)$/.exec(base);
  const name = version ? baseName(dirOf(root)) || base : base || 'bundle';
  const major = version ? Number(version[1]) : undefined;

  const schemaEntry = files.find((e) => e.path === joinPath(root, 'schema/schema.yaml')) ?? files.find((e) => e.path === joinPath(root, 'schema/schema.yml'));
  let schema: ParsedSchema | undefined;
  if (schemaEntry && !schemaEntry.skipped) {
    const doc = readYaml(tree, schemaEntry.path, issues);
    if (doc) schema = parseSchema(schemaEntry.path, doc);
  }

  const parts: BundlePart[] = [];
  let legacyEngine = false;
  for (const [dirName, role] of Object.entries(PART_DIRS)) {
    const dir = joinPath(root, dirName);
    if (!files.some((e) => underDir(e.path, dir))) continue;
    const manifestEntry = files.find((e) => e.path === joinPath(dir, 'manifest.yaml')) ?? files.find((e) => e.path === joinPath(dir, 'manifest.yml'));
    const part: BundlePart = { role, dir, engine: 'unknown', iacFiles: [] };
    if (!manifestEntry) {
      if (dirName === 'pipeline') continue;
      const first = files.find((e) => underDir(e.path, dir))?.path ?? dir;
      issues.push(layoutIssue('layout.missing-manifest', first, `${dir} has no manifest.yaml.`, 1, dir));
    } else if (!manifestEntry.skipped) {
      const doc = readYaml(tree, manifestEntry.path, issues);
      if (doc) {
        const manifest = parseManifest(manifestEntry.path, doc);
        part.manifest = manifest;
        part.engine = partEngine(manifest);
        if (manifest.malformed) issues.push(layoutIssue('layout.manifest-malformed', manifest.file, 'The manifest has no infrastructure.templates list.', 1));
        if (manifest.templates.some((t) => t.legacyEngine !== undefined && t.renderingEngine === undefined)) legacyEngine = true;
        partFiles(part, manifest, entries, issues);
      }
    }
    parts.push(part);
  }

  const has = (role: PartRole): boolean => parts.some((p) => p.role === role);
  // Directory-level issues point at a file one can open in the pull request: the schema, else the first manifest, else the first file.
  const anchorFile = schemaEntry?.path ?? parts.find((p) => p.manifest)?.manifest?.file ?? files.find((f) => !f.skipped)?.path ?? (root || '.');
  const schemaLine = (key: string): number => schema?.doc.lineOf(['schema', key]) ?? 1;
  const ns = schema?.inputTypes ?? {};
  const preGaPipelineDir = parts.some((p) => p.dir === joinPath(root, 'pipeline'));
  const preGa = legacyEngine || (preGaPipelineDir && !has('instance'));
  let kind: BundleKind;
  if ('service' in ns || has('instance')) kind = 'service';
  else if ('environment' in ns) kind = has('infrastructure') ? 'environment' : 'customer-managed-environment';
  else if (has('infrastructure')) kind = preGaPipelineDir ? 'service' : 'environment';
  else kind = 'unknown';

  if (preGa) {
    const legacyManifest = parts.find((p) => p.manifest?.templates.some((t) => t.legacyEngine !== undefined))?.manifest;
    const legacyAt = legacyManifest ? { file: legacyManifest.file, line: legacyManifest.doc.nearestLine(['infrastructure', 'templates', 0, 'engine']) } : { file: anchorFile, line: 1 };
    issues.push(
      layoutIssue(
        'layout.pre-ga',
        legacyAt.file,
        `Bundle ${root || '.'} uses the pre-GA format (${legacyEngine ? "manifest key 'engine'" : "service IaC in 'infrastructure/' and 'pipeline/'"}); Proton's GA format names it 'rendering_engine' and keeps service IaC in instance_infrastructure/ and pipeline_infrastructure/.`,
        legacyAt.line,
        root,
      ),
    );
  }
  if (kind === 'unknown') {
    issues.push(layoutIssue('layout.unknown', schemaEntry?.path ?? (root || '.'), `Bundle ${root || '.'} matches no known layout: its schema names no environment_input_type or service_input_type and it has no infrastructure directory.`, schemaEntry ? 1 : undefined));
  }
  if (!schemaEntry) issues.push(layoutIssue('layout.missing-schema', anchorFile, `Bundle ${root || '.'} has no schema/schema.yaml.`, 1, root));
  if (kind === 'service' && !has('instance') && !preGa) issues.push(layoutIssue('layout.missing-instance-infrastructure', anchorFile, `Service bundle ${root || '.'} has no instance_infrastructure/ directory.`, schemaLine('service_input_type'), root));
  if (kind === 'environment' && has('instance')) issues.push(layoutIssue('layout.mixed-kinds', anchorFile, `Bundle ${root || '.'} holds both infrastructure/ and instance_infrastructure/.`, 1, root));

  // Sync files that belong to this bundle.
  let registration: Registration | undefined;
  const regPath = joinPath(root, '.template-registration.yaml');
  if (files.some((e) => e.path === regPath)) {
    const doc = readYaml(tree, regPath, issues);
    if (doc) registration = parseRegistration(regPath, doc);
  } else if (kind === 'service' && version) {
    issues.push(layoutIssue('layout.missing-registration', anchorFile, `Service template ${name} v${major} has no .template-registration.yaml; template sync needs it to list compatible environments.`, schemaLine('service_input_type'), root));
  }
  let compatibleEnvs: CompatibleEnvs | undefined;
  const legacyPath = joinPath(version ? dirOf(root) : root, '.compatible-envs');
  if (entries.some((e) => e.path === legacyPath)) {
    const text = readText(tree, legacyPath, issues);
    if (text !== undefined) compatibleEnvs = parseCompatibleEnvs(legacyPath, text);
  }
  if (schema && isRecord(schema.doc.value) && Object.keys(schema.doc.value).length === 0) issues.push(layoutIssue('schema.empty', schema.file, 'The schema file is empty.', 1));

  return {
    root,
    kind,
    name,
    ...(major !== undefined ? { major } : {}),
    ...(schema ? { schema } : {}),
    parts,
    files,
    ...(registration ? { registration } : {}),
    ...(compatibleEnvs ? { compatibleEnvs } : {}),
    preGa,
    issues,
  };
}
