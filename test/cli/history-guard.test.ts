import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyFiles } from '../../src/cli/pipeline/history.ts';
import { InputGuard } from '../../src/util/atomic-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'pa-history-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--history files are inputs', () => {
  it('lists a named file and the results of a folder, so no report may replace one', async () => {
    const runs = join(dir, 'runs');
    mkdirSync(runs);
    writeFileSync(join(runs, 'result.json'), '{}');
    writeFileSync(join(runs, 'b.jsonl'), '{}');
    writeFileSync(join(runs, 'notes.txt'), 'x');
    writeFileSync(join(dir, 'old.json'), '{}');
    const files = await historyFiles([runs, join(dir, 'old.json'), join(dir, 'missing')]);
    expect(files.sort()).toEqual([join(dir, 'old.json'), join(runs, 'b.jsonl'), join(runs, 'result.json')].sort());
    const guard = new InputGuard();
    for (const f of files) await guard.add(f);
    await expect(guard.check(join(runs, 'result.json'), '--output-dir runs')).rejects.toThrow(/would overwrite the input/);
    await expect(guard.check(join(runs, 'notes.txt'), '--output-dir runs')).resolves.toBeUndefined();
  });
});
