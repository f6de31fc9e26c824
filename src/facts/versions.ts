/**
 * Version lag of a deployed resource (environment, service instance, pipeline) against its
 * template: the recommended major, that major's recommended minor, the status of the version in
 * use, and — for instances — whether the environment's template is one the service template
 * version declares compatible.
 */
import type { VersionLag } from '../model/index.ts';

export interface TemplateRecord {
  name: string;
  recommendedVersion?: string;
}

export interface VersionRecord {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
  recommendedMinorVersion?: string;
  status: string;
  compatibleEnvironmentTemplates?: Array<{ templateName: string; majorVersion: string }>;
}

export interface DeployedRef {
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
}

export interface VersionInput {
  kind: 'environment' | 'service';
  deployed: DeployedRef;
  templates: readonly TemplateRecord[];
  versions: readonly VersionRecord[];
  /** False when templates or their versions were not collected in this region. */
  templatesCollected: boolean;
  /** Instances only: the environment the instance runs in, when it is in the snapshot. */
  environment?: DeployedRef | null;
}

/** Compares dotted numeric strings ("10" > "9"); non-numeric parts compare as text. */
export function compareVersionPart(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return Math.sign(na - nb);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares "major.minor" strings part by part. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const c = compareVersionPart(pa[i] ?? '0', pb[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

function highest(values: readonly string[]): string | undefined {
  return [...values].sort(compareVersionPart).at(-1);
}

const isPublished = (v: VersionRecord): boolean => v.status === 'PUBLISHED';

/**
 * The recommended minor of one major: AWS's recommendedMinorVersion when that minor is PUBLISHED,
 * else the newest PUBLISHED minor. A recommendation naming a DRAFT or failed minor is ignored:
 * nothing can be deployed from it, so being "behind" it is lag nobody can close.
 */
export function recommendedMinor(versions: readonly VersionRecord[], major: string): string | undefined {
  const ofMajor = versions.filter((v) => v.majorVersion === major);
  const declared = ofMajor.find((v) => v.recommendedMinorVersion)?.recommendedMinorVersion;
  if (declared && ofMajor.some((v) => isPublished(v) && compareVersionPart(v.minorVersion, declared) === 0)) return declared;
  return highest(ofMajor.filter(isPublished).map((v) => v.minorVersion));
}

/**
 * The template's recommended major: AWS's recommendedVersion when that major has a PUBLISHED
 * version, else the newest major with a PUBLISHED version (same reasoning as recommendedMinor).
 */
export function recommendedMajor(template: TemplateRecord | undefined, versions: readonly VersionRecord[]): string | undefined {
  const publishedMajors = [...new Set(versions.filter(isPublished).map((v) => v.majorVersion))];
  const declared = template?.recommendedVersion?.split('.')[0];
  if (declared && publishedMajors.some((m) => compareVersionPart(m, declared) === 0)) return declared;
  return highest(publishedMajors);
}

export function versionLag(input: VersionInput): VersionLag {
  const { deployed } = input;
  const current = { major: deployed.templateMajorVersion, minor: deployed.templateMinorVersion };
  if (!input.templatesCollected) {
    return { behindMajor: false, behindMinor: false, compatibleWithEnvironment: null, current, known: false, templateKind: input.kind, templateName: deployed.templateName, versionStatus: 'UNKNOWN' };
  }

  const template = input.templates.find((t) => t.name === deployed.templateName);
  const versions = input.versions.filter((v) => v.templateName === deployed.templateName);
  const inUse = versions.find((v) => v.majorVersion === current.major && v.minorVersion === current.minor);
  const recMajor = recommendedMajor(template, versions);
  const recMinorOfRecMajor = recMajor !== undefined ? recommendedMinor(versions, recMajor) : undefined;
  const recMinorOfCurrent = recommendedMinor(versions, current.major);

  // Keys in code unit order (in both returns): evidence that names the lag needs no sorted copy of it.
  return {
    behindMajor: recMajor !== undefined && compareVersionPart(current.major, recMajor) < 0,
    behindMinor: recMinorOfCurrent !== undefined && compareVersionPart(current.minor, recMinorOfCurrent) < 0,
    compatibleWithEnvironment: input.kind === 'service' && input.environment !== undefined ? compatibility(inUse, input.environment) : null,
    current,
    known: true,
    ...(recMajor !== undefined && recMinorOfRecMajor !== undefined ? { recommended: { major: recMajor, minor: recMinorOfRecMajor } } : {}),
    ...(recMinorOfCurrent !== undefined ? { recommendedMinorOfCurrentMajor: recMinorOfCurrent } : {}),
    templateKind: input.kind,
    templateName: deployed.templateName,
    versionStatus: template && inUse ? inUse.status : 'MISSING',
  };
}

function compatibility(version: VersionRecord | undefined, env: DeployedRef | null): boolean | null {
  if (!env || !version?.compatibleEnvironmentTemplates) return null;
  return version.compatibleEnvironmentTemplates.some(
    (c) => c.templateName === env.templateName && c.majorVersion === env.templateMajorVersion,
  );
}

export interface TemplatePublication {
  /**
   * 'ok': the recommended major has a PUBLISHED version; 'none-published': no version of the
   * template is PUBLISHED; 'recommended-unpublished': recommendedVersion names a major with nothing
   * PUBLISHED (a DRAFT or a failed registration), while another major is.
   */
  verdict: 'ok' | 'none-published' | 'recommended-unpublished';
  /** What the template records, '' when nothing. */
  declared: string;
  /** The major that stands as recommended: the declared one when published, else the newest published. */
  effective?: string;
  /** Every version of the template as "major.minor STATUS", in version order. */
  versions: string[];
}

/** Whether a template has a version developers can deploy, and whether its recommendation points at one. */
export function templatePublication(template: TemplateRecord, versions: readonly VersionRecord[]): TemplatePublication {
  const own = versions
    .filter((v) => v.templateName === template.name)
    .sort((a, b) => compareVersions(`${a.majorVersion}.${a.minorVersion}`, `${b.majorVersion}.${b.minorVersion}`));
  const declared = template.recommendedVersion?.split('.')[0] ?? '';
  const effective = recommendedMajor(template, own);
  const listed = own.map((v) => `${v.majorVersion}.${v.minorVersion} ${v.status}`);
  const base = { declared, versions: listed, ...(effective !== undefined ? { effective } : {}) };
  if (effective === undefined) return { verdict: 'none-published', ...base };
  if (declared !== '' && compareVersionPart(declared, effective) !== 0) return { verdict: 'recommended-unpublished', ...base };
  return { verdict: 'ok', ...base };
}
