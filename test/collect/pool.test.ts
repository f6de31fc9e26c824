import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/collect/pool.ts';

describe('Limiter', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const limiter = new Limiter(3);
    let peak = 0;
    const done: number[] = [];
    const tasks = Array.from({ length: 20 }, (_, i) =>
      limiter.run(async () => {
        peak = Math.max(peak, limiter.inFlight);
        await new Promise((r) => setTimeout(r, (i * 7) % 5));
        done.push(i);
        return i * 2;
      }),
    );
    const results = await Promise.all(tasks);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(done).toHaveLength(20);
    expect(peak).toBe(3);
    expect(limiter.inFlight).toBe(0);
  });

  it('releases the slot when a task throws', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
    expect(limiter.inFlight).toBe(0);
  });

  it('rejects a limit below one', () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
