/**
 * The evidence manifest: what was audited, with what, by whom, what could not be seen, and the
 * sha256 of every file in the bundle. Serialised as canonical JSON; those exact bytes are what
 * gets signed.
 */
import type { AuditResult, Waiver, CoverageEntry } from '../model/index.ts';
import { sha256Hex } from '../util/canonical-json.ts';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const SNAPSHOT_FILE = 'snapshot.json';
export const OUTPUT_FILES = { json: 'result.json', sarif: 'result.sarif', html: 'report.html', markdown: 'summary.md' } as const;

export interface FileHash {
  file: string;
  sha256: string;
  bytes: number;
}

export interface EvidenceManifest {
  schemaVersion: 1;
  kind: 'proton-audit-evidence';
  tool: { name: 'proton-audit'; version: string };
  /** Declared versions of the runtime dependencies (AWS SDK clients, IAM data, CEL). */
  dependencies: Record<string, string>;
  evaluatedAt: string;
  snapshot: FileHash & {
    collectedAt: string;
    /** As the evaluator judged it: the recorded source, or 'edited' / 'unverified' (snapshot/integrity.ts). */
    source: string;
    collectionWindow: { startedAt: string; finishedAt: string } | null;
    /** The evaluator's check of the snapshot's collection digest and signature. */
    integrity?: NonNullable<AuditResult['snapshot']['integrity']>;
  };
  /** Who collected: the result's identity and each account's STS caller ARN. */
  callerIdentity: { result: string | null; accounts: Array<{ accountId: string; arn: string }> };
  accounts: Array<{ accountId: string; name?: string }>;
  regions: string[];
  rulePacks: Array<{ pack: string; version: string; rules: number; sha256: string }>;
  ruleFiles: Array<{ path: string; sha256: string }>;
  config: { path: string; sha256: string } | null;
  coverageGaps: Array<Pick<CoverageEntry, 'accountId' | 'region' | 'service' | 'operation' | 'status'> & { errors: string[] }>;
  waiversApplied: Array<Waiver & { findings: number }>;
  expiredWaivers: Waiver[];
  summary: AuditResult['summary'];
  outputs: FileHash[];
  signature: { algorithm: 'ed25519'; file: typeof SIGNATURE_FILE; publicKey: string; publicKeySha256: string } | null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rule packs as the catalog reports them, each with a digest over its rule files' hashes. */
export function rulePacks(result: AuditResult, toolVersion: string): EvidenceManifest['rulePacks'] {
  const byPack = new Map<string, string[]>();
  for (const r of result.rules) {
    const lines = byPack.get(r.pack) ?? [];
    lines.push(`${r.file} ${r.sha256}`);
    byPack.set(r.pack, lines);
  }
  return [...byPack]
    .sort((a, b) => cmp(a[0], b[0]))
    .map(([pack, lines]) => ({
      pack,
      // Built-in rules ship with the tool; a custom pack has no version of its own, so its digest identifies it.
      version: pack === 'builtin' ? toolVersion : 'unversioned',
      rules: lines.length,
      sha256: sha256Hex(lines.sort(cmp).join('\n')),
    }));
}

export function waiversApplied(result: AuditResult): EvidenceManifest['waiversApplied'] {
  const counts = new Map<string, Waiver & { findings: number }>();
  for (const o of result.outcomes) for (const f of o.findings) {
    if (!f.waiver) continue;
    const w = f.waiver;
    const key = JSON.stringify([w.rule, w.resource, w.owner, w.reason, w.expires, w.ticket ?? '']);
    const entry = counts.get(key) ?? { ...w, findings: 0 };
    entry.findings += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => cmp(a.rule, b.rule) || cmp(a.resource, b.resource) || cmp(a.owner, b.owner) || cmp(a.expires, b.expires));
}

export function coverageGaps(result: AuditResult): EvidenceManifest['coverageGaps'] {
  return result.coverage
    .filter((c) => c.status !== 'ok')
    .map((c) => ({ accountId: c.accountId, region: c.region, service: c.service, operation: c.operation, status: c.status, errors: (c.errors ?? []).map((e) => `${e.code} x${e.count}`) }))
    .sort((a, b) => cmp(a.accountId, b.accountId) || cmp(a.region, b.region) || cmp(a.service, b.service) || cmp(a.operation, b.operation));
}
