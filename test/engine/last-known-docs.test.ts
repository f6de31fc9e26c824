/**
 * docs/retirement.md states, per rule family, whether last-known Proton data is evaluated or
 * skipped as stale; it must say exactly what the engine does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAST_KNOWN_POLICY } from '../../src/engine/last-known.ts';
import { FAMILIES } from '../../src/model/index.ts';

describe('docs/retirement.md', () => {
  it('has the engine\'s last-known policy for every family, with the same reasons', () => {
    const text = readFileSync(new URL('../../docs/retirement.md', import.meta.url), 'utf8');
    const section = text.slice(text.indexOf('## Last-known data, rule family by rule family'));
    const rows = new Map<string, { mode: string; why: string }>();
    for (const line of section.split('\n')) {
      const m = /^\| ([a-z-]+) \| (evaluate|skip \(stale\)) \| (.+) \|$/.exec(line);
      if (m) rows.set(m[1] as string, { mode: m[2] === 'evaluate' ? 'evaluate' : 'skip', why: m[3] as string });
    }
    expect([...rows.keys()].sort()).toEqual([...FAMILIES].sort());
    for (const family of FAMILIES) expect(rows.get(family), family).toEqual(LAST_KNOWN_POLICY[family]);
  });
});
