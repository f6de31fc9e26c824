/**
 * Rendered infrastructure as the analyses see it: resources with their properties, whatever
 * the language, each element locatable in the source template (the Jinja line for
 * CloudFormation, the .tf line for Terraform).
 */
import type { SourceLocation } from '../core/types.ts';
import type { Segment } from '../yaml/yaml-doc.ts';

export type IacLanguage = 'cloudformation' | 'terraform';

export interface IacResource {
  language: IacLanguage;
  /** CloudFormation logical id, or 'aws_iam_role.task' / 'data.aws_iam_policy_document.x'. */
  id: string;
  /** 'AWS::IAM::Role' or 'aws_iam_role'. */
  type: string;
  /** CloudFormation Properties, or the Terraform block's attributes and nested blocks. */
  properties: Record<string, unknown>;
  /** CloudFormation resource attributes (DeletionPolicy, Condition, ...); Terraform meta-arguments. */
  attributes: Record<string, unknown>;
  /** Where the resource is declared. */
  location: SourceLocation;
  /** Where an element under `properties` is (nearest located ancestor). */
  locate(sub: readonly Segment[]): SourceLocation;
  /** Logical path of an element under `properties`, for SARIF logical locations. */
  logical(sub: readonly Segment[]): string;
}

export interface IacTemplate {
  language: IacLanguage;
  /** Source files (one for CloudFormation). */
  files: string[];
  resources: IacResource[];
  /** Output names the template declares (CloudFormation Outputs, Terraform output blocks). */
  outputs: string[];
  /** The whole document(s): CloudFormation template object; Terraform: one JSON-shaped value per file. */
  documents: Array<{ file: string; value: Record<string, unknown>; locate(path: readonly Segment[]): SourceLocation }>;
  /** False when the render's line map failed its self-check: locations are file-level. */
  exactLines: boolean;
}
