/**
 * CloudFormation's read operations proton-audit uses, over a region's estate stacks: ListStacks
 * (status filter, pages of 100 with NextToken) and DescribeStacks (one stack by name or id, or
 * every stack a page at a time). AWS query protocol, as CloudFormation speaks it.
 */
import { ApiError } from '../api-error.ts';
import { toDate } from '../derive.ts';
import type { StackRecord } from '../estate.ts';
import type { XmlValue } from '../http/render.ts';
import { paginate, queryDigest } from '../paging.ts';
import { str } from '../shape.ts';
import type { CallContext } from './context.ts';
import type { ParamRule, QueryOperation, QueryService } from './query.ts';

const STATUSES = [
  'CREATE_IN_PROGRESS', 'CREATE_FAILED', 'CREATE_COMPLETE', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_FAILED', 'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS', 'DELETE_FAILED', 'DELETE_COMPLETE', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_COMPLETE', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE', 'REVIEW_IN_PROGRESS', 'IMPORT_IN_PROGRESS',
  'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_COMPLETE',
] as const;

const nextToken: ParamRule = { shape: str({ min: 1, max: 1024 }) };
const PAGE = 100;

type Stack = StackRecord & { StackId: string };
type Xml = Record<string, XmlValue>;

function stacksOf(ctx: CallContext): Stack[] {
  return ctx.account.regions.get(ctx.region)?.stacks ?? [];
}

function page<T>(op: string, input: Record<string, unknown>, all: readonly T[]): { items: T[]; NextToken?: string } {
  const p = paginate(all, {
    operation: op,
    digest: queryDigest(input, ['NextToken']),
    ...(typeof input.NextToken === 'string' ? { token: input.NextToken } : {}),
    size: PAGE,
    invalid: () => new ApiError('ValidationError', 'Invalid NextToken: it was not returned by a previous call.'),
  });
  return { items: p.items, ...(p.next ? { NextToken: p.next } : {}) };
}

const drift = (s: Stack): Xml => ({
  StackDriftStatus: s.DriftInformation?.StackDriftStatus ?? 'NOT_CHECKED',
  LastCheckTimestamp: toDate(s.DriftInformation?.LastCheckTimestamp),
});

function summaryXml(s: Stack): Xml {
  return {
    StackId: s.StackId,
    StackName: s.StackName,
    TemplateDescription: s.Description,
    CreationTime: toDate(s.CreationTime),
    LastUpdatedTime: toDate(s.LastUpdatedTime),
    StackStatus: s.StackStatus,
    StackStatusReason: s.StackStatusReason,
    DriftInformation: drift(s),
  };
}

function stackXml(s: Stack): Xml {
  return {
    StackId: s.StackId,
    StackName: s.StackName,
    Description: s.Description,
    Parameters: (s.Parameters ?? []).map((p) => ({ ParameterKey: p.ParameterKey, ParameterValue: p.ParameterValue })),
    CreationTime: toDate(s.CreationTime),
    LastUpdatedTime: toDate(s.LastUpdatedTime),
    StackStatus: s.StackStatus,
    StackStatusReason: s.StackStatusReason,
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: s.Capabilities ?? [],
    Outputs: (s.Outputs ?? []).map((o) => ({ OutputKey: o.OutputKey, OutputValue: o.OutputValue, Description: o.Description, ExportName: o.ExportName })),
    RoleARN: s.RoleARN,
    Tags: (s.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    EnableTerminationProtection: s.EnableTerminationProtection ?? false,
    DriftInformation: drift(s),
  };
}

const operations: Record<string, QueryOperation> = {
  ListStacks: {
    params: { NextToken: nextToken, StackStatusFilter: { shape: str({ enum: STATUSES }), list: true } },
    handle: (i, ctx) => {
      const filter = Array.isArray(i.StackStatusFilter) && i.StackStatusFilter.length > 0 ? new Set(i.StackStatusFilter as string[]) : undefined;
      const p = page('ListStacks', i, stacksOf(ctx).filter((s) => !filter || filter.has(s.StackStatus)));
      return { StackSummaries: p.items.map(summaryXml), NextToken: p.NextToken };
    },
  },
  DescribeStacks: {
    params: { StackName: { shape: str({ min: 1 }) }, NextToken: nextToken },
    handle: (i, ctx) => {
      if (typeof i.StackName === 'string') {
        const name = i.StackName;
        // By id any stack, deleted ones too; by name only a live one (as CloudFormation does).
        const found = stacksOf(ctx).find((s) => s.StackId === name || (s.StackName === name && s.StackStatus !== 'DELETE_COMPLETE'));
        if (!found) throw new ApiError('ValidationError', `Stack with id ${name} does not exist`);
        return { Stacks: [stackXml(found)] };
      }
      const p = page('DescribeStacks', i, stacksOf(ctx).filter((s) => s.StackStatus !== 'DELETE_COMPLETE'));
      return { Stacks: p.items.map(stackXml), NextToken: p.NextToken };
    },
  },
};

export const cloudformationService: QueryService = { namespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/', operations };
