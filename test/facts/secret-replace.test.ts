/**
 * Replacing secrets in a spec keeps every line where it was (a record's line names a line of the
 * replaced spec, and the rules and the reader of a report rely on it), whether the secret spans
 * several lines (a private key block) or a long line holds many.
 */
import { describe, expect, it } from 'vitest';
import { protectSecrets, secretHash } from '../../src/facts/secret-records.ts';
import type { Snapshot } from '../../src/model/index.ts';
import { snapshotOfEstate } from '../../bench/estate-snapshot.ts';
import { syntheticEstate } from '../../bench/synthetic-estate.ts';

const KEY_BODY = 'MIIEowIBAAKCAQEAq8ZtestOnlyKeyBodyLineNumberOne';

function withSpec(spec: string): { snapshot: Snapshot; holder: { spec?: string } } {
  const snapshot = snapshotOfEstate(syntheticEstate({ scale: 1, seed: 2026 }), '2026-11-01T00:00:00Z');
  const env = snapshot.accounts[0]?.regions[0]?.proton?.environments[0] as { spec?: string } | undefined;
  if (!env) throw new Error('the synthetic estate has no environment');
  env.spec = spec;
  return { snapshot, holder: env };
}

describe('secrets replaced in a spec', () => {
  it('keep the line of everything after a private key block', () => {
    const spec = ['proton: EnvironmentSpec', 'spec:', '  tls_key: |', '    -----BEGIN RSA PRIVATE KEY-----', `    ${KEY_BODY}`, '    -----END RSA PRIVATE KEY-----', '  db_password: Hunter2-Correct-Horse', '  region: us-east-1', ''].join('\n');
    const { snapshot, holder } = withSpec(spec);
    const { found } = protectSecrets(snapshot, { salt: '00'.repeat(16) });
    const replaced = holder.spec ?? '';
    expect(replaced).not.toContain(KEY_BODY);
    expect(replaced).not.toContain('Hunter2-Correct-Horse');
    const lines = replaced.split('\n');
    expect(lines).toHaveLength(spec.split('\n').length);
    const password = found.find((r) => r.kind === 'password');
    expect(password).toBeDefined();
    expect(lines[(password?.line ?? 0) - 1]).toMatch(/^ {2}db_password: <redacted:password:[0-9a-f]{8}>$/);
    expect(lines[7]).toBe('  region: us-east-1');
  });

  it('replace every secret of one long line, and nothing else', () => {
    const pairs = Array.from({ length: 300 }, (_, i) => `"svc${i}_password": "Pw-${i}-Zq9xLm4Tr${i}"`);
    const spec = `{${pairs.join(', ')}, "region": "us-east-1"}\nnext: line`;
    const { snapshot, holder } = withSpec(spec);
    const { found } = protectSecrets(snapshot, { salt: '00'.repeat(16) });
    const replaced = holder.spec ?? '';
    expect(found.filter((r) => r.kind === 'password')).toHaveLength(300);
    for (let i = 0; i < 300; i++) expect(replaced).not.toContain(`Pw-${i}-Zq9xLm4Tr${i}`);
    expect(replaced.split('\n')).toEqual([expect.stringContaining('"region": "us-east-1"}'), 'next: line']);
    expect(replaced.match(/<redacted:password:[0-9a-f]{8}>/g)).toHaveLength(300);
  });

  it('record each value by the documented salted hash, sha256(salt bytes ‖ UTF-8 value), long and non-ASCII values too', () => {
    const long = `Lg-${'x9Q'.repeat(200)}`;
    const values = ['Hunter2-Correct-Horse', 'Pässwörd-ünïcödé-✓-9', long];
    const spec = ['proton: EnvironmentSpec', 'spec:', ...values.map((v, i) => `  db${i}_password: ${v}`), ''].join('\n');
    const { snapshot } = withSpec(spec);
    const salt = '0123456789abcdef'.repeat(2);
    const { found } = protectSecrets(snapshot, { salt });
    const passwords = found.filter((r) => r.kind === 'password' && r.key?.startsWith('spec.db'));
    expect(passwords.map((r) => r.sha256)).toEqual(values.map((v) => secretHash(salt, v)));
  });
});
