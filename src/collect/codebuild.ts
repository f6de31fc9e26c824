/**
 * The CodeBuild projects AWS Proton created for CodeBuild provisioning, per region: their
 * service roles are Proton's CodeBuild provisioning roles, found here without asking Proton.
 *   1. ListProjects: project names, 100 a page.
 *   2. BatchGetProjects for the names starting with `AWSProton-`, 100 names a call (the API's
 *      maximum): name, arn, serviceRole, times, tags.
 */
import { BatchGetProjectsCommand, paginateListProjects, type CodeBuildClient } from '@aws-sdk/client-codebuild';
import { isProtonProjectName } from '../knowledge/signatures.ts';
import type { CodeBuildData, CodeBuildProject } from '../model/index.ts';
import { callOnce, listAll, type Scope } from './call.ts';
import { projectFrom } from '../snapshot/normalize/cloudformation.ts';
import { sortBy } from '../snapshot/normalize/plain.ts';

/** BatchGetProjects takes at most 100 names. */
const BATCH = 100;


/** Undefined when the listing failed (coverage says why). */
export async function collectProjects(client: CodeBuildClient, scope: Scope): Promise<CodeBuildData | undefined> {
  const listed = await listAll<{ projects?: string[] }, string>(
    scope,
    'codebuild',
    'ListProjects',
    () => paginateListProjects({ client }, { sortBy: 'NAME', sortOrder: 'ASCENDING' }),
    (page) => page.projects,
  );
  if (!listed.complete) {
    scope.coverage.unavailable(scope.region, 'codebuild', 'BatchGetProjects', 'NotAttempted', 'not called: ListProjects failed');
    return undefined;
  }
  const names = [...new Set(listed.items.filter(isProtonProjectName))].sort();
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += BATCH) batches.push(names.slice(i, i + BATCH));

  const projects: CodeBuildProject[] = [];
  await Promise.all(
    batches.map(async (batch) => {
      const got = await callOnce(scope, 'codebuild', 'BatchGetProjects', () => client.send(new BatchGetProjectsCommand({ names: batch })));
      if (!got.ok) {
        // One call for many projects: each is listed, so what depends on them skips exactly those.
        for (const name of batch) scope.coverage.failedResource(scope.region, 'codebuild', 'BatchGetProjects', name);
        return;
      }
      // projectsNotFound: deleted between the listing and the batch, nothing left to audit.
      for (const raw of got.value.projects ?? []) {
        const p = projectFrom(raw);
        if (p) projects.push(p);
      }
    }),
  );
  return { projects: sortBy(projects, (p) => p.arn) };
}
