/** `diff` between two results or two snapshots, and reading results (also for --baseline). */
export { detectKind, parseResult, readBaseline, readComparable, readResult, resultProblems } from './load.ts';
export type { Comparable } from './load.ts';
export { diffResults } from './results.ts';
export type { ChangedFinding, DiffFinding, ResultDiff } from './results.ts';
export { diffSnapshots } from './snapshots.ts';
export type { SnapshotDiff } from './snapshots.ts';
export { DIFF_FORMATS, renderDiff } from './render.ts';
export type { AnyDiff, DiffFormat } from './render.ts';
