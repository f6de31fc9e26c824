/**
 * CloudFormation and CodeBuild outputs → snapshot shapes: timestamps as ISO strings, tags
 * sorted, everything else AWS returned kept. Shared by live collection and import.
 */
import type { CodeBuildProject, Stack } from '../../model/index.ts';
import { plainRecord, sortBy } from './plain.ts';
import { sortTags } from './tagging.ts';

/** A DescribeStacks Stack (or, when the Describe failed, the ListStacks summary). */
export function stackFrom(raw: object): Stack | undefined {
  const plain = plainRecord<Record<string, unknown>>(raw);
  if (typeof plain.StackId !== 'string' || typeof plain.StackName !== 'string' || typeof plain.StackStatus !== 'string') return undefined;
  const stack = plain as unknown as Stack;
  if (Array.isArray(plain.Tags)) stack.Tags = sortTags(plain.Tags as Array<{ Key?: string; Value?: string }>);
  if (Array.isArray(plain.Outputs)) stack.Outputs = sortBy(plain.Outputs as NonNullable<Stack['Outputs']>, (o) => o.OutputKey ?? '');
  return stack;
}

/** A BatchGetProjects Project. */
export function projectFrom(raw: object): CodeBuildProject | undefined {
  const plain = plainRecord<Record<string, unknown>>(raw);
  if (typeof plain.name !== 'string' || typeof plain.arn !== 'string') return undefined;
  const project = plain as unknown as CodeBuildProject;
  if (Array.isArray(plain.tags)) project.tags = sortBy(plain.tags as NonNullable<CodeBuildProject['tags']>, (t) => t.key ?? '');
  return project;
}
