/**
 * A rendered CloudFormation template (YAML or JSON, short-form intrinsics included) as an
 * IacTemplate whose elements locate to the source template through the render's line map.
 */
import { issueKey, type ScanIssue, type SourceLocation } from '../core/types.ts';
import { logicalPath, parseYaml, type Segment } from '../yaml/yaml-doc.ts';
import type { IacResource, IacTemplate } from './model.ts';

const ATTRIBUTE_KEYS = ['DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'DependsOn', 'Metadata', 'CreationPolicy', 'UpdatePolicy'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface RenderedText {
  /** The source template file. */
  file: string;
  text: string;
  /** Source line of each rendered line (index 0 = line 1); 0 = unknown. */
  lines: readonly number[];
  exact: boolean;
}

export interface CfnParse {
  template?: IacTemplate;
  issues: ScanIssue[];
}

export function parseCloudFormation(rendered: RenderedText): CfnParse {
  const issues: ScanIssue[] = [];
  const sourceLine = (renderedLine: number): number | undefined => {
    const l = rendered.lines[renderedLine - 1];
    return rendered.exact && l ? l : undefined;
  };
  const at = (renderedLine: number | undefined): SourceLocation => {
    const l = renderedLine !== undefined ? sourceLine(renderedLine) : undefined;
    return { file: rendered.file, ...(l ? { line: l } : {}) };
  };
  const doc = parseYaml(rendered.text, { intrinsics: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 3)) {
      issues.push({
        code: 'render.invalid-output',
        message: `The rendered ${rendered.file} is not valid YAML or JSON: ${e.message}.`.replace(/\.\.$/, '.'),
        location: at(e.line),
        key: issueKey('render.invalid-output', rendered.file, e.message.replace(/\d+/g, '#')),
        data: { renderedLine: e.line },
      });
    }
    return { issues };
  }
  const value = isRecord(doc.value) ? doc.value : {};
  if (!isRecord(doc.value)) {
    issues.push({ code: 'render.not-a-template', message: `The rendered ${rendered.file} is not a CloudFormation template (no top-level map).`, location: { file: rendered.file }, key: issueKey('render.not-a-template', rendered.file) });
  }
  const locate = (path: readonly Segment[]): SourceLocation => at(doc.nearestLine(path));
  const resources: IacResource[] = [];
  const rawResources = isRecord(value.Resources) ? value.Resources : {};
  for (const [id, raw] of Object.entries(rawResources)) {
    const r = isRecord(raw) ? raw : {};
    const path: Segment[] = ['Resources', id];
    const properties = isRecord(r.Properties) ? r.Properties : {};
    resources.push({
      language: 'cloudformation',
      id,
      type: typeof r.Type === 'string' ? r.Type : '',
      properties,
      attributes: Object.fromEntries(ATTRIBUTE_KEYS.filter((k) => k in r).map((k) => [k, r[k]])),
      location: locate(path),
      locate: (sub) => locate([...path, 'Properties', ...sub]),
      logical: (sub) => logicalPath([...path, 'Properties', ...sub]),
    });
  }
  const outputs = isRecord(value.Outputs) ? Object.keys(value.Outputs) : [];
  return {
    template: {
      language: 'cloudformation',
      files: [rendered.file],
      resources,
      outputs,
      documents: [{ file: rendered.file, value, locate }],
      exactLines: rendered.exact,
    },
    issues,
  };
}

/** A resource attribute's location (DeletionPolicy line when present, else the resource's). */
export function attributeLocation(template: IacTemplate, resource: IacResource, attribute: string): SourceLocation {
  const doc = template.documents[0];
  return doc ? doc.locate(['Resources', resource.id, attribute]) : resource.location;
}
