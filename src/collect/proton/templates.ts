/**
 * Environment and service templates with every version. The version list without a major
 * version returns one entry per major; each major is then listed for its minors (the Proton API
 * model), and each version's Get adds the schema (and, for service templates, the compatible
 * environment templates and component sources).
 */
import {
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceTemplateCommand,
  GetServiceTemplateVersionCommand,
  paginateListEnvironmentTemplates,
  paginateListEnvironmentTemplateVersions,
  paginateListServiceTemplates,
  paginateListServiceTemplateVersions,
  type EnvironmentTemplateVersionSummary,
  type ServiceTemplateVersionSummary,
} from '@aws-sdk/client-proton';
import type {
  EnvironmentTemplate,
  EnvironmentTemplateVersion,
  ServiceTemplate,
  ServiceTemplateVersion,
} from '../../model/index.ts';
import { listAll } from '../call.ts';
import { mergeRecord, serviceTemplateVersionFrom } from '../../snapshot/normalize/proton.ts';
import { uniqueBy } from '../../snapshot/normalize/plain.ts';
import { pager, type ProtonContext } from './context.ts';
import { detailOf } from './list-get.ts';

export interface TemplatesResult<T, V> {
  templates: T[];
  versions: V[];
  /** The template list answered at least partly (dependent operations were attempted). */
  listed: boolean;
}

export async function collectEnvironmentTemplates(ctx: ProtonContext): Promise<TemplatesResult<EnvironmentTemplate, EnvironmentTemplateVersion>> {
  const listed = await listAll(
    ctx.scope,
    'proton',
    'ListEnvironmentTemplates',
    () => paginateListEnvironmentTemplates(pager(ctx), { maxResults: ctx.pageSize }),
    (p) => p.templates,
  );
  const perTemplate = await Promise.all(
    listed.items.map(async (summary) => {
      const name = summary.name ?? '';
      const [detail, versions] = await Promise.all([
        detailOf(ctx, 'environmentTemplates', summary, 'GetEnvironmentTemplate', summary.arn ?? name, async () =>
          (await ctx.client.send(new GetEnvironmentTemplateCommand({ name }))).environmentTemplate,
        ),
        environmentTemplateVersions(ctx, name),
      ]);
      return {
        template: mergeRecord<EnvironmentTemplate>(summary, detail),
        versions,
      };
    }),
  );
  return { templates: perTemplate.map((t) => t.template), versions: perTemplate.flatMap((t) => t.versions), listed: listed.complete || listed.items.length > 0 };
}

async function environmentTemplateVersions(ctx: ProtonContext, templateName: string): Promise<EnvironmentTemplateVersion[]> {
  const summaries = await versionSummaries<EnvironmentTemplateVersionSummary>(ctx, 'ListEnvironmentTemplateVersions', templateName, (majorVersion) =>
    paginateListEnvironmentTemplateVersions(pager(ctx), { templateName, maxResults: ctx.pageSize, ...(majorVersion ? { majorVersion } : {}) }),
  );
  return Promise.all(
    summaries.map(async (s) => {
      const detail = await detailOf(
        ctx,
        'environmentTemplateVersions',
        s,
        'GetEnvironmentTemplateVersion',
        s.arn ?? `${templateName}:${s.majorVersion}.${s.minorVersion}`,
        async () =>
          (
            await ctx.client.send(
              new GetEnvironmentTemplateVersionCommand({ templateName, majorVersion: s.majorVersion ?? '', minorVersion: s.minorVersion ?? '' }),
            )
          ).environmentTemplateVersion,
      );
      return mergeRecord<EnvironmentTemplateVersion>(s, detail);
    }),
  );
}

export async function collectServiceTemplates(ctx: ProtonContext): Promise<TemplatesResult<ServiceTemplate, ServiceTemplateVersion>> {
  const listed = await listAll(
    ctx.scope,
    'proton',
    'ListServiceTemplates',
    () => paginateListServiceTemplates(pager(ctx), { maxResults: ctx.pageSize }),
    (p) => p.templates,
  );
  const perTemplate = await Promise.all(
    listed.items.map(async (summary) => {
      const name = summary.name ?? '';
      const [detail, versions] = await Promise.all([
        detailOf(ctx, 'serviceTemplates', summary, 'GetServiceTemplate', summary.arn ?? name, async () =>
          (await ctx.client.send(new GetServiceTemplateCommand({ name }))).serviceTemplate,
        ),
        serviceTemplateVersions(ctx, name),
      ]);
      return {
        template: mergeRecord<ServiceTemplate>(summary, detail),
        versions,
      };
    }),
  );
  return { templates: perTemplate.map((t) => t.template), versions: perTemplate.flatMap((t) => t.versions), listed: listed.complete || listed.items.length > 0 };
}

async function serviceTemplateVersions(ctx: ProtonContext, templateName: string): Promise<ServiceTemplateVersion[]> {
  const summaries = await versionSummaries<ServiceTemplateVersionSummary>(ctx, 'ListServiceTemplateVersions', templateName, (majorVersion) =>
    paginateListServiceTemplateVersions(pager(ctx), { templateName, maxResults: ctx.pageSize, ...(majorVersion ? { majorVersion } : {}) }),
  );
  return Promise.all(
    summaries.map(async (s) => {
      const detail = await detailOf(
        ctx,
        'serviceTemplateVersions',
        s,
        'GetServiceTemplateVersion',
        s.arn ?? `${templateName}:${s.majorVersion}.${s.minorVersion}`,
        async () =>
          (await ctx.client.send(new GetServiceTemplateVersionCommand({ templateName, majorVersion: s.majorVersion ?? '', minorVersion: s.minorVersion ?? '' })))
            .serviceTemplateVersion,
      );
      return serviceTemplateVersionFrom(s, detail);
    }),
  );
}

interface VersionSummary {
  arn?: string | undefined;
  majorVersion?: string | undefined;
  minorVersion?: string | undefined;
}

/**
 * Every version of one template: the list without a major gives the majors, then each major is
 * listed for its minors. Entries are keyed by arn (or major.minor) so a server that already
 * returns every minor in the first list costs no duplicates.
 */
async function versionSummaries<S extends VersionSummary>(
  ctx: ProtonContext,
  operation: string,
  templateName: string,
  pages: (majorVersion?: string) => AsyncIterable<{ templateVersions?: S[] | undefined }>,
): Promise<S[]> {
  const majors = await listAll(ctx.scope, 'proton', operation, () => pages(), (p) => p.templateVersions);
  const majorNames = [...new Set(majors.items.map((v) => v.majorVersion).filter((m): m is string => typeof m === 'string' && m !== ''))].sort();
  const minors = await Promise.all(
    majorNames.map((major) => listAll(ctx.scope, 'proton', operation, () => pages(major), (p) => p.templateVersions)),
  );
  const key = (v: S): string => v.arn ?? `${templateName}:${v.majorVersion}.${v.minorVersion}`;
  // Minor listings first: they are the authoritative per-version entries.
  return uniqueBy([...minors.flatMap((m) => m.items), ...majors.items], key);
}
