/**
 * PA-IAC-012: Storage the templates create is encrypted at rest.
 * Reads the scanner's issues resource.unencrypted about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["resource.unencrypted"];

export default defineRule({
  meta: {
    id: 'PA-IAC-012',
    title: "Storage the templates create is encrypted at rest",
    severity: 'high',
    resource: 'iacResource',
    family: 'encryption',
    rationale: "RDS, EFS, EBS, ElastiCache, Kinesis, OpenSearch, DocumentDB, Neptune and Redshift storage and SNS topics are not encrypted at rest unless the template asks (S3, DynamoDB, SQS and CloudWatch Logs are encrypted by default and are only reported when encryption is turned off). A value set by an expression the scanner cannot know is not judged.",
    remediation: { text: "Set the resource's encryption property (StorageEncrypted: true, Encrypted: true, KmsMasterKeyId, ...), ideally with a customer managed key." },
    references: [
      { title: "AWS Well-Architected: protect data at rest", url: "https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/protecting-data-at-rest.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
