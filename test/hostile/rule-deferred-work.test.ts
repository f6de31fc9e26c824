/**
 * Work a user's TypeScript rule schedules for later (timers, immediates, ticks, microtasks) stays
 * that rule's: a throw in such a callback, a rejection made there, process.exit from there, a
 * timer left pending, a callback that reschedules itself or never returns each become the
 * rule's `error` outcome on the resource it was evaluating when it scheduled the work; the run
 * goes on and nothing reaches the process's uncaught-exception handlers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotOfEstate } from '../../bench/estate-snapshot.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { evaluate, loadRules, settleRuleWork, withLateRuleErrors } from '../../src/engine/index.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import { testEstate } from '../collect/fixtures/estate.ts';
import { writePack } from '../helpers/case-builder.ts';
import { CASES, meta } from './user-rule-pack.ts';


// Resources sort by ARN: bulk-env-000..002, dev, prod.
const pack = writePack({
  'tags/throws-later/rule.ts': `import { setTimeout as timersSetTimeout } from 'node:timers';
// Taken before any walk: the isolation sees the callbacks however the rule reaches the scheduler.
const later = globalThis.setImmediate;
export default {
  meta: ${meta('ACME-DEF-001')},
  check(resource) {
    if (resource.name === 'prod') timersSetTimeout(() => { throw new Error('from a timer'); }, 0);
    if (resource.name === 'dev') later(() => { throw new Error('from an immediate'); });
    if (resource.name === 'bulk-env-000') queueMicrotask(() => { throw new Error('from a microtask'); });
    if (resource.name === 'bulk-env-001') process.nextTick(() => { process.exit(0); });
    if (resource.name === 'bulk-env-002') setImmediate(() => { void Promise.reject(new Error('rejected in an immediate')); });
    return { status: 'pass' };
  },
};
`,
  'tags/throws-later/cases.yaml': CASES,
  'tags/lingers/rule.ts': `export default {
  meta: ${meta('ACME-DEF-002')},
  check(resource) {
    if (resource.name === 'prod') setTimeout(() => { throw new Error('ten minutes later'); }, 600_000);
    if (resource.name === 'dev') setImmediate(function again() { setImmediate(again); });
    if (resource.name === 'bulk-env-002') {
      // Cleared by the rule itself, and a callback that just returns: no error.
      clearTimeout(setTimeout(() => { throw new Error('never'); }, 10));
      setImmediate(() => undefined);
    }
    return { status: 'pass' };
  },
};
`,
  'tags/lingers/cases.yaml': CASES,
  'tags/spins-later/rule.ts': `export default {
  meta: ${meta('ACME-DEF-006')},
  check(resource) {
    // A minute of spinning in a callback, far above the budget the test gives.
    if (resource.name === 'dev') setImmediate(() => { const end = Date.now() + 60_000; while (Date.now() < end) {} });
    // Scheduled after the spinning one: it no longer runs once the watchdog stopped the rule's callbacks.
    if (resource.name === 'prod') setImmediate(() => process.kill(process.pid));
    return { status: 'pass' };
  },
};
`,
  'tags/spins-later/cases.yaml': CASES,
  'tags/plain/rule.ts': `export default { meta: ${meta('ACME-DEF-003')}, check() { return { status: 'pass' }; } };\n`,
  'tags/plain/cases.yaml': CASES,
});
afterAll(() => pack.cleanup());

const snapshot = snapshotOfEstate(testEstate({ scale: 3 }), '2026-11-01T00:00:00Z');
const now = new Date('2026-11-02T00:00:00Z');

describe('work a user rule schedules for later', () => {
  it('is the error outcome of that rule on the resource it was evaluating; the run goes on', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    const exit = process.exit;
    const kill = process.kill;
    try {
      const { rules } = await loadRules({ extraDirs: [pack.dir], config: defaultConfig() });
      // A budget far above the walk (milliseconds) and far below a hang: the looping callback is stopped by it.
      const result = evaluate({ snapshot, sha256: '0'.repeat(64), rules, config: defaultConfig(), now, toolVersion: 't', budget: { perRuleMs: 2000, clock: () => performance.now() } });
      withLateRuleErrors(result, await settleRuleWork());
      const findings = findingsOf(result).filter((f) => f.status !== 'skip');
      const byName = (id: string) => Object.fromEntries(findings.filter((f) => f.ruleId === id).map((f) => [f.resource.name, f.status === 'error' ? f.error : f.status]));
      expect(byName('ACME-DEF-001')).toEqual({
        prod: "set a timer (setTimeout, 1 ms) that had not run when its evaluation ended; it was cancelled (a check's work ends when it returns)",
        dev: 'a callback it scheduled (setImmediate) threw: from an immediate',
        'bulk-env-000': 'a callback it scheduled (queueMicrotask) threw: from a microtask',
        'bulk-env-001': 'a callback it scheduled (process.nextTick) threw: called process.exit(), which a rule may not do (rules do no I/O and never end the run)',
        'bulk-env-002': 'left a promise rejected that nothing handled: rejected in an immediate',
      });
      const lingers = byName('ACME-DEF-002');
      expect(lingers).toEqual({
        prod: "set a timer (setTimeout, 600000 ms) that had not run when its evaluation ended; it was cancelled (a check's work ends when it returns)",
        dev: "scheduled a callback (setImmediate) that had not run when its evaluation ended; it was cancelled (a check's work ends when it returns)",
        'bulk-env-000': 'pass',
        'bulk-env-001': 'pass',
        'bulk-env-002': 'pass',
      });
      expect(byName('ACME-DEF-006')).toEqual({
        dev: 'a callback it scheduled (setImmediate) was stopped: time budget exceeded (2 s per rule)',
        prod: 'pass',
        'bulk-env-000': 'pass',
        'bulk-env-001': 'pass',
        'bulk-env-002': 'pass',
      });
      expect(Object.values(byName('ACME-DEF-003'))).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
      expect(result.summary.byStatus.error).toBe(8);
      expect(process.exit).toBe(exit);
      expect(process.kill).toBe(kill);
      // Nothing is left to fire later: another turn of the loop, and a second settle finds nothing.
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await settleRuleWork()).toEqual([]);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  }, 120_000);

  it('a callback that runs without error is no error; process.kill from one is refused; a tick that reschedules itself is stopped', async () => {
    const quiet = writePack({
      // Under a budget of its own far above a thousand short callbacks, however loaded the machine.
      'tags/ticks/rule.ts': `export default {
  meta: ${meta('ACME-DEF-005')},
  check(resource) {
    if (resource.name === 'dev') process.nextTick(function again() { process.nextTick(again); });
    return { status: 'pass' };
  },
};
`,
      'tags/ticks/cases.yaml': CASES,
      'tags/quiet/rule.ts': `export default {
  meta: ${meta('ACME-DEF-004')},
  check(resource) {
    if (resource.name === 'dev') setImmediate(() => undefined);
    if (resource.name === 'prod') process.nextTick(() => process.kill(process.pid, 'SIGTERM'));
    return { status: 'pass' };
  },
};
`,
      'tags/quiet/cases.yaml': CASES,
    });
    try {
      const { rules } = await loadRules({ extraDirs: [quiet.dir], config: defaultConfig() });
      const result = evaluate({ snapshot, sha256: '0'.repeat(64), rules, config: defaultConfig(), now, toolVersion: 't', budget: { perRuleMs: 60_000, clock: () => performance.now() } });
      withLateRuleErrors(result, await settleRuleWork());
      const mine = findingsOf(result).filter((f) => f.status !== 'skip');
      expect(mine.filter((f) => f.status === 'error').map((f) => [f.ruleId, f.resource.name, f.error])).toEqual([
        ['ACME-DEF-004', 'prod', 'a callback it scheduled (process.nextTick) threw: called process.kill(), which a rule may not do (rules do no I/O and never end the run)'],
        ['ACME-DEF-005', 'dev', 'kept scheduling callbacks (process.nextTick); stopped after 1000 of them'],
      ]);
      expect(mine.filter((f) => f.status === 'pass')).toHaveLength(8);
    } finally {
      quiet.cleanup();
    }
  }, 60_000);
});
