/**
 * The pure parts of an organisation run: the --accounts file (ids, CSV with headers, quoting,
 * every problem with its line) and the request budget's token bucket, driven by a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { rateFor } from '../../src/collect/index.ts';
import { RateBudget, TokenBucket, type Clock } from '../../src/collect/rate.ts';
import { parseAccountsFile } from '../../src/collect/targets.ts';
import { InputError } from '../../src/errors.ts';

describe('parseAccountsFile', () => {
  it('reads one id a line, skipping blanks and comments, sorted', () => {
    expect(parseAccountsFile('a.txt', '# prod\n222222222222\n\n111111111111\r\n')).toEqual([{ accountId: '111111111111' }, { accountId: '222222222222' }]);
  });

  it('reads a CSV with a header naming the id and name columns in any order, quotes included', () => {
    const csv = 'Email,Account Name,Account ID\nops@example.com,"Payments, prod",111111111111\nx@example.com,"say ""hi""",222222222222\n';
    expect(parseAccountsFile('org.csv', csv)).toEqual([
      { accountId: '111111111111', name: 'Payments, prod' },
      { accountId: '222222222222', name: 'say "hi"' },
    ]);
  });

  it('reads a headerless CSV as id,name and keeps leading zeros', () => {
    expect(parseAccountsFile('a.csv', '012345678901,dev\n')).toEqual([{ accountId: '012345678901', name: 'dev' }]);
  });

  it('reports every problem with its line: bad ids, duplicates, unterminated quotes', () => {
    try {
      parseAccountsFile('bad.csv', 'id,name\n12345,short\n111111111111,a\n111111111111,b\n"222222222222,broken\n');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).problems).toEqual([
        { file: 'bad.csv', location: 'line 5', message: 'unterminated quoted field' },
        { file: 'bad.csv', location: 'line 2', message: 'not an account id (12 digits): "12345"' },
        { file: 'bad.csv', location: 'line 4', message: 'account 111111111111 is listed twice (first on line 3)' },
      ]);
    }
  });

  it('a first line that is neither an id nor a header is one clear problem; an empty file another', () => {
    expect(() => parseAccountsFile('x.csv', 'hello,world\n')).toThrow(/x\.csv at line 1: neither an account id/);
    expect(() => parseAccountsFile('e.txt', '# nothing\n')).toThrow(/e\.txt: lists no account/);
  });
});

/** A clock whose sleeps advance time at once (after already-queued work, as a timer would). */
function fakeClock(): Clock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      await null;
      clock.t += ms;
    },
  };
  return clock;
}

describe('TokenBucket', () => {
  it('hands out tokens at the rate, in arrival order, starting with one', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(4, 4, clock);
    const granted: Array<[number, number]> = [];
    await Promise.all(Array.from({ length: 9 }, (_, i) => bucket.take().then(() => granted.push([i, clock.t]))));
    expect(granted.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // 1 at once, then one every 250 ms: the 9th at 2 s.
    expect(granted.map(([, t]) => t)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('refills up to the burst while idle, never beyond', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(2, 2, clock);
    await bucket.take();
    clock.t += 60_000;
    const start = clock.t;
    for (let i = 0; i < 3; i++) await bucket.take();
    // Two from the burst, the third after half a second.
    expect(clock.t - start).toBe(500);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
  });
});

describe('RateBudget', () => {
  it('keeps one bucket per account, region and service; rate 0 is no budget', async () => {
    const clock = fakeClock();
    const budget = new RateBudget((service) => (service === 'iam' ? 0 : 1), clock);
    await budget.take('111111111111', 'us-east-1', 'proton');
    await budget.take('222222222222', 'us-east-1', 'proton');
    await budget.take('111111111111', 'eu-west-1', 'proton');
    await budget.take('111111111111', 'us-east-1', 'tagging');
    expect(clock.t).toBe(0);
    for (let i = 0; i < 5; i++) await budget.take('111111111111', 'global', 'iam');
    expect(clock.t).toBe(0);
    await budget.take('111111111111', 'us-east-1', 'proton');
    expect(clock.t).toBe(1000);
  });

  it('defaults to the budget for AWS and to none for a loopback endpoint, unless set', () => {
    const endpoints = { proton: 'http://127.0.0.1:4566', iam: 'https://iam.amazonaws.com' };
    expect(rateFor(undefined, endpoints)('proton')).toBe(0);
    expect(rateFor(undefined, endpoints)('iam')).toBe(5);
    expect(rateFor(undefined, {})('tagging')).toBe(5);
    expect(rateFor(2.5, endpoints)('proton')).toBe(2.5);
    expect(rateFor(0, {})('iam')).toBe(0);
  });
});
