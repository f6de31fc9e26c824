/**
 * `--redact` as a function of a snapshot: scan every spec (and template schema) and stack output for secrets,
 * record what was found (src/facts/secret-records.ts), then drop the spec contents and output values. Works on a
 * copy; the input is left as it was.
 */
import { protectSecrets } from '../facts/secret-records.ts';
import type { SecretHit, Snapshot } from '../model/index.ts';

export interface RedactedSecret {
  arn: string;
  hits: SecretHit[];
}

export interface RedactOutcome {
  snapshot: Snapshot;
  /** Spec and schema fields dropped. */
  dropped: number;
  /** Resources whose dropped text held something that looked like a secret. */
  secrets: RedactedSecret[];
}

export function redactSnapshot(input: Snapshot, salt?: string): RedactOutcome {
  const { snapshot, dropped, found } = protectSecrets(structuredClone(input), { drop: true, ...(salt ? { salt } : {}) });
  const secrets: RedactedSecret[] = [];
  for (const r of found) {
    const { arn, sha256: _hash, salt: _salt, ...hit } = r;
    const last = secrets.at(-1);
    if (last?.arn === arn) last.hits.push(hit);
    else secrets.push({ arn, hits: [hit] });
  }
  return { snapshot, dropped, secrets };
}
