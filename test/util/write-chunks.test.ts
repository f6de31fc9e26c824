import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputGuard, writeChunksAtomic } from '../../src/util/atomic-file.ts';
import { OutputError } from '../../src/errors.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pa-chunks-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeChunksAtomic', () => {
  it('writes every chunk (past the flush size) into a new parent folder, returning the sha256 and size', async () => {
    const dir = tempDir();
    const target = join(dir, 'a', 'b', 'r.json');
    const chunks = Array.from({ length: 3000 }, (_, i) => `{"i":${i},"pad":"${'x'.repeat(500)}"}\n`);
    const written = await writeChunksAtomic(target, chunks);
    const text = readFileSync(target, 'utf8');
    expect(text).toBe(chunks.join(''));
    expect(written).toEqual({ sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) });
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['r.json']);
  });

  it('a chunk source that throws leaves the old file whole and no temporary file behind', async () => {
    const dir = tempDir();
    const target = join(dir, 'r.json');
    writeFileSync(target, 'old report\n');
    function* broken(): Generator<string> {
      yield 'x'.repeat(2 << 20);
      throw new Error('renderer bug');
    }
    await expect(writeChunksAtomic(target, broken())).rejects.toThrow('renderer bug');
    expect(readFileSync(target, 'utf8')).toBe('old report\n');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('refuses to replace a guarded input before writing anything', async () => {
    const dir = tempDir();
    const input = join(dir, 'snapshot.json');
    writeFileSync(input, '{}');
    const guard = new InputGuard();
    await guard.add(input);
    await expect(writeChunksAtomic(input, ['new'], { guard, label: '--format json:snapshot.json' })).rejects.toThrow(OutputError);
    expect(readFileSync(input, 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['snapshot.json']);
  });
});
