/**
 * Actions whose response carries a credential or a secret value: keys, passwords, tokens, sign-in
 * URLs, secret and SecureString parameter values. Chosen from each action's description in AWS's
 * service reference and the service's API documentation (what the call returns). Left out on
 * purpose: actions that only set a credential (iam:UpdateLoginProfile, ds:ResetUserPassword),
 * actions whose token the client signs itself (rds-db:connect, dsql:DbConnect), sts:GetSessionToken
 * and sts:GetFederationToken (IAM users only, for their own credentials), sts:AssumeRole (whether it
 * works depends on the trust policy, judged by the escalation paths), and kms:Decrypt (data, not a
 * credential). A test checks every name against the data.
 */
export const CREDENTIAL_ACTIONS: ReadonlyArray<{ action: string; returns: string }> = [
  { action: 'appsync:ListApiKeys', returns: 'GraphQL API keys' },
  { action: 'chime:CreateApiKey', returns: 'an API key' },
  { action: 'cloud9:CreateEnvironmentToken', returns: 'a token to open the environment' },
  { action: 'codeartifact:GetAuthorizationToken', returns: 'a repository token' },
  { action: 'cognito-identity:GetCredentialsForIdentity', returns: 'AWS credentials of an identity' },
  { action: 'cognito-identity:GetOpenIdTokenForDeveloperIdentity', returns: 'an OpenID token for any developer identity' },
  { action: 'connect:GetFederationToken', returns: 'a federation token for the Amazon Connect instance' },
  { action: 'ec2:GetPasswordData', returns: 'the encrypted administrator password of Windows instances' },
  { action: 'ecr-public:GetAuthorizationToken', returns: 'a registry token' },
  { action: 'ecr:GetAuthorizationToken', returns: 'a registry token (push and pull wherever ECR permissions allow)' },
  { action: 'gamelift:GetComputeAccess', returns: 'credentials of fleet computes' },
  { action: 'gamelift:GetInstanceAccess', returns: 'credentials to log in to fleet instances' },
  { action: 'gamelift:RequestUploadCredentials', returns: 'upload credentials for a build' },
  { action: 'glue:GetConnection', returns: 'connection properties, passwords included unless hidden' },
  { action: 'glue:GetConnections', returns: 'connection properties, passwords included unless hidden' },
  { action: 'iam:CreateAccessKey', returns: 'a secret access key of an IAM user' },
  { action: 'iam:CreateServiceSpecificCredential', returns: 'a service password of an IAM user' },
  { action: 'iam:ResetServiceSpecificCredential', returns: 'a new service password of an IAM user' },
  { action: 'lightsail:DownloadDefaultKeyPair', returns: 'the default SSH private key' },
  { action: 'lightsail:GetInstanceAccessDetails', returns: 'temporary SSH keys or a password for instances' },
  { action: 'lightsail:GetRelationalDatabaseMasterUserPassword', returns: 'database master passwords' },
  { action: 'mediapackage:RotateIngestEndpointCredentials', returns: 'new ingest endpoint credentials' },
  { action: 'redshift-serverless:GetCredentials', returns: 'temporary database credentials' },
  { action: 'redshift:GetClusterCredentials', returns: 'temporary database credentials for any user' },
  { action: 'redshift:GetClusterCredentialsWithIAM', returns: 'temporary database credentials' },
  { action: 'sagemaker:CreatePresignedDomainUrl', returns: 'a sign-in URL to SageMaker Studio user profiles' },
  { action: 'secretsmanager:GetSecretValue', returns: 'secret values' },
  { action: 'ssm:GetParameter', returns: 'parameter values, SecureString ones decrypted on request' },
  { action: 'ssm:GetParameterHistory', returns: 'past parameter values' },
  { action: 'ssm:GetParameters', returns: 'parameter values, SecureString ones decrypted on request' },
  { action: 'ssm:GetParametersByPath', returns: 'parameter values, SecureString ones decrypted on request' },
];
