/**
 * The CloudFormation stacks AWS Proton created, per region: they keep running after Proton was
 * retired, and nobody manages them any more. Read-only, two operations:
 *   1. ListStacks (every status but DELETE_COMPLETE): the names and ids of every stack, in large
 *      pages and without their outputs — so the outputs of stacks Proton did not create are
 *      never fetched.
 *   2. DescribeStacks (StackName = the stack id) for each Proton stack: status, RoleARN,
 *      EnableTerminationProtection, DriftInformation (from the last detection; a detection is
 *      never started — DetectStackDrift is not a read), times, outputs and tags.
 * A stack is Proton's when its name starts with `AWSProton-` (how Proton names the stacks it
 * deploys) or the Tagging API found it with a `proton:*` tag.
 */
import { DescribeStacksCommand, paginateListStacks, type CloudFormationClient, type StackSummary } from '@aws-sdk/client-cloudformation';
import { isProtonStack } from '../knowledge/signatures.ts';
import type { CloudFormationData, Stack } from '../model/index.ts';
import { callOnce, listAll, type Scope } from './call.ts';
import { stackFrom } from '../snapshot/normalize/cloudformation.ts';
import { sortBy } from '../snapshot/normalize/plain.ts';

/** Every StackStatus but DELETE_COMPLETE: a deleted stack runs nothing. */
export const LISTED_STACK_STATUSES = [
  'CREATE_IN_PROGRESS', 'CREATE_FAILED', 'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS', 'ROLLBACK_FAILED', 'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS', 'DELETE_FAILED',
  'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS',
  'IMPORT_IN_PROGRESS', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_COMPLETE',
] as const;


export interface StacksInput {
  client: CloudFormationClient;
  scope: Scope;
  /**
   * ARNs the Tagging API found with proton:* tags; undefined when tagging was not collected
   * (then only names select, and the log says so).
   */
  taggedArns: Promise<ReadonlySet<string> | undefined>;
  log: (line: string) => void;
}

/** Undefined when the listing failed (coverage says why): a partial list would hide stacks. */
export async function collectStacks(input: StacksInput): Promise<CloudFormationData | undefined> {
  const { client, scope } = input;
  const listed = await listAll<{ StackSummaries?: StackSummary[] }, StackSummary>(
    scope,
    'cloudformation',
    'ListStacks',
    () => paginateListStacks({ client }, { StackStatusFilter: [...LISTED_STACK_STATUSES] }),
    (page) => page.StackSummaries,
  );
  if (!listed.complete) {
    scope.coverage.unavailable(scope.region, 'cloudformation', 'DescribeStacks', 'NotAttempted', 'not called: ListStacks failed');
    return undefined;
  }
  const tagged = await input.taggedArns;
  if (tagged === undefined) input.log(`CloudFormation in ${scope.region}: tags were not collected, so only stacks named AWSProton-* are taken as Proton's.`);
  const wanted = listed.items.filter((s) => isProtonStack(s, tagged ?? new Set()));

  const stacks: Stack[] = [];
  await Promise.all(
    wanted.map(async (summary) => {
      const id = summary.StackId ?? summary.StackName ?? '';
      const described = await callOnce(scope, 'cloudformation', 'DescribeStacks', () => client.send(new DescribeStacksCommand({ StackName: id })), id);
      const full = described.ok ? described.value.Stacks?.[0] : undefined;
      // A failed Describe keeps what the listing said, as the Proton collectors keep summaries.
      const record = stackFrom(full ?? summary);
      if (record) stacks.push(record);
    }),
  );
  return { stacks: sortBy(stacks, (s) => s.StackId) };
}
