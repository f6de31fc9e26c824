/**
 * What went wrong with one API call, in coverage terms. SDK errors are duck-typed (name, code,
 * $metadata) so this file needs no SDK import and unit tests can build plain errors.
 */
import type { CoverageStatus } from '../model/index.ts';
import { boundedLine } from '../util/text.ts';

/** Server messages are kept to this many characters in snapshots and logs. */
export const MESSAGE_LIMIT = 300;

export interface Failure {
  status: Exclude<CoverageStatus, 'ok'>;
  code: string;
  message: string;
  /** The endpoint did not answer at all (refused, reset, DNS, timeout). */
  network: boolean;
}

const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'Forbidden',
  'NotAuthorized',
  'AWSOrganizationsNotInUseException',
]);

// Node socket errors and the SDK's own timeout names: the endpoint never gave an HTTP answer.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'TimeoutError',
  'RequestTimeout',
  'NetworkingError',
]);

function field(err: unknown, key: string): unknown {
  return err !== null && typeof err === 'object' ? (err as Record<string, unknown>)[key] : undefined;
}

function httpStatus(err: unknown): number | undefined {
  const meta = field(err, '$metadata');
  const status = meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>).httpStatusCode : undefined;
  return typeof status === 'number' ? status : undefined;
}

export function classifyFailure(err: unknown): Failure {
  const rawCode = field(err, 'code');
  const name = field(err, 'name');
  const nested = field(err, 'cause');
  const causeCode = field(nested, 'code');
  const code =
    (typeof rawCode === 'string' && rawCode) ||
    (typeof causeCode === 'string' && NETWORK_CODES.has(causeCode) && causeCode) ||
    (typeof field(err, 'Code') === 'string' && (field(err, 'Code') as string)) ||
    (typeof name === 'string' && name !== 'Error' && name) ||
    'UnknownError';
  const rawMessage = field(err, 'message');
  const message = boundedLine(typeof rawMessage === 'string' && rawMessage ? rawMessage : String(err), MESSAGE_LIMIT);
  const status = httpStatus(err);

  if (NETWORK_CODES.has(code) && status === undefined) return { status: 'unavailable', code, message, network: true };
  if (DENIED_CODES.has(code) || status === 403) return { status: 'denied', code, message, network: false };
  return { status: 'error', code, message, network: false };
}
