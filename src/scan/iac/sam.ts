/**
 * AWS SAM's `Policies` property of AWS::Serverless::Function / StateMachine: managed policy
 * names or ARNs, inline documents, and policy templates
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html).
 * The common templates expand to the statements SAM generates, so the IAM analysis sees what
 * the transform will deploy; an unknown template is reported as not analysed.
 */
import type { PolicyDocument, PolicyStatement } from '../../model/index.ts';
import { placeholder } from '../jinja/placeholders.ts';
import type { Segment } from '../yaml/yaml-doc.ts';
import { cfnString } from './intrinsics.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ACCOUNT = placeholder('account-id');
const REGION = placeholder('region');

type Expander = (params: Record<string, unknown>) => PolicyStatement[];

const p = (params: Record<string, unknown>, key: string): string => cfnString(params[key]) ?? placeholder(`sam-${key}`);
const allow = (Action: string[], Resource: string | string[]): PolicyStatement => ({ Effect: 'Allow', Action, Resource });

const dynamo = (actions: string[]): Expander => (params) => {
  const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${p(params, 'TableName')}`;
  return [allow(actions.map((a) => `dynamodb:${a}`), [table, `${table}/index/*`])];
};
const s3 = (actions: string[]): Expander => (params) => {
  const bucket = `arn:aws:s3:::${p(params, 'BucketName')}`;
  return [allow(actions.map((a) => `s3:${a}`), [bucket, `${bucket}/*`])];
};

export const SAM_POLICY_TEMPLATES: Record<string, Expander> = {
  DynamoDBCrudPolicy: dynamo(['GetItem', 'DeleteItem', 'PutItem', 'Scan', 'Query', 'UpdateItem', 'BatchWriteItem', 'BatchGetItem', 'DescribeTable', 'ConditionCheckItem']),
  DynamoDBReadPolicy: dynamo(['GetItem', 'Scan', 'Query', 'BatchGetItem', 'DescribeTable']),
  DynamoDBWritePolicy: dynamo(['PutItem', 'UpdateItem', 'BatchWriteItem']),
  S3CrudPolicy: s3(['GetObject', 'ListBucket', 'GetBucketLocation', 'GetObjectVersion', 'PutObject', 'PutObjectAcl', 'GetLifecycleConfiguration', 'PutLifecycleConfiguration', 'DeleteObject']),
  S3ReadPolicy: s3(['GetObject', 'ListBucket', 'GetBucketLocation', 'GetObjectVersion', 'GetLifecycleConfiguration']),
  S3WritePolicy: s3(['PutObject', 'PutObjectAcl', 'PutLifecycleConfiguration']),
  SQSPollerPolicy: (params) => [allow(['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], `arn:aws:sqs:${REGION}:${ACCOUNT}:${p(params, 'QueueName')}`)],
  SQSSendMessagePolicy: (params) => [allow(['sqs:SendMessage*'], `arn:aws:sqs:${REGION}:${ACCOUNT}:${p(params, 'QueueName')}`)],
  SNSPublishMessagePolicy: (params) => [allow(['sns:Publish'], `arn:aws:sns:${REGION}:${ACCOUNT}:${p(params, 'TopicName')}`)],
  LambdaInvokePolicy: (params) => [allow(['lambda:InvokeFunction'], `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${p(params, 'FunctionName')}*`)],
  KMSDecryptPolicy: (params) => [allow(['kms:Decrypt'], `arn:aws:kms:${REGION}:${ACCOUNT}:key/${p(params, 'KeyId')}`)],
  KMSEncryptPolicy: (params) => [allow(['kms:Encrypt'], `arn:aws:kms:${REGION}:${ACCOUNT}:key/${p(params, 'KeyId')}`)],
  SSMParameterReadPolicy: (params) => [
    allow(['ssm:DescribeParameters'], '*'),
    allow(['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${p(params, 'ParameterName')}`),
  ],
  AWSSecretsManagerGetSecretValuePolicy: (params) => [allow(['secretsmanager:GetSecretValue'], p(params, 'SecretArn'))],
  StepFunctionsExecutionPolicy: (params) => [allow(['states:StartExecution'], `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${p(params, 'StateMachineName')}`)],
  EventBridgePutEventsPolicy: (params) => [allow(['events:PutEvents'], `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${p(params, 'EventBusName')}`)],
  CloudWatchPutMetricPolicy: () => [allow(['cloudwatch:PutMetricData'], '*')],
  VPCAccessPolicy: () => [allow(['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'], '*')],
  DynamoDBStreamReadPolicy: (params) => [
    allow(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${p(params, 'TableName')}/stream/${p(params, 'StreamName')}`),
    allow(['dynamodb:ListStreams'], `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${p(params, 'TableName')}/stream/*`),
  ],
  KinesisStreamReadPolicy: (params) => [
    allow(['kinesis:ListStreams', 'kinesis:DescribeLimits'], `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/*`),
    allow(['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'], `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${p(params, 'StreamName')}`),
  ],
  AdministratorAccess: () => [allow(['*'], '*')],
};

export interface SamPolicies {
  inline: Array<{ doc: PolicyDocument; path: Segment[]; name: string }>;
  managedArns: Array<{ arn: string; path: Segment[] }>;
  unknownTemplates: Array<{ name: string; path: Segment[] }>;
}

/** `policies` is the value of the Policies property; paths are relative to Properties. */
export function expandSamPolicies(policies: unknown): SamPolicies {
  const out: SamPolicies = { inline: [], managedArns: [], unknownTemplates: [] };
  const list = Array.isArray(policies) ? policies : policies === undefined ? [] : [policies];
  const base: Segment[] = ['Policies'];
  list.forEach((entry, i) => {
    const path: Segment[] = Array.isArray(policies) ? [...base, i] : base;
    const s = typeof entry === 'string' ? entry : isRecord(entry) && ('Ref' in entry || 'Fn::Sub' in entry || 'Fn::Join' in entry) ? cfnString(entry) : undefined;
    if (s !== undefined) {
      out.managedArns.push({ arn: s.startsWith('arn:') ? s : `arn:aws:iam::aws:policy/${s}`, path });
      return;
    }
    if (!isRecord(entry)) return;
    if ('Statement' in entry) {
      out.inline.push({ doc: entry as unknown as PolicyDocument, path, name: `policy${i}` });
      return;
    }
    for (const [name, params] of Object.entries(entry)) {
      const expand = SAM_POLICY_TEMPLATES[name];
      if (expand) out.inline.push({ doc: { Version: '2012-10-17', Statement: expand(isRecord(params) ? params : {}) }, path: [...path, name], name: `${name}${i}` });
      else out.unknownTemplates.push({ name, path: [...path, name] });
    }
  });
  return out;
}
