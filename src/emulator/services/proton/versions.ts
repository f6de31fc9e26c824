/**
 * Template version arithmetic the API does server side: which minor is recommended for a major,
 * the one entry per major that version lists return without `majorVersion`, and whether a
 * deployed resource is up to date, a minor behind or a major behind.
 */
import type { TemplateRecord, TemplateVersionRecord } from '../../estate.ts';

const num = (v: string | undefined) => (v === undefined ? Number.NaN : Number(v));

/** The recommended minor of a major: stated on its version records, else its highest published minor. */
export function recommendedMinor(versions: readonly TemplateVersionRecord[], templateName: string, major: string): string | undefined {
  const ofMajor = versions.filter((v) => v.templateName === templateName && v.majorVersion === major);
  const stated = ofMajor.find((v) => v.recommendedMinorVersion !== undefined)?.recommendedMinorVersion;
  if (stated !== undefined) return stated;
  const published = ofMajor.filter((v) => v.status === 'PUBLISHED').sort((a, b) => num(b.minorVersion) - num(a.minorVersion));
  return published[0]?.minorVersion;
}

/** One record per major version: its recommended minor if that record exists, else its highest minor. */
export function majorRepresentatives(versions: readonly TemplateVersionRecord[], templateName: string): TemplateVersionRecord[] {
  const majors = new Map<string, TemplateVersionRecord[]>();
  for (const v of versions) {
    if (v.templateName !== templateName) continue;
    const list = majors.get(v.majorVersion) ?? [];
    list.push(v);
    majors.set(v.majorVersion, list);
  }
  return [...majors.entries()]
    .sort(([a], [b]) => num(a) - num(b))
    .map(([major, list]) => {
      const rec = recommendedMinor(versions, templateName, major);
      const sorted = [...list].sort((a, b) => num(b.minorVersion) - num(a.minorVersion));
      return list.find((v) => v.minorVersion === rec) ?? (sorted[0] as TemplateVersionRecord);
    });
}

export type Lag = 'upToDate' | 'behindMinor' | 'behindMajor';

export function versionLag(
  template: TemplateRecord | undefined,
  versions: readonly TemplateVersionRecord[],
  deployed: { templateName: string; templateMajorVersion: string; templateMinorVersion: string },
): Lag {
  const recommendedMajor = template?.recommendedVersion;
  if (recommendedMajor !== undefined && num(deployed.templateMajorVersion) < num(recommendedMajor)) return 'behindMajor';
  const minor = recommendedMinor(versions, deployed.templateName, deployed.templateMajorVersion);
  if (minor !== undefined && num(deployed.templateMinorVersion) < num(minor)) return 'behindMinor';
  return 'upToDate';
}
