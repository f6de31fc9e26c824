/**
 * The Proton API operations, in one place: what the collector calls (and the import reads), what
 * depends on what, and which operations a resource type's data is built from.
 */
import type { ResourceType } from '../model/index.ts';

/** Every Proton operation the collector may call, in the order a reader expects. */
export const PROTON_OPERATIONS = [
  'GetAccountSettings',
  'ListEnvironmentTemplates',
  'GetEnvironmentTemplate',
  'ListEnvironmentTemplateVersions',
  'GetEnvironmentTemplateVersion',
  'ListServiceTemplates',
  'GetServiceTemplate',
  'ListServiceTemplateVersions',
  'GetServiceTemplateVersion',
  'ListEnvironments',
  'GetEnvironment',
  'ListServices',
  'GetService',
  'ListServiceInstances',
  'GetServiceInstance',
  'ListComponents',
  'GetComponent',
  'ListEnvironmentAccountConnections',
  'GetEnvironmentAccountConnection',
  'ListRepositories',
  'GetRepository',
  'GetResourcesSummary',
] as const;
export type ProtonOperation = (typeof PROTON_OPERATIONS)[number];

/** Operations that are only tried for what their list returned. */
export const PROTON_DEPENDENTS: Readonly<Partial<Record<ProtonOperation, readonly ProtonOperation[]>>> = {
  ListEnvironmentTemplates: ['GetEnvironmentTemplate', 'ListEnvironmentTemplateVersions', 'GetEnvironmentTemplateVersion'],
  ListServiceTemplates: ['GetServiceTemplate', 'ListServiceTemplateVersions', 'GetServiceTemplateVersion'],
  ListEnvironments: ['GetEnvironment'],
  ListServices: ['GetService'],
  ListServiceInstances: ['GetServiceInstance'],
  ListComponents: ['GetComponent'],
  ListEnvironmentAccountConnections: ['GetEnvironmentAccountConnection'],
  ListRepositories: ['GetRepository'],
};

/** The calls that answer for a whole region: the account settings probe and every listing. Sorted. */
export const PROTON_REGION_OPERATIONS: readonly ProtonOperation[] = ['GetAccountSettings' as const, ...PROTON_OPERATIONS.filter((o) => o.startsWith('List'))].sort();

const ENV_TEMPLATE_OPS = ['ListEnvironmentTemplates', 'GetEnvironmentTemplate', 'ListEnvironmentTemplateVersions', 'GetEnvironmentTemplateVersion'] as const;
const SVC_TEMPLATE_OPS = ['ListServiceTemplates', 'GetServiceTemplate', 'ListServiceTemplateVersions', 'GetServiceTemplateVersion'] as const;
const ROLE_NAMING_OPS = ['GetAccountSettings', 'ListEnvironments', 'GetEnvironment', 'ListEnvironmentAccountConnections', 'GetEnvironmentAccountConnection'] as const;

/**
 * The Proton operations whose data a resource type's view and facts are built from. An operation
 * outside this list failing (say ListRepositories) does not make environment rules skip.
 */
export const OPERATIONS_BY_TYPE: Readonly<Record<ResourceType, readonly ProtonOperation[]>> = {
  account: ['GetAccountSettings', 'ListEnvironments', 'ListServices', 'ListServiceInstances'],
  environmentTemplate: ['ListEnvironmentTemplates', 'GetEnvironmentTemplate'],
  environmentTemplateVersion: ENV_TEMPLATE_OPS,
  serviceTemplate: ['ListServiceTemplates', 'GetServiceTemplate'],
  serviceTemplateVersion: SVC_TEMPLATE_OPS,
  environment: ['ListEnvironments', 'GetEnvironment', ...ENV_TEMPLATE_OPS],
  service: ['ListServices', 'GetService', 'ListServiceInstances'],
  servicePipeline: ['ListServices', 'GetService', ...SVC_TEMPLATE_OPS],
  serviceInstance: ['ListServiceInstances', 'GetServiceInstance', 'ListServices', 'ListEnvironments', ...SVC_TEMPLATE_OPS],
  component: ['ListComponents', 'GetComponent'],
  environmentAccountConnection: ['ListEnvironmentAccountConnections', 'GetEnvironmentAccountConnection'],
  repository: ['ListRepositories', 'GetRepository'],
  role: ROLE_NAMING_OPS,
  managedPolicy: ROLE_NAMING_OPS,
  provisionedResource: ['ListEnvironments', 'ListServices', 'ListServiceInstances'],
  // Scanned files: no AWS operation behind them.
  templateRepository: [],
  templateBundle: [],
  templateSpec: [],
  iacResource: [],
  // Only the owner check needs Proton: do the environments, services and instances its tags name exist.
  stack: ['ListEnvironments', 'ListServices', 'ListServiceInstances'],
};

/** The listing operations whose failure hides every resource of a type in a region. */
export const LISTING_OPERATIONS_BY_TYPE: Readonly<Partial<Record<ResourceType, readonly ProtonOperation[]>>> = {
  environmentTemplate: ['ListEnvironmentTemplates'],
  environmentTemplateVersion: ['ListEnvironmentTemplates', 'ListEnvironmentTemplateVersions'],
  serviceTemplate: ['ListServiceTemplates'],
  serviceTemplateVersion: ['ListServiceTemplates', 'ListServiceTemplateVersions'],
  environment: ['ListEnvironments'],
  service: ['ListServices'],
  servicePipeline: ['ListServices'],
  serviceInstance: ['ListServiceInstances'],
  component: ['ListComponents'],
  environmentAccountConnection: ['ListEnvironmentAccountConnections'],
  repository: ['ListRepositories'],
};

/** What the collector reads of the CloudFormation stacks Proton created (never DetectStackDrift: not a read). */
export const CLOUDFORMATION_OPERATIONS = ['ListStacks', 'DescribeStacks'] as const;

/** What the collector reads of the CodeBuild projects Proton created. */
export const CODEBUILD_OPERATIONS = ['ListProjects', 'BatchGetProjects'] as const;
