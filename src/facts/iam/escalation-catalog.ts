/**
 * The privilege-escalation catalogue, as data: combinations of permissions that let a principal
 * end up acting with more than it was given. Each step names the action and the resource type
 * (from AWS's service reference data) the action must be allowed on:
 *
 *   'cloudformation:UpdateStack on stack'   allowed on some existing stack (ARN of type 'stack')
 *   'lambda:CreateFunction creates function' allowed on a function name the caller may choose
 *   'lambda:CreateEventSourceMapping'        an action that only accepts Resource '*'
 *
 * Ids are stable (rules key findings and waivers on them): add paths, never rename one. A test
 * checks that every action exists in the data and accepts the resource type named here.
 */

export type PathKind = 'pass-role' | 'existing-resource' | 'iam-policy' | 'role-creation';

export interface EscalationPath {
  id: string;
  kind: PathKind;
  description: string;
  /** All steps are needed; each step is satisfied by any one of its alternatives. */
  steps: string[][];
  /**
   * iam:PassRole is also needed, to this service principal. An iam:PassedToService condition naming
   * another service closes the path.
   */
  passRoleTo?: string;
  /**
   * IAM paths: what the IAM steps act on. They count in full on every resource of that type or on
   * the principal itself (the role's own ARN, a managed policy attached to it); on other named
   * resources only as a pinned path. Users and groups are never "self" for a role.
   */
  target?: 'role' | 'policy' | 'user' | 'group';
  /** Every step must reach a resource the first step reaches (the same instance, the new role...). */
  sameResource?: boolean;
}

