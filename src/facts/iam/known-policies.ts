/**
 * AWS managed policies whose content the verdicts depend on, for when a role names them but the
 * snapshot lacks their document (collection denied, or a hand-written estate). Both are fixed:
 * AdministratorAccess has had one version since 2015, and the CodeBuild basic policy is quoted
 * from the AWS Proton managed-policy page (https://docs.aws.amazon.com/proton/latest/userguide/security-iam-awsmanpol.html).
 */
import type { PolicyDocument } from '../../model/index.ts';

const KNOWN: Readonly<Record<string, PolicyDocument>> = {
  AdministratorAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  AWSProtonCodeBuildProvisioningBasicAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents'],
        Resource: ['arn:aws:logs:*:*:log-group:/aws/codebuild/AWSProton-*'],
      },
      { Effect: 'Allow', Action: 'proton:NotifyResourceDeploymentStatusChange', Resource: 'arn:aws:proton:*:*:*' },
    ],
  },
};

/** The name of an AWS managed policy ARN (any partition, any path), or undefined for customer policies. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
}

/** The known document of an AWS managed policy, by ARN. */
export function knownAwsManagedDocument(arn: string): PolicyDocument | undefined {
  const name = awsManagedPolicyName(arn);
  return name !== undefined && Object.hasOwn(KNOWN, name) ? KNOWN[name] : undefined;
}
