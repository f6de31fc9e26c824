/**
 * Environments, services (with their pipeline), service instances and components: each listed,
 * then fetched for what only the Get carries (specs, pipeline, repository and role fields).
 * Service instances are listed once for the whole account, not once per service.
 */
import {
  GetComponentCommand,
  GetEnvironmentCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  paginateListComponents,
  paginateListEnvironments,
  paginateListServiceInstances,
  paginateListServices,
} from '@aws-sdk/client-proton';
import type { Component, Environment, Service, ServiceInstance } from '../../model/index.ts';
import { mergeRecord } from '../../snapshot/normalize/proton.ts';
import { pager, type ProtonContext } from './context.ts';
import { listThenGet, type ListGetResult } from './list-get.ts';

export function collectEnvironments(ctx: ProtonContext): Promise<ListGetResult<Environment>> {
  return listThenGet(ctx, {
    type: 'environments',
    list: 'ListEnvironments',
    pages: () => paginateListEnvironments(pager(ctx), { maxResults: ctx.pageSize }),
    pick: (p) => p.environments,
    get: 'GetEnvironment',
    fetch: async (s) => (await ctx.client.send(new GetEnvironmentCommand({ name: s.name ?? '' }))).environment,
    merge: (s, d) => mergeRecord<Environment>(s, d),
  });
}

export function collectServices(ctx: ProtonContext): Promise<ListGetResult<Service>> {
  return listThenGet(ctx, {
    type: 'services',
    list: 'ListServices',
    pages: () => paginateListServices(pager(ctx), { maxResults: ctx.pageSize }),
    pick: (p) => p.services,
    get: 'GetService',
    fetch: async (s) => (await ctx.client.send(new GetServiceCommand({ name: s.name ?? '' }))).service,
    merge: (s, d) => mergeRecord<Service>(s, d),
  });
}

export function collectServiceInstances(ctx: ProtonContext): Promise<ListGetResult<ServiceInstance>> {
  return listThenGet(ctx, {
    type: 'serviceInstances',
    list: 'ListServiceInstances',
    pages: () => paginateListServiceInstances(pager(ctx), { maxResults: ctx.pageSize }),
    pick: (p) => p.serviceInstances,
    get: 'GetServiceInstance',
    fetch: async (s) =>
      (await ctx.client.send(new GetServiceInstanceCommand({ name: s.name ?? '', serviceName: s.serviceName ?? '' }))).serviceInstance,
    merge: (s, d) => mergeRecord<ServiceInstance>(s, d),
  });
}

export function collectComponents(ctx: ProtonContext): Promise<ListGetResult<Component>> {
  return listThenGet(ctx, {
    type: 'components',
    list: 'ListComponents',
    pages: () => paginateListComponents(pager(ctx), { maxResults: ctx.pageSize }),
    pick: (p) => p.components,
    get: 'GetComponent',
    fetch: async (s) => (await ctx.client.send(new GetComponentCommand({ name: s.name ?? '' }))).component,
    merge: (s, d) => mergeRecord<Component>(s, d),
  });
}
