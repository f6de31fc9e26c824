/**
 * What `scan` adds to the model: source locations, the issues the scanner's analyses report,
 * and the records behind the scanned resource types (a template repository, its bundles, its
 * spec files and the resources its templates render).
 */

/** A place in the scanned repository. `file` is a POSIX path relative to the scan root. */
export interface SourceLocation {
  file: string;
  /** 1-based; absent when only the file is known. */
  line?: number;
  column?: number;
  endLine?: number;
}

/** Where a finding is, for SARIF and the reports: a source location plus the element's logical path. */
export interface FindingLocation extends SourceLocation {
  /** 'Resources.TaskRole.Properties.Policies[0]', 'SvcInput.port', ... */
  logical?: string;
  /** Resources one source line renders (a `{% for %}` loop), listed once. */
  instances?: string[];
}

/** What a scanned thing an issue is about. */
export type ScanSubject =
  | { kind: 'repository' }
  | { kind: 'bundle'; root: string }
  | { kind: 'spec'; file: string }
  | { kind: 'resource'; file: string; anchor: string };

/**
 * One thing an analysis noticed. Rules decide whether it is a failure and how severe; the
 * analysis states what it saw and where.
 */
export interface ScanIssue {
  /** Stable code naming the kind of issue, e.g. 'spec.unknown-key'. */
  code: string;
  /** One sentence ending with a period. Never contains a detected secret. */
  message: string;
  location: SourceLocation;
  logical?: string;
  /** Identity of the issue without line numbers, so fingerprints survive line shifts. */
  key: string;
  instances?: string[];
  /** JSON-safe details for evidence. */
  data?: Record<string, unknown>;
  /** Set when the scan assigns the issue to a resource view. */
  subject?: ScanSubject;
}

/** The `templateRepository` resource: the scan root, with what concerns no single bundle or spec. */
export interface TemplateRepositoryData {
  root: string;
  files: number;
  bundles: number;
  specs: number;
}

/** The `templateBundle` resource: one template bundle (or directly defined component). */
export interface TemplateBundleData {
  root: string;
  kind: 'environment' | 'customer-managed-environment' | 'service' | 'component' | 'unknown';
  name: string;
  major?: number;
  preGa: boolean;
  parts: Array<{ role: 'infrastructure' | 'instance' | 'pipeline' | 'component'; dir: string; engine: 'cloudformation' | 'terraform' | 'codebuild' | 'unknown'; files: string[] }>;
  files: number;
  bytes: number;
}

/** The `templateSpec` resource: one spec file and the bundle it was bound to. */
export interface TemplateSpecData {
  file: string;
  /** The `proton:` value. */
  kind: string;
  boundTo?: string;
  via?: 'config' | 'proton-ops' | 'spec-folder' | 'schema-overlap';
  instances: string[];
}

/** The `iacResource` resource: a resource a template declares, as rendered. */
export interface IacResourceData {
  language: 'cloudformation' | 'terraform';
  /** 'AWS::S3::Bucket' or 'aws_s3_bucket'. */
  type: string;
  /** The source file and the line that declares it. */
  file: string;
  line?: number;
  bundle: string;
  /** Rendered ids (several for a loop). */
  instances: string[];
  /** The input sets it was rendered with. */
  variants: string[];
  properties: Record<string, unknown>;
  attributes: Record<string, unknown>;
}

/** What the scan tells every scanned resource's rules. */
export interface ScanFacts {
  issues: ScanIssue[];
}
