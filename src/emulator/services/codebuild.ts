/**
 * CodeBuild's read operations proton-audit uses, over a region's estate projects (awsJson 1.1):
 * ListProjects (names, sorted, pages of 100 with nextToken) and BatchGetProjects (1–100 names or
 * ARNs; unknown ones come back in projectsNotFound, as CodeBuild does).
 */
import { ApiError } from '../api-error.ts';
import { toDate } from '../derive.ts';
import type { ProjectRecord } from '../estate.ts';
import { paginate, queryDigest } from '../paging.ts';
import { list, str, struct } from '../shape.ts';
import type { CallContext, JsonService } from './context.ts';

type Project = ProjectRecord & { arn: string };

function projectsOf(ctx: CallContext): Project[] {
  return ctx.account.regions.get(ctx.region)?.projects ?? [];
}

const listInput = struct('ListProjectsInput', {
  sortBy: str({ enum: ['NAME', 'CREATED_TIME', 'LAST_MODIFIED_TIME'] }),
  sortOrder: str({ enum: ['ASCENDING', 'DESCENDING'] }),
  nextToken: str({ min: 1 }),
});

const batchInput = struct('BatchGetProjectsInput', { names: list(str({ min: 1, max: 255 }), 1, 100) }, ['names']);

function projectJson(p: Project): Record<string, unknown> {
  const { created, lastModified, ...rest } = p;
  return {
    ...rest,
    ...(created !== undefined ? { created: toDate(created) } : {}),
    ...(lastModified !== undefined ? { lastModified: toDate(lastModified) } : {}),
  };
}

export const codebuildService: JsonService = {
  operations: {
    ListProjects: {
      input: listInput,
      handle: (i, ctx) => {
        const key = i.sortBy === 'CREATED_TIME' ? (p: Project) => String(toDate(p.created)?.getTime() ?? 0).padStart(16, '0') : i.sortBy === 'LAST_MODIFIED_TIME' ? (p: Project) => String(toDate(p.lastModified)?.getTime() ?? 0).padStart(16, '0') : (p: Project) => p.name;
        const sorted = [...projectsOf(ctx)].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        if (i.sortOrder === 'DESCENDING') sorted.reverse();
        const page = paginate(sorted.map((p) => p.name), {
          operation: 'ListProjects',
          digest: queryDigest(i, ['nextToken']),
          ...(typeof i.nextToken === 'string' ? { token: i.nextToken } : {}),
          size: 100,
          invalid: () => new ApiError('InvalidInputException', 'Invalid nextToken'),
        });
        return { projects: page.items, ...(page.next ? { nextToken: page.next } : {}) };
      },
    },
    BatchGetProjects: {
      input: batchInput,
      handle: (i, ctx) => {
        const names = i.names as string[];
        const all = projectsOf(ctx);
        const found: Project[] = [];
        const notFound: string[] = [];
        for (const n of names) {
          const p = all.find((x) => x.name === n || x.arn === n);
          if (p) found.push(p);
          else notFound.push(n);
        }
        return { projects: found.map(projectJson), projectsNotFound: notFound };
      },
    },
  },
  codes: { validation: 'InvalidInputException', accessDenied: 'AccessDeniedException', throttling: 'ThrottlingException', serverError: 'InternalFailure' },
};
