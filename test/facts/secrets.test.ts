import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactedPreview, scanSpec, scrubSecrets, shannonEntropy } from '../../src/facts/secrets.ts';

const SPEC = [
  'proton: ServiceSpec', //                                                          1
  'pipeline:', //                                                                    2
  '  unit_test_command: "echo hello"', //                                            3
  '  github_token: ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5', //                    4
  'instances:', //                                                                   5
  '  - name: "prod"', //                                                             6
  '    spec:', //                                                                    7
  '      db_password: "S3cr3t!Passw0rd"', //                                         8
  '      aws_access_key_id: AKIAIOSFODNN7EXAMPLE', //                                9
  '      aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', //       10
  '      opaque: "Zk9vQmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZg=="', //                    11
  '      cert: |', //                                                                12
  '        -----BEGIN RSA PRIVATE KEY-----', //                                      13
  '        MIIEpAIBAAKCAQEA7bq98ytbnMIIEpAIBAAKCAQEA7bq98ytbn', //                   14
  '        -----END RSA PRIVATE KEY-----', //                                        15
].join('\n');

const SECRET_VALUES = [
  'ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5',
  'S3cr3t!Passw0rd',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'Zk9vQmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZg==',
  'MIIEpAIBAAKCAQEA7bq98ytbnMIIEpAIBAAKCAQEA7bq98ytbn',
];

describe('secrets in specs', () => {
  const scan = scanSpec(SPEC, 'spec');

  it('finds each kind with its line and key path', () => {
    expect(scan.hits.map((h) => [h.kind, h.line, h.key])).toEqual([
      ['token', 4, 'pipeline.github_token'],
      ['password', 8, 'instances.spec.db_password'],
      ['aws-access-key-id', 9, 'instances.spec.aws_access_key_id'],
      ['aws-secret-access-key', 10, 'instances.spec.aws_secret_access_key'],
      ['high-entropy', 11, 'instances.spec.opaque'],
      ['private-key', 13, 'instances.spec.cert'],
    ]);
    expect(scan.hits.every((h) => h.field === 'spec')).toBe(true);
  });

  it('never puts a value in a hit: only a redacted preview', () => {
    const serialized = JSON.stringify(scan.hits);
    for (const secret of SECRET_VALUES) expect(serialized).not.toContain(secret);
    for (const h of scan.hits) expect(h.preview).toMatch(/^.{0,4}\*\*\*\*$/);
    expect(scan.hits.find((h) => h.kind === 'aws-access-key-id')?.preview).toBe('AKIA****');
  });

  it('leaves references, identifiers and hashes alone', () => {
    const clean = [
      'password_secret_arn: arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
      'api_key: ${ssm:/app/key}',
      'db_password: "{{resolve:secretsmanager:prod/db:SecretString:password}}"',
      'token: !Ref TokenParameter',
      'password_length: 32',
      'image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'url: https://example.com/path/AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      'request_id: 4f6b2c1e-8d3a-4b5c-9e7f-0a1b2c3d4e5f',
      'aws_secret_note: see the vault',
      'commit: 3f786850e387550fdab836ed7e6dc881de23001b',
      'subnet: subnet-0123456789abcdef0',
      'name: my-very-long-service-name-in-production',
      'role: arn:aws:iam::111122223333:role/service-role/AWSProtonServiceRoleForProduction2024',
      'path: /var/lib/application/configuration/settings.yaml',
    ].join('\n');
    expect(scanSpec(clean, 'spec').hits).toEqual([]);
  });

  it('leaves public material alone: certificates, public keys, checksums, images, user data', () => {
    const cert = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2xhc3NpYw==\n-----END CERTIFICATE-----\n').toString('base64');
    const blob = 'Zk9vQmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZg==';
    const clean = [
      `ca_bundle: "${blob}"`,
      `tls_certificate: ${blob}`,
      `public_key: ${blob}`,
      `artifact_checksum: ${blob}`,
      `userData: ${blob}`,
      `anything: ${cert}`,
      'bastion_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx9bQ2sR7tW4yZ1cV8nM3pL6jH0fD5gE2aB9uX7wY4q ops@example"',
    ].join('\n');
    expect(scanSpec(clean, 'spec').hits).toEqual([]);
    // The same blob under a neutral key is still reported; the key name is what makes it public.
    expect(scanSpec(`opaque: ${blob}`, 'spec').hits.map((h) => h.kind)).toEqual(['high-entropy']);
    expect(scanSpec(`replica_seed: ${blob}`, 'spec').hits.map((h) => h.kind)).toEqual(['high-entropy']);
  });

  it('reads inline JSON specs too', () => {
    const hits = scanSpec('{"db_password": "hunter22x", "token": "${x}", "replicas": 3}', 'serviceSpec').hits;
    expect(hits).toEqual([{ kind: 'password', field: 'serviceSpec', key: 'db_password', line: 1, preview: 'hu****' }]);
  });

  it('reveals at most a quarter of short values', () => {
    expect(redactedPreview('abcdefgh')).toBe('ab****');
    expect(redactedPreview('abc')).toBe('****');
    expect(redactedPreview('x'.repeat(40))).toBe('xxxx****');
  });

  it('scrubs known values and secret-shaped text from output strings', () => {
    const text = `found ${SECRET_VALUES[1]} and AKIAIOSFODNN7EXAMPLE\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----`;
    const out = scrubSecrets(text, [SECRET_VALUES[1] ?? '']);
    expect(out).not.toContain('S3cr3t!Passw0rd');
    expect(out).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(out).not.toContain('AAAA');
    expect(out).toContain('S3c****');
  });

  it('measures entropy', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it('finds any literal password under a password key, and never echoes it (property)', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9!@#%^&*]{8,40}$/).filter((s) => !/^\d+$/.test(s) && !/^[*xX.]+$/.test(s));
    fc.assert(
      fc.property(value, fc.constantFrom('password', 'db_password', 'AdminPassword', 'client-secret', 'api_token'), (secret, key) => {
        const spec = `settings:\n  ${key}: "${secret}"\n`;
        const { hits, values } = scanSpec(spec, 'spec');
        expect(hits).toHaveLength(1);
        expect(hits[0]?.line).toBe(2);
        expect(values).toEqual([secret]);
        // The key path is the spec's own text; every other member must not carry the value.
        expect(JSON.stringify({ ...hits[0], key: undefined })).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});