const CFN = 'cloudformation.amazonaws.com';

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  // ---------------------------------------------------------------- pass a role to new compute or a new stack
  {
    id: 'passrole+cloudformation:CreateStack',
    kind: 'pass-role',
    description: 'pass a more privileged role to a new CloudFormation stack, which then creates anything that role may',
    steps: [['cloudformation:CreateStack creates stack']],
    passRoleTo: CFN,
  },
  {
    id: 'passrole+cloudformation:UpdateStack',
    kind: 'pass-role',
    description: 'pass a more privileged role to an existing CloudFormation stack and update it to create anything that role may',
    steps: [['cloudformation:UpdateStack on stack']],
    passRoleTo: CFN,
  },
  {
    id: 'passrole+cloudformation:CreateChangeSet',
    kind: 'pass-role',
    description: 'create and execute a change set that runs with a more privileged role',
    steps: [['cloudformation:CreateChangeSet creates stack'], ['cloudformation:ExecuteChangeSet on stack']],
    passRoleTo: CFN,
    sameResource: true,
  },
  {
    id: 'passrole+lambda:CreateFunction+InvokeFunction',
    kind: 'pass-role',
    description: 'create a Lambda function with a more privileged execution role and invoke it',
    steps: [['lambda:CreateFunction creates function'], ['lambda:InvokeFunction on function']],
    passRoleTo: 'lambda.amazonaws.com',
    sameResource: true,
  },
  {
    id: 'passrole+lambda:CreateFunction+CreateEventSourceMapping',
    kind: 'pass-role',
    description: 'create a Lambda function with a more privileged execution role and have an event source trigger it',
    steps: [['lambda:CreateFunction creates function'], ['lambda:CreateEventSourceMapping']],
    passRoleTo: 'lambda.amazonaws.com',
  },
  {
    id: 'passrole+ec2:RunInstances',
    kind: 'pass-role',
    description: 'launch an EC2 instance with a more privileged instance profile and use its credentials',
    steps: [['ec2:RunInstances creates instance']],
    passRoleTo: 'ec2.amazonaws.com',
  },
  {
    id: 'passrole+ecs:RunTask',
    kind: 'pass-role',
    description: 'register an ECS task definition with a more privileged task role and run it',
    steps: [['ecs:RegisterTaskDefinition creates task-definition'], ['ecs:RunTask on task-definition', 'ecs:StartTask on task-definition', 'ecs:CreateService creates service']],
    passRoleTo: 'ecs-tasks.amazonaws.com',
  },
  {
    id: 'passrole+codebuild:CreateProject',
    kind: 'pass-role',
    description: 'create a CodeBuild project with a more privileged service role and start a build',
    steps: [['codebuild:CreateProject creates project'], ['codebuild:StartBuild on project', 'codebuild:StartBuildBatch on project']],
    passRoleTo: 'codebuild.amazonaws.com',
    sameResource: true,
  },
  {
    id: 'passrole+glue:CreateDevEndpoint',
    kind: 'pass-role',
    description: 'create a Glue development endpoint with a more privileged role and log in to it',
    steps: [['glue:CreateDevEndpoint']],
    passRoleTo: 'glue.amazonaws.com',
  },
  {
    id: 'passrole+glue:CreateJob',
    kind: 'pass-role',
    description: 'create and start a Glue job that runs with a more privileged role',
    steps: [['glue:CreateJob creates job'], ['glue:StartJobRun on job']],
    passRoleTo: 'glue.amazonaws.com',
    sameResource: true,
  },
  {
    id: 'passrole+sagemaker:CreateNotebookInstance',
    kind: 'pass-role',
    description: 'create a SageMaker notebook instance with a more privileged role and open it',
    steps: [['sagemaker:CreateNotebookInstance creates notebook-instance'], ['sagemaker:CreatePresignedNotebookInstanceUrl on notebook-instance']],
    passRoleTo: 'sagemaker.amazonaws.com',
    sameResource: true,
  },

  // ---------------------------------------------------------------- reuse the role an existing resource already runs with
  {
    id: 'cloudformation:UpdateStack',
    kind: 'existing-resource',
    description: 'update an existing CloudFormation stack, which keeps acting with the service role it was given (no iam:PassRole needed)',
    steps: [['cloudformation:UpdateStack on stack']],
  },
  {
    id: 'cloudformation:CreateChangeSet+ExecuteChangeSet',
    kind: 'existing-resource',
    description: 'create and execute a change set on an existing CloudFormation stack, which acts with the stack service role',
    steps: [['cloudformation:CreateChangeSet on stack'], ['cloudformation:ExecuteChangeSet on stack']],
    sameResource: true,
  },
  {
    id: 'cloudformation:UpdateStackSet',
    kind: 'existing-resource',
    description: "update an existing stack set's template or its stack instances' parameters; the stack set deploys with its administration and execution roles",
    steps: [['cloudformation:UpdateStackSet on stackset', 'cloudformation:UpdateStackInstances on stackset']],
  },
  {
    id: 'lambda:UpdateFunctionCode',
    kind: 'existing-resource',
    description: "replace an existing Lambda function's code, which runs with its execution role on its next invocation or trigger",
    steps: [['lambda:UpdateFunctionCode on function']],
  },
  {
    id: 'glue:UpdateDevEndpoint',
    kind: 'existing-resource',
    description: "add an SSH key to an existing Glue development endpoint and log in to it, with the endpoint's role",
    steps: [['glue:UpdateDevEndpoint on devendpoint']],
  },
  {
    id: 'ec2:ModifyInstanceAttribute+StopInstances+StartInstances',
    kind: 'existing-resource',
    description: "rewrite an existing EC2 instance's user data and restart it, so the new script runs with the instance profile",
    steps: [['ec2:ModifyInstanceAttribute on instance'], ['ec2:StopInstances on instance'], ['ec2:StartInstances on instance']],
    sameResource: true,
  },
  {
    id: 'ec2-instance-connect:SendSSHPublicKey',
    kind: 'existing-resource',
    description: 'push an SSH key to an existing EC2 instance and log in, with the credentials of its instance profile',
    steps: [['ec2-instance-connect:SendSSHPublicKey on instance', 'ec2-instance-connect:SendSerialConsoleSSHPublicKey on instance']],
  },
  {
    id: 'ssm:StartSession',
    kind: 'existing-resource',
    description: 'open a Session Manager shell on an existing instance, with the credentials of its instance profile',
    steps: [['ssm:StartSession on instance']],
  },
  {
    id: 'ssm:SendCommand',
    kind: 'existing-resource',
    description: 'run commands of its choosing on an existing managed instance, with the credentials of its instance profile',
    // SendCommand is authorized on the instance and on the document it runs: a grant pinned to
    // one purpose-built document (a backup script) runs only that document.
    steps: [['ssm:SendCommand on instance'], ['ssm:SendCommand on document']],
  },
  {
    id: 'ecs:ExecuteCommand',
    kind: 'existing-resource',
    description: 'open a shell in a running ECS task, with the credentials of its task role',
    steps: [['ecs:ExecuteCommand on task']],
  },
  {
    id: 'sagemaker:UpdateNotebookInstanceLifecycleConfig',
    kind: 'existing-resource',
    description: "rewrite a SageMaker notebook lifecycle script and restart the notebook, so the script runs with the notebook's role",
    steps: [
      ['sagemaker:UpdateNotebookInstanceLifecycleConfig on notebook-instance-lifecycle-config'],
      ['sagemaker:StopNotebookInstance on notebook-instance'],
      ['sagemaker:StartNotebookInstance on notebook-instance'],
    ],
  },
  {
    id: 'sagemaker:CreatePresignedNotebookInstanceUrl',
    kind: 'existing-resource',
    description: "open an existing SageMaker notebook's Jupyter terminal, with the notebook's role",
    steps: [['sagemaker:CreatePresignedNotebookInstanceUrl on notebook-instance']],
  },
  {
    id: 'codebuild:StartBuild',
    kind: 'existing-resource',
    description: "start a build of an existing CodeBuild project with an overridden buildspec, which runs with the project's service role",
    steps: [['codebuild:StartBuild on project', 'codebuild:StartBuildBatch on project']],
  },

  // ---------------------------------------------------------------- create a role and use it
  {
    id: 'iam:CreateRole+AttachRolePolicy',
    kind: 'role-creation',
    description: 'create a role, attach any managed policy (AdministratorAccess included) and assume it or pass it to a service',
    steps: [['iam:CreateRole creates role'], ['iam:AttachRolePolicy on role'], ['sts:AssumeRole on role', 'iam:PassRole on role']],
    sameResource: true,
  },
  {
    id: 'iam:CreateRole+PutRolePolicy',
    kind: 'role-creation',
    description: 'create a role, write an inline policy granting anything into it and assume it or pass it to a service',
    steps: [['iam:CreateRole creates role'], ['iam:PutRolePolicy on role'], ['sts:AssumeRole on role', 'iam:PassRole on role']],
    sameResource: true,
  },

  // ---------------------------------------------------------------- rewrite IAM policies
  {
    id: 'iam:CreatePolicyVersion',
    kind: 'iam-policy',
    description: 'publish a new default version of a managed policy (its own, or any) granting anything',
    steps: [['iam:CreatePolicyVersion on policy']],
    target: 'policy',
  },
  {
    id: 'iam:SetDefaultPolicyVersion',
    kind: 'iam-policy',
    description: 'switch a managed policy to another, possibly broader, existing version',
    steps: [['iam:SetDefaultPolicyVersion on policy']],
    target: 'policy',
  },
  {
    id: 'iam:AttachRolePolicy',
    kind: 'iam-policy',
    description: 'attach any managed policy, AdministratorAccess included, to a role (itself or any)',
    steps: [['iam:AttachRolePolicy on role']],
    target: 'role',
  },
  {
    id: 'iam:PutRolePolicy',
    kind: 'iam-policy',
    description: 'write an inline policy granting anything into a role (itself or any)',
    steps: [['iam:PutRolePolicy on role']],
    target: 'role',
  },
  {
    id: 'iam:UpdateAssumeRolePolicy',
    kind: 'iam-policy',
    description: "rewrite a role's trust policy so that a principal of the attacker's choice can assume it",
    steps: [['iam:UpdateAssumeRolePolicy on role']],
    target: 'role',
  },
  {
    id: 'iam:AttachUserPolicy',
    kind: 'iam-policy',
    description: 'attach any managed policy to an IAM user',
    steps: [['iam:AttachUserPolicy on user']],
    target: 'user',
  },
  {
    id: 'iam:PutUserPolicy',
    kind: 'iam-policy',
    description: 'write an inline policy granting anything into an IAM user',
    steps: [['iam:PutUserPolicy on user']],
    target: 'user',
  },
  {
    id: 'iam:AttachGroupPolicy',
    kind: 'iam-policy',
    description: 'attach any managed policy to an IAM group',
    steps: [['iam:AttachGroupPolicy on group']],
    target: 'group',
  },
  {
    id: 'iam:PutGroupPolicy',
    kind: 'iam-policy',
    description: 'write an inline policy granting anything into an IAM group',
    steps: [['iam:PutGroupPolicy on group']],
    target: 'group',
  },
  {
    id: 'iam:AddUserToGroup',
    kind: 'iam-policy',
    description: 'add a user to a more privileged IAM group',
    steps: [['iam:AddUserToGroup on group']],
    target: 'group',
  },
  {
    id: 'iam:CreateAccessKey',
    kind: 'iam-policy',
    description: 'create access keys for another, more privileged IAM user',
    steps: [['iam:CreateAccessKey on user']],
    target: 'user',
  },
  {
    id: 'iam:CreateLoginProfile',
    kind: 'iam-policy',
    description: 'set a console password for an IAM user that has none and sign in as that user',
    steps: [['iam:CreateLoginProfile on user']],
    target: 'user',
  },
  {
    id: 'iam:UpdateLoginProfile',
    kind: 'iam-policy',
    description: "change an IAM user's console password and sign in as that user",
    steps: [['iam:UpdateLoginProfile on user']],
    target: 'user',
  },
];

/** One alternative of a step, parsed: 'svc:Action', and the resource type it is 'on' or 'creates'. */
export interface StepAction {
  action: string;
  resourceType?: string;
  creates: boolean;
}

export function parseStep(text: string): StepAction {
  const m = /^(\S+)(?:\s+(on|creates)\s+(\S+))?$/.exec(text.trim());
  if (!m) throw new Error(`escalation catalogue: cannot read step "${text}"`);
  return { action: m[1] ?? '', ...(m[3] ? { resourceType: m[3] } : {}), creates: m[2] === 'creates' };
}

/** Stacks that AWS Proton provisions are named AWSProton-*: reaching them means acting with a Proton role. */
export const PROTON_STACKS = 'arn:*:cloudformation:*:*:stack/AWSProton-*';
