/**
 * The privilege-escalation catalogue: combinations of permissions that let a principal end up with
 * more than it was given. Ids are stable (rules key findings and waivers on them): add paths, never
 * rename one. Every action named here must exist in the IAM service reference data (a test checks).
 */

export interface EscalationPath {
  id: string;
  description: string;
  /** All steps are needed; each step is satisfied by any one of its actions. */
  steps: string[][];
  /**
   * iam:PassRole is also needed, to this service principal. An iam:PassedToService condition naming
   * another service closes the path; other conditions do not.
   */
  passRoleTo?: string;
  /**
   * What the IAM steps act on. They count when allowed on every resource of that type, or on the
   * principal itself: the role's own ARN ('role') or a managed policy attached to it ('policy').
   * Users and groups are never "self" for a role.
   */
  target?: 'role' | 'policy' | 'user' | 'group';
}

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  {
    id: 'passrole+cloudformation:CreateStack',
    description: 'pass a more privileged role to a new CloudFormation stack, which then creates anything that role may',
    steps: [['cloudformation:CreateStack']],
    passRoleTo: 'cloudformation.amazonaws.com',
  },
  {
    id: 'passrole+cloudformation:UpdateStack',
    description: 'pass a more privileged role to an existing CloudFormation stack and update it to create anything that role may',
    steps: [['cloudformation:UpdateStack']],
    passRoleTo: 'cloudformation.amazonaws.com',
  },
  {
    id: 'passrole+cloudformation:CreateChangeSet',
    description: 'create and execute a change set that runs with a more privileged role',
    steps: [['cloudformation:CreateChangeSet'], ['cloudformation:ExecuteChangeSet']],
    passRoleTo: 'cloudformation.amazonaws.com',
  },
  {
    id: 'passrole+lambda:CreateFunction+InvokeFunction',
    description: 'create a Lambda function with a more privileged execution role and invoke it',
    steps: [['lambda:CreateFunction'], ['lambda:InvokeFunction']],
    passRoleTo: 'lambda.amazonaws.com',
  },
  {
    id: 'passrole+lambda:CreateFunction+CreateEventSourceMapping',
    description: 'create a Lambda function with a more privileged execution role and have an event source trigger it',
    steps: [['lambda:CreateFunction'], ['lambda:CreateEventSourceMapping']],
    passRoleTo: 'lambda.amazonaws.com',
  },
  {
    id: 'passrole+ec2:RunInstances',
    description: 'launch an EC2 instance with a more privileged instance profile and use its credentials',
    steps: [['ec2:RunInstances']],
    passRoleTo: 'ec2.amazonaws.com',
  },
  {
    id: 'passrole+ecs:RunTask',
    description: 'register an ECS task definition with a more privileged task role and run it',
    steps: [['ecs:RegisterTaskDefinition'], ['ecs:RunTask', 'ecs:StartTask', 'ecs:CreateService']],
    passRoleTo: 'ecs-tasks.amazonaws.com',
  },
  {
    id: 'passrole+codebuild:CreateProject',
    description: 'create a CodeBuild project with a more privileged service role and start a build',
    steps: [['codebuild:CreateProject'], ['codebuild:StartBuild', 'codebuild:StartBuildBatch']],
    passRoleTo: 'codebuild.amazonaws.com',
  },
  {
    id: 'passrole+glue:CreateDevEndpoint',
    description: 'create a Glue development endpoint with a more privileged role and log in to it',
    steps: [['glue:CreateDevEndpoint']],
    passRoleTo: 'glue.amazonaws.com',
  },
  {
    id: 'passrole+glue:CreateJob',
    description: 'create and start a Glue job that runs with a more privileged role',
    steps: [['glue:CreateJob'], ['glue:StartJobRun']],
    passRoleTo: 'glue.amazonaws.com',
  },
  {
    id: 'passrole+sagemaker:CreateNotebookInstance',
    description: 'create a SageMaker notebook instance with a more privileged role and open it',
    steps: [['sagemaker:CreateNotebookInstance'], ['sagemaker:CreatePresignedNotebookInstanceUrl']],
    passRoleTo: 'sagemaker.amazonaws.com',
  },
  {
    id: 'iam:CreatePolicyVersion',
    description: 'publish a new default version of a managed policy (its own, or any) granting anything',
    steps: [['iam:CreatePolicyVersion']],
    target: 'policy',
  },
  {
    id: 'iam:SetDefaultPolicyVersion',
    description: 'switch a managed policy to another, possibly broader, existing version',
    steps: [['iam:SetDefaultPolicyVersion']],
    target: 'policy',
  },
  {
    id: 'iam:AttachRolePolicy',
    description: 'attach any managed policy, AdministratorAccess included, to a role (itself or any)',
    steps: [['iam:AttachRolePolicy']],
    target: 'role',
  },
  {
    id: 'iam:PutRolePolicy',
    description: 'write an inline policy granting anything into a role (itself or any)',
    steps: [['iam:PutRolePolicy']],
    target: 'role',
  },
  {
    id: 'iam:UpdateAssumeRolePolicy',
    description: "rewrite a role's trust policy so that a principal of the attacker's choice can assume it",
    steps: [['iam:UpdateAssumeRolePolicy']],
    target: 'role',
  },
  {
    id: 'iam:AttachUserPolicy',
    description: 'attach any managed policy to an IAM user',
    steps: [['iam:AttachUserPolicy']],
    target: 'user',
  },
  {
    id: 'iam:PutUserPolicy',
    description: 'write an inline policy granting anything into an IAM user',
    steps: [['iam:PutUserPolicy']],
    target: 'user',
  },
  {
    id: 'iam:AttachGroupPolicy',
    description: 'attach any managed policy to an IAM group',
    steps: [['iam:AttachGroupPolicy']],
    target: 'group',
  },
  {
    id: 'iam:PutGroupPolicy',
    description: 'write an inline policy granting anything into an IAM group',
    steps: [['iam:PutGroupPolicy']],
    target: 'group',
  },
  {
    id: 'iam:AddUserToGroup',
    description: 'add a user to a more privileged IAM group',
    steps: [['iam:AddUserToGroup']],
    target: 'group',
  },
  {
    id: 'iam:CreateAccessKey',
    description: 'create access keys for another, more privileged IAM user',
    steps: [['iam:CreateAccessKey']],
    target: 'user',
  },
  {
    id: 'iam:CreateLoginProfile',
    description: 'set a console password for an IAM user that has none and sign in as that user',
    steps: [['iam:CreateLoginProfile']],
    target: 'user',
  },
  {
    id: 'iam:UpdateLoginProfile',
    description: "change an IAM user's console password and sign in as that user",
    steps: [['iam:UpdateLoginProfile']],
    target: 'user',
  },
];
