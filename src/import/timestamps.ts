/**
 * AWS CLI timestamps → the snapshot's ISO-8601 UTC form. The CLI prints ISO strings with an
 * offset ("2024-03-01T10:20:30.123000+00:00") or, with cli_timestamp_format=none, epoch seconds;
 * normalising both makes an import byte-comparable with a live collection.
 */

import { instantMs } from '../util/instant.ts';

const TIMESTAMP_KEYS = new Set([
  'createdAt',
  'lastModifiedAt',
  'lastDeploymentAttemptedAt',
  'lastDeploymentSucceededAt',
  'requestedAt',
  'CreateDate',
  'UpdateDate',
  'LastUsedDate',
  // CloudFormation stacks and CodeBuild projects.
  'CreationTime',
  'LastUpdatedTime',
  'DeletionTime',
  'LastCheckTimestamp',
  'created',
  'lastModified',
]);

export function isoOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const d = new Date(value * 1000);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value)) return isoOf(Number(value));
    // Strict ISO 8601: an impossible date stays as it was (and the snapshot loader names it); a
    // time without a zone is UTC, never the importing machine's local time.
    const ms = instantMs(value);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  return undefined;
}

/** A copy with every known timestamp field normalised (unparseable values are left as they are). */
export function normalizeTimestamps<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => normalizeTimestamps(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = TIMESTAMP_KEYS.has(k) ? (isoOf(v) ?? v) : normalizeTimestamps(v);
    }
    return out as T;
  }
  return value;
}
