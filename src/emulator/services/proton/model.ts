/**
 * The slice of the Proton API model (2020-07-20) the emulator serves: each read operation's
 * input with its constraints, and the members of each output shape, detail and summary, so list
 * operations drop exactly what the API's *Summary shapes drop.
 */
import { int, list, str, struct, type Shape } from '../../shape.ts';

const resourceName = str({ min: 1, max: 100, pattern: /^[0-9A-Za-z]+[0-9A-Za-z_-]*$/ });
const versionPart = str({ min: 1, max: 20, pattern: /^(0|([1-9]{1}\d{0,19}))$/ });
const nextToken = str({ pattern: /^[A-Za-z0-9+=/]+$/ });
const maxResults = int(1, 100);
const arn = str({ min: 1, max: 200, pattern: /^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\d{12}:([\w+=,.@-]+[/:])*[\w+=,.@-]+$/ });
const connectionId = str({ pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ });

export const ENUMS = {
  requestedBy: ['MANAGEMENT_ACCOUNT', 'ENVIRONMENT_ACCOUNT'],
  connectionStatus: ['PENDING', 'CONNECTED', 'REJECTED'],
  repositoryProvider: ['GITHUB', 'GITHUB_ENTERPRISE', 'BITBUCKET'],
  instanceFilterBy: [
    'name', 'deploymentStatus', 'templateName', 'serviceName', 'deployedTemplateVersionStatus', 'environmentName',
    'lastDeploymentAttemptedAtBefore', 'lastDeploymentAttemptedAtAfter', 'createdAtBefore', 'createdAtAfter',
  ],
  instanceSortBy: ['name', 'deploymentStatus', 'templateName', 'serviceName', 'environmentName', 'lastDeploymentAttemptedAt', 'createdAt'],
  sortOrder: ['ASCENDING', 'DESCENDING'],
} as const;

const paged = (name: string, members: Record<string, Shape> = {}, required: string[] = []) =>
  struct(name, { nextToken, maxResults, ...members }, required);

export const INPUTS = {
  GetAccountSettings: struct('GetAccountSettingsInput', {}),
  ListEnvironmentTemplates: paged('ListEnvironmentTemplatesInput'),
  GetEnvironmentTemplate: struct('GetEnvironmentTemplateInput', { name: resourceName }, ['name']),
  ListEnvironmentTemplateVersions: paged('ListEnvironmentTemplateVersionsInput', { templateName: resourceName, majorVersion: versionPart }, ['templateName']),
  GetEnvironmentTemplateVersion: struct(
    'GetEnvironmentTemplateVersionInput',
    { templateName: resourceName, majorVersion: versionPart, minorVersion: versionPart },
    ['templateName', 'majorVersion', 'minorVersion'],
  ),
  ListServiceTemplates: paged('ListServiceTemplatesInput'),
  GetServiceTemplate: struct('GetServiceTemplateInput', { name: resourceName }, ['name']),
  ListServiceTemplateVersions: paged('ListServiceTemplateVersionsInput', { templateName: resourceName, majorVersion: versionPart }, ['templateName']),
  GetServiceTemplateVersion: struct(
    'GetServiceTemplateVersionInput',
    { templateName: resourceName, majorVersion: versionPart, minorVersion: versionPart },
    ['templateName', 'majorVersion', 'minorVersion'],
  ),
  ListEnvironments: paged('ListEnvironmentsInput', {
    environmentTemplates: list(struct('EnvironmentTemplateFilter', { templateName: resourceName, majorVersion: versionPart }, ['templateName', 'majorVersion'])),
  }),
  GetEnvironment: struct('GetEnvironmentInput', { name: resourceName }, ['name']),
  ListServices: paged('ListServicesInput'),
  GetService: struct('GetServiceInput', { name: resourceName }, ['name']),
  ListServiceInstances: paged('ListServiceInstancesInput', {
    serviceName: resourceName,
    filters: list(struct('ListServiceInstancesFilter', { key: str({ enum: ENUMS.instanceFilterBy }), value: str() })),
    sortBy: str({ enum: ENUMS.instanceSortBy }),
    sortOrder: str({ enum: ENUMS.sortOrder }),
  }),
  GetServiceInstance: struct('GetServiceInstanceInput', { name: resourceName, serviceName: resourceName }, ['name', 'serviceName']),
  ListComponents: paged('ListComponentsInput', { environmentName: resourceName, serviceName: resourceName, serviceInstanceName: resourceName }),
  GetComponent: struct('GetComponentInput', { name: resourceName }, ['name']),
  ListEnvironmentAccountConnections: paged(
    'ListEnvironmentAccountConnectionsInput',
    { requestedBy: str({ enum: ENUMS.requestedBy }), environmentName: resourceName, statuses: list(str({ enum: ENUMS.connectionStatus })) },
    ['requestedBy'],
  ),
  GetEnvironmentAccountConnection: struct('GetEnvironmentAccountConnectionInput', { id: connectionId }, ['id']),
  ListRepositories: paged('ListRepositoriesInput'),
  GetRepository: struct(
    'GetRepositoryInput',
    { provider: str({ enum: ENUMS.repositoryProvider }), name: str({ min: 1, max: 100, pattern: /[A-Za-z0-9_.-].*\/[A-Za-z0-9_.-].*/ }) },
    ['provider', 'name'],
  ),
  GetResourcesSummary: struct('GetResourcesSummaryInput', {}),
  ListTagsForResource: struct('ListTagsForResourceInput', { resourceArn: arn, nextToken: str(), maxResults }, ['resourceArn']),
} as const;

