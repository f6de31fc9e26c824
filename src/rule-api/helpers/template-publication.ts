/**
 * The check behind PA-VER-011 and PA-VER-012, which differ only in the template kind: a template
 * has a PUBLISHED version developers can deploy, and its recommendedVersion names one. It relates
 * the template to its versions, so a recommendation naming a major with nothing PUBLISHED (a
 * DRAFT, a failed registration) fails although the field alone looks fine.
 */
import { templatePublication } from '../../facts/versions.ts';
import type { ResourceViewOf } from '../../model/index.ts';
import type { RuleContext, RuleVerdict } from '../core/define-rule.ts';

/** The messages both rules declare. */
export const TEMPLATE_PUBLICATION_MESSAGES = {
  noPublishedVersion: '{{template}} has no published, recommended version.',
  nonePublished: '{{template}} has no published, recommended version (versions: {{versions}}).',
  noVersions: '{{template}} has no published, recommended version (it has no versions).',
  recommendedUnpublished: '{{template}} recommends major version {{declared}}, which has no published version; the newest published major is {{newest}}.',
  recommendedPublished: '{{template}} recommends major version {{declared}}, which is published.',
  noRecommendation: '{{template}} records no recommendedVersion; its newest published major is {{newest}}.',
} as const;
export type TemplatePublicationMessage = keyof typeof TEMPLATE_PUBLICATION_MESSAGES;

export function checkTemplatePublication(
  resource: ResourceViewOf<'environmentTemplate'> | ResourceViewOf<'serviceTemplate'>,
  ctx: RuleContext,
  kind: { label: 'Environment template' | 'Service template'; versionType: 'environmentTemplateVersion' | 'serviceTemplateVersion' },
): RuleVerdict<TemplatePublicationMessage> {
  const template = `${kind.label} ${resource.name}`;
  const declared = resource.data.recommendedVersion ?? '';
  const listing = ctx.view.listingGap(resource.accountId, resource.region, kind.versionType);
  if (!listing.ok) {
    // Without the versions only the field itself can be judged: AWS sets it when a version is published.
    return declared !== ''
      ? { status: 'skip', reason: `${listing.reason} (the template's versions are unknown)`, notCollected: true }
      : { status: 'fail', messageId: 'noPublishedVersion', data: { template }, evidence: { recommendedVersion: '' } };
  }
  const versions = ctx.view
    .ofType(kind.versionType)
    .filter((v) => v.accountId === resource.accountId && v.region === resource.region)
    .map((v) => ({ templateName: v.data.templateName, majorVersion: v.data.majorVersion, minorVersion: v.data.minorVersion, status: v.data.status }));
  const pub = templatePublication({ name: resource.name, ...(declared !== '' ? { recommendedVersion: declared } : {}) }, versions);
  const evidence = { recommendedVersion: declared, versions: pub.versions };
  const newest = pub.effective ?? '?';
  if (pub.verdict === 'none-published') {
    return pub.versions.length > 0
      ? { status: 'fail', messageId: 'nonePublished', data: { template, versions: pub.versions.join(', ') }, evidence }
      : { status: 'fail', messageId: 'noVersions', data: { template }, evidence };
  }
  if (pub.verdict === 'recommended-unpublished') {
    return { status: 'fail', messageId: 'recommendedUnpublished', data: { template, declared: pub.declared, newest }, evidence };
  }
  return declared !== ''
    ? { status: 'pass', messageId: 'recommendedPublished', data: { template, declared }, evidence }
    : { status: 'pass', messageId: 'noRecommendation', data: { template, newest }, evidence };
}
