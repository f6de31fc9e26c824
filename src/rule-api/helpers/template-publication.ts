/**
 * The check behind PA-VER-011 and PA-VER-012, which differ only in the template kind: a template
 * has a PUBLISHED version developers can deploy, and its recommendedVersion names one. It relates
 * the template to its versions, so a recommendation naming a major with nothing PUBLISHED (a
 * DRAFT, a failed registration) fails although the field alone looks fine.
 */
import { templatePublication, type VersionRecord } from '../../facts/versions.ts';
import type { RuleContext } from '../define-rule.ts';
import type { ResourceView, Verdict } from '../../model/index.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function versionRecord(view: ResourceView): VersionRecord {
  return {
    templateName: text(view.data['templateName']) ?? '',
    majorVersion: text(view.data['majorVersion']) ?? '',
    minorVersion: text(view.data['minorVersion']) ?? '',
    status: text(view.data['status']) ?? '',
  };
}

export function checkTemplatePublication(
  resource: ResourceView,
  ctx: RuleContext,
  kind: { label: 'Environment template' | 'Service template'; versionType: 'environmentTemplateVersion' | 'serviceTemplateVersion' },
): Verdict {
  const name = `${kind.label} ${resource.name}`;
  const declared = text(resource.data['recommendedVersion']) ?? '';
  const listing = ctx.view.listingGap(resource.accountId, resource.region, kind.versionType);
  if (!listing.ok) {
    // Without the versions only the field itself can be judged: AWS sets it when a version is published.
    return declared !== ''
      ? { status: 'skip', reason: `${listing.reason} (the template's versions are unknown)`, notCollected: true }
      : { status: 'fail', message: `${name} has no published, recommended version.`, evidence: { recommendedVersion: '' } };
  }
  const versions = ctx.view
    .ofType(kind.versionType)
    .filter((v) => v.accountId === resource.accountId && v.region === resource.region)
    .map(versionRecord);
  const pub = templatePublication({ name: resource.name, ...(declared !== '' ? { recommendedVersion: declared } : {}) }, versions);
  const evidence = { recommendedVersion: declared, versions: pub.versions };
  if (pub.verdict === 'none-published') {
    return {
      status: 'fail',
      message: `${name} has no published, recommended version` + (pub.versions.length > 0 ? ` (versions: ${pub.versions.join(', ')}).` : ' (it has no versions).'),
      evidence,
    };
  }
  if (pub.verdict === 'recommended-unpublished') {
    return {
      status: 'fail',
      message: `${name} recommends major version ${pub.declared}, which has no published version; the newest published major is ${pub.effective ?? '?'}.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message:
      declared !== ''
        ? `${name} recommends major version ${declared}, which is published.`
        : `${name} records no recommendedVersion; its newest published major is ${pub.effective ?? '?'}.`,
    evidence,
  };
}