export type ProtonOperation = keyof typeof INPUTS;

// ---------------------------------------------------------------- output members, in model order

const REPOSITORY_BRANCH = ['arn', 'provider', 'name', 'branch'] as const;

const without = (members: readonly string[], drop: readonly string[]) => members.filter((m) => !drop.includes(m));

const ENVIRONMENT_TEMPLATE = ['name', 'arn', 'createdAt', 'lastModifiedAt', 'displayName', 'description', 'recommendedVersion', 'encryptionKey', 'provisioning'];
const SERVICE_TEMPLATE = ['name', 'arn', 'createdAt', 'lastModifiedAt', 'displayName', 'description', 'recommendedVersion', 'encryptionKey', 'pipelineProvisioning'];
const ENVIRONMENT_TEMPLATE_VERSION = [
  'templateName', 'majorVersion', 'minorVersion', 'status', 'arn', 'createdAt', 'lastModifiedAt', 'recommendedMinorVersion', 'statusMessage',
  'description', 'schema',
];
const SERVICE_TEMPLATE_VERSION = [...ENVIRONMENT_TEMPLATE_VERSION.slice(0, 7), 'compatibleEnvironmentTemplates', ...ENVIRONMENT_TEMPLATE_VERSION.slice(7), 'supportedComponentSources'];
const ENVIRONMENT = [
  'name', 'createdAt', 'lastDeploymentAttemptedAt', 'lastDeploymentSucceededAt', 'arn', 'templateName', 'templateMajorVersion', 'templateMinorVersion',
  'deploymentStatus', 'description', 'deploymentStatusMessage', 'protonServiceRoleArn', 'environmentAccountConnectionId', 'environmentAccountId', 'spec',
  'provisioning', 'provisioningRepository', 'componentRoleArn', 'codebuildRoleArn', 'lastAttemptedDeploymentId', 'lastSucceededDeploymentId',
];
const PIPELINE = [
  'arn', 'createdAt', 'lastDeploymentAttemptedAt', 'lastDeploymentSucceededAt', 'templateName', 'templateMajorVersion', 'templateMinorVersion',
  'deploymentStatus', 'deploymentStatusMessage', 'spec', 'lastAttemptedDeploymentId', 'lastSucceededDeploymentId',
];
const SERVICE = [
  'name', 'arn', 'templateName', 'createdAt', 'lastModifiedAt', 'status', 'spec', 'description', 'statusMessage', 'pipeline', 'repositoryConnectionArn',
  'repositoryId', 'branchName',
];
const SERVICE_INSTANCE = [
  'name', 'arn', 'createdAt', 'lastDeploymentAttemptedAt', 'lastDeploymentSucceededAt', 'serviceName', 'environmentName', 'templateName',
  'templateMajorVersion', 'templateMinorVersion', 'deploymentStatus', 'deploymentStatusMessage', 'spec', 'lastClientRequestToken',
  'lastAttemptedDeploymentId', 'lastSucceededDeploymentId',
];
const COMPONENT = [
  'name', 'arn', 'environmentName', 'createdAt', 'lastModifiedAt', 'deploymentStatus', 'description', 'serviceName', 'serviceInstanceName',
  'lastDeploymentAttemptedAt', 'lastDeploymentSucceededAt', 'deploymentStatusMessage', 'serviceSpec', 'lastClientRequestToken',
  'lastAttemptedDeploymentId', 'lastSucceededDeploymentId',
];
const CONNECTION = [
  'id', 'arn', 'managementAccountId', 'environmentAccountId', 'roleArn', 'environmentName', 'requestedAt', 'lastModifiedAt', 'status',
  'componentRoleArn', 'codebuildRoleArn',
];
const REPOSITORY = ['arn', 'provider', 'name', 'connectionArn', 'encryptionKey'];

