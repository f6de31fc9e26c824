import { describe, expect, it } from 'vitest';
import { classifyFailure, oneLine } from '../../src/collect/failure.ts';

function sdkError(name: string, status: number | undefined, extra: Record<string, unknown> = {}): Error {
  const err = new Error(`${name} happened`);
  err.name = name;
  Object.assign(err, { $metadata: status === undefined ? {} : { httpStatusCode: status }, ...extra });
  return err;
}

describe('classifyFailure', () => {
  it.each([
    ['AccessDeniedException', 400, 'denied'],
    ['AccessDenied', 403, 'denied'],
    ['InvalidClientTokenId', 403, 'denied'],
    ['ThrottlingException', 400, 'error'],
    ['ValidationException', 400, 'error'],
    ['ResourceNotFoundException', 400, 'error'],
    ['InternalServerException', 500, 'error'],
    ['TimeoutError', undefined, 'unavailable'],
  ] as const)('%s (%s) is %s', (name, status, expected) => {
    const f = classifyFailure(sdkError(name, status));
    expect(f.status).toBe(expected);
    expect(f.code).toBe(name);
    expect(f.network).toBe(expected === 'unavailable');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT'])('socket error %s means the endpoint did not answer', (code) => {
    const err = Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, $metadata: { attempts: 2 } });
    expect(classifyFailure(err)).toEqual({ status: 'unavailable', code, message: `connect ${code} 127.0.0.1:1`, network: true });
  });

  it('an HTTP answer is never a network failure, whatever its name', () => {
    expect(classifyFailure(sdkError('TimeoutError', 504)).network).toBe(false);
  });

  it('a socket error wrapped as the cause is seen through', () => {
    const err = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(classifyFailure(err)).toMatchObject({ code: 'ECONNRESET', network: true });
  });

  it('non-errors and nameless errors get a code', () => {
    expect(classifyFailure('boom')).toMatchObject({ status: 'error', code: 'UnknownError', message: 'boom' });
    expect(classifyFailure(new Error('plain'))).toMatchObject({ code: 'UnknownError', message: 'plain' });
  });
});

describe('oneLine', () => {
  it('flattens whitespace and bounds the length', () => {
    expect(oneLine('a\n  b\tc')).toBe('a b c');
    expect(oneLine('red \u001b[31mtext\u0007')).toBe('red ?[31mtext?');
    const long = oneLine('x'.repeat(500), 10);
    expect(long).toHaveLength(10);
    expect(long.endsWith('…')).toBe(true);
  });
});
