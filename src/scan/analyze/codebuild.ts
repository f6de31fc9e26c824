/**
 * CodeBuild: provisioning manifests (`rendering_engine: codebuild`,
 * https://docs.aws.amazon.com/proton/latest/userguide/ag-wrap-up.html) and CodeBuild projects
 * in rendered templates. Commands that pipe a download into a shell run whatever the remote
 * end serves with the provisioning role's rights; an image without a fixed tag (or `latest`)
 * changes under the template without a review.
 */
import type { BundlePart } from '../discover/index.ts';
import { isRecord } from '../discover/files.ts';
import { parseYaml, type Segment } from '../yaml/yaml-doc.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';
import { resourceIssue, type RenderScope } from './scope.ts';

const PIPE_TO_SHELL = /\b(curl|wget|iwr|Invoke-WebRequest)\b[^\n|;&]*\|\s*(sudo\s+(-\S+\s+)*)?(ba|z|k|da|a)?sh\b|\b(ba|z)?sh\s+<\(\s*(curl|wget)\b/;

export function isPipeToShell(command: string): boolean {
  return PIPE_TO_SHELL.test(command);
}

/** Unpinned: no tag and no digest, or the tag 'latest'. */
export function imageProblem(image: string): string | undefined {
  const ref = image.trim();
  if (ref === '' || ref.includes('${') || ref.includes('{{') || ref.includes('PAUNKNOWN_')) return undefined;
  if (ref.includes('@sha256:')) return undefined;
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
  if (tag === undefined) return 'has no tag';
  if (tag === 'latest') return "uses the tag 'latest'";
  return undefined;
}

function commandsOf(settings: Record<string, unknown>): Array<{ command: string; path: Segment[] }> {
  const out: Array<{ command: string; path: Segment[] }> = [];
  for (const phase of ['provision', 'deprovision']) {
    const list = settings[phase];
    if (Array.isArray(list)) list.forEach((c, i) => typeof c === 'string' && out.push({ command: c, path: ['settings', phase, i] }));
  }
  return out;
}

export function codebuildManifestIssues(part: BundlePart): ScanIssue[] {
  const manifest = part.manifest;
  if (!manifest || part.engine !== 'codebuild') return [];
  const out: ScanIssue[] = [];
  for (const t of manifest.templates) {
    const settings = t.settings ?? {};
    const line = (sub: Segment[]): number => manifest.doc.nearestLine([...t.path, ...sub]);
    for (const c of commandsOf(settings)) {
      if (!isPipeToShell(c.command)) continue;
      out.push({ code: 'codebuild.pipe-to-shell', message: `The provisioning command '${c.command.slice(0, 80)}' pipes a download into a shell.`, location: { file: manifest.file, line: line(c.path) }, key: issueKey('codebuild.pipe-to-shell', manifest.file, c.command.trim()) });
    }
    if (typeof settings.image === 'string') {
      const problem = imageProblem(settings.image);
      if (problem) out.push({ code: 'codebuild.unpinned-image', message: `The CodeBuild image ${settings.image} ${problem}; pin a version tag or a digest.`, location: { file: manifest.file, line: line(['settings', 'image']) }, key: issueKey('codebuild.unpinned-image', manifest.file, settings.image) });
    }
  }
  return out;
}

function buildspecCommands(text: string): string[] {
  const doc = parseYaml(text);
  const phases = isRecord(doc.value) && isRecord(doc.value.phases) ? doc.value.phases : {};
  const out: string[] = [];
  for (const phase of Object.values(phases)) if (isRecord(phase) && Array.isArray(phase.commands)) for (const c of phase.commands) if (typeof c === 'string') out.push(c);
  return out;
}

/** CodeBuild projects in rendered templates: inline buildspec commands and the build image. */
export function codebuildProjectIssues(scope: RenderScope): ScanIssue[] {
  const out: ScanIssue[] = [];
  for (const r of scope.template.resources) {
    const cfn = r.type === 'AWS::CodeBuild::Project';
    if (!cfn && r.type !== 'aws_codebuild_project') continue;
    const p = r.properties;
    const source = cfn ? (isRecord(p.Source) ? p.Source : {}) : (Array.isArray(p.source) && isRecord(p.source[0]) ? p.source[0] : {});
    const specPath: Segment[] = cfn ? ['Source', 'BuildSpec'] : ['source', 0, 'buildspec'];
    const spec = cfn ? source.BuildSpec : source.buildspec;
    if (typeof spec === 'string') {
      const at = r.locate(specPath);
      for (const command of buildspecCommands(spec)) {
        if (!isPipeToShell(command)) continue;
        // The command's own line: the first source line at or after the buildspec that holds its text.
        const needle = command.trim().slice(0, 40);
        let line = at.line;
        if (at.line !== undefined) {
          for (let l = at.line; l < at.line + 400; l++) {
            const text = scope.lineText(at.file, l);
            if (text === '' && l > at.line + 200) break;
            if (text.includes(needle)) {
              line = l;
              break;
            }
          }
        }
        out.push(resourceIssue(scope, r, 'codebuild.pipe-to-shell', { file: at.file, ...(line !== undefined ? { line } : {}) }, `CodeBuild project ${r.id} runs '${command.trim().slice(0, 80)}', which pipes a download into a shell.`, command.trim()));
      }
    }
    const env = cfn ? (isRecord(p.Environment) ? p.Environment : {}) : (Array.isArray(p.environment) && isRecord(p.environment[0]) ? p.environment[0] : {});
    const image = cfn ? env.Image : env.image;
    if (typeof image === 'string') {
      const problem = imageProblem(image);
      if (problem) out.push(resourceIssue(scope, r, 'codebuild.unpinned-image', r.locate(cfn ? ['Environment', 'Image'] : ['environment', 0, 'image']), `CodeBuild project ${r.id} uses image ${image}, which ${problem}.`, image));
    }
  }
  return out;
}
