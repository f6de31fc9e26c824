/**
 * manifest.yaml of a bundle part (https://docs.aws.amazon.com/proton/latest/userguide/ag-wrap-up.html):
 * `infrastructure.templates[]` with `file`, `rendering_engine` (jinja, hcl, codebuild) and
 * `template_language`, or CodeBuild `settings`. Pre-GA manifests say `engine: jinja`.
 */
import type { Segment, YamlDoc } from '../yaml/yaml-doc.ts';
import { isRecord } from './files.ts';

export type IacEngine = 'cloudformation' | 'terraform' | 'codebuild' | 'unknown';

export interface ManifestTemplate {
  path: Segment[];
  file?: unknown;
  renderingEngine?: unknown;
  templateLanguage?: unknown;
  /** Pre-GA `engine:` key. */
  legacyEngine?: unknown;
  settings?: Record<string, unknown>;
  inputType?: unknown;
  engine: IacEngine;
}

export interface ParsedManifest {
  file: string;
  doc: YamlDoc;
  templates: ManifestTemplate[];
  /** No `infrastructure.templates` list. */
  malformed: boolean;
}

function engineOf(t: Record<string, unknown>): IacEngine {
  const re = typeof t.rendering_engine === 'string' ? t.rendering_engine.toLowerCase() : typeof t.engine === 'string' ? t.engine.toLowerCase() : undefined;
  const lang = typeof t.template_language === 'string' ? t.template_language.toLowerCase() : undefined;
  if (re === 'codebuild') return 'codebuild';
  if (re === 'hcl' || lang === 'terraform') return 'terraform';
  if (re === 'jinja' || lang === 'cloudformation') return 'cloudformation';
  const file = typeof t.file === 'string' ? t.file : '';
  if (/\.tf$/.test(file) || file === '*') return 'terraform';
  if (/\.(ya?ml|json|template)$/.test(file)) return 'cloudformation';
  return 'unknown';
}

export function parseManifest(file: string, doc: YamlDoc): ParsedManifest {
  const top = isRecord(doc.value) ? doc.value : {};
  const infra = isRecord(top.infrastructure) ? top.infrastructure : undefined;
  const list = infra && Array.isArray(infra.templates) ? infra.templates : undefined;
  const templates: ManifestTemplate[] = (list ?? []).map((raw, i) => {
    const t = isRecord(raw) ? raw : {};
    return {
      path: ['infrastructure', 'templates', i],
      ...('file' in t ? { file: t.file } : {}),
      ...('rendering_engine' in t ? { renderingEngine: t.rendering_engine } : {}),
      ...('template_language' in t ? { templateLanguage: t.template_language } : {}),
      ...('engine' in t ? { legacyEngine: t.engine } : {}),
      ...(isRecord(t.settings) ? { settings: t.settings } : {}),
      ...('input_type' in t ? { inputType: t.input_type } : {}),
      engine: engineOf(t),
    };
  });
  return { file, doc, templates, malformed: !list };
}

/** Whether a parsed YAML value looks like a Proton manifest at all. */
export function looksLikeManifest(value: unknown): boolean {
  return isRecord(value) && isRecord(value.infrastructure) && Array.isArray(value.infrastructure.templates);
}
