/**
 * The secrets step of every command that makes a snapshot (collect, audit, import): scan, record,
 * replace (unless --keep-secrets), and say on stderr what was found — kind, place and a preview,
 * never a value.
 */
import { protectSecrets, type ProtectOutcome } from '../../facts/secret-records.ts';
import { UsageError } from '../../errors.ts';
import type { Snapshot } from '../../model/index.ts';

/** Lines about each secret found, at most this many; then a count of the rest. */
const LISTED = 20;

/** `carriedFrom`: the snapshot last-known records came from (their secret records come along). */
export function secretsStep(snapshot: Snapshot, flags: { keepSecrets?: boolean; redact?: boolean }, log: (line: string) => void, carriedFrom?: Snapshot): ProtectOutcome {
  if (flags.keepSecrets && flags.redact) throw new UsageError('--keep-secrets and --redact are opposites: give one');
  const outcome = protectSecrets(snapshot, { keep: flags.keepSecrets === true, drop: flags.redact === true, ...(carriedFrom ? { carriedFrom } : {}) });
  if (flags.redact) log(`--redact: dropped ${outcome.dropped} spec/schema field(s) after scanning them`);
  const found = outcome.found;
  if (found.length > 0) {
    const how = flags.keepSecrets ? 'left in the snapshot (--keep-secrets): treat the file as holding live credentials' : flags.redact ? 'recorded; the specs were dropped' : 'replaced in the snapshot by placeholders and recorded by place, kind and salted hash';
    log(`${found.length} possible secret(s) found in specs, template schemas and stack outputs, ${how}`);
    for (const r of found.slice(0, LISTED)) log(`  possible secret (${r.kind}) in ${r.arn} ${r.field} line ${r.line}: ${r.preview}`);
    if (found.length > LISTED) log(`  ... and ${found.length - LISTED} more (the snapshot's secrets.found lists them all)`);
  }
  return outcome;
}