export const OUTPUT = {
  accountSettings: ['pipelineServiceRoleArn', 'pipelineProvisioningRepository', 'pipelineCodebuildRoleArn'],
  repositoryBranch: REPOSITORY_BRANCH,
  environmentTemplate: ENVIRONMENT_TEMPLATE,
  environmentTemplateSummary: without(ENVIRONMENT_TEMPLATE, ['encryptionKey']),
  serviceTemplate: SERVICE_TEMPLATE,
  serviceTemplateSummary: without(SERVICE_TEMPLATE, ['encryptionKey']),
  environmentTemplateVersion: ENVIRONMENT_TEMPLATE_VERSION,
  environmentTemplateVersionSummary: without(ENVIRONMENT_TEMPLATE_VERSION, ['schema']),
  serviceTemplateVersion: SERVICE_TEMPLATE_VERSION,
  serviceTemplateVersionSummary: without(SERVICE_TEMPLATE_VERSION, ['schema', 'compatibleEnvironmentTemplates', 'supportedComponentSources']),
  environment: ENVIRONMENT,
  environmentSummary: without(ENVIRONMENT, ['spec', 'provisioningRepository', 'codebuildRoleArn']),
  service: SERVICE,
  serviceSummary: without(SERVICE, ['spec', 'pipeline', 'repositoryConnectionArn', 'repositoryId', 'branchName']),
  pipeline: PIPELINE,
  serviceInstance: SERVICE_INSTANCE,
  serviceInstanceSummary: without(SERVICE_INSTANCE, ['spec', 'lastClientRequestToken']),
  component: COMPONENT,
  componentSummary: without(COMPONENT, ['description', 'serviceSpec', 'lastClientRequestToken']),
  environmentAccountConnection: CONNECTION,
  environmentAccountConnectionSummary: without(CONNECTION, ['codebuildRoleArn']),
  repository: REPOSITORY,
  repositorySummary: without(REPOSITORY, ['encryptionKey']),
} as const;

/** Members whose values are timestamps (sent as epoch seconds). */
export const TIMESTAMP_MEMBERS = new Set(['createdAt', 'lastModifiedAt', 'lastDeploymentAttemptedAt', 'lastDeploymentSucceededAt', 'requestedAt']);
