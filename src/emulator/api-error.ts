/** An AWS error the emulator answers with: its code, HTTP status and message, in any protocol. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Formats validation failures the way AWS services word them. */
export function validationMessage(failures: readonly string[]): string {
  const n = failures.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${failures.join('; ')}`;
}

export const READ_ONLY_MESSAGE = 'the proton-audit emulator is read-only';
