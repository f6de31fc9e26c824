import { describe, expect, it } from 'vitest';
import { classifyFailure, MESSAGE_LIMIT } from '../../src/collect/failure.ts';

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

describe('failure messages', () => {
  it('are one line, without escape sequences, and bounded', () => {
    const f = classifyFailure(Object.assign(new Error(`red \u001b[31mtext\u0007\n${'x'.repeat(500)}`), { name: 'ThrottlingException' }));
    expect(f.message.startsWith('red text x')).toBe(true);
    expect(Array.from(f.message)).toHaveLength(MESSAGE_LIMIT);
  });
});
