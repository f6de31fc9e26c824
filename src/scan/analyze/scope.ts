/**
 * Issues about rendered resources. Their key anchors on the text of the source line that
 * declares the resource (not its line number, not its rendered id), so a finding keeps its
 * fingerprint when lines shift above it and resources a loop renders from one source line
 * merge into one issue listing the instances.
 */
import type { Bundle } from '../discover/index.ts';
import type { IacResource, IacTemplate } from '../iac/model.ts';
import { issueKey, type ScanIssue, type SourceLocation } from '../core/types.ts';

export interface RenderScope {
  bundle: Bundle;
  /** The inputs the template was rendered with. */
  variant: string;
  template: IacTemplate;
  /** The text of a source line ('' when unknown). */
  lineText(file: string, line: number | undefined): string;
}

export function resourceIssue(
  scope: RenderScope,
  resource: IacResource,
  code: string,
  location: SourceLocation,
  message: string,
  subject: string,
  data: Record<string, unknown> = {},
): ScanIssue {
  const anchor = resourceAnchor(scope, resource);
  const at = location.line !== undefined && location.line !== resource.location.line ? scope.lineText(location.file, location.line).trim() : '';
  return {
    code,
    message,
    location,
    logical: resource.logical([]).replace(/\.Properties$/, ''),
    key: issueKey(code, location.file, anchor, at, subject),
    instances: [resource.id],
    data: { resource: resource.id, resourceType: resource.type, variant: scope.variant, ...data },
    subject: { kind: 'resource', file: resource.location.file, anchor },
  };
}

/**
 * A rendered resource's identity in the source: the text of the line that declares it
 * ('LogsBucket', 'DeployBucket{{ loop.index }}'; a Terraform block's address). Stable when lines
 * shift and shared by the resources a loop renders from that line.
 */
export function resourceAnchor(scope: Pick<RenderScope, 'lineText'>, resource: IacResource): string {
  // Terraform is not rendered: its block address is the identity.
  if (resource.language === 'terraform') return resource.id;
  const text = scope.lineText(resource.location.file, resource.location.line).trim().replace(/\s*\{\s*$/, '').replace(/:\s*$/, '');
  return text || resource.id;
}
