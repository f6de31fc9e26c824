/** File-system error codes as a reader would say them. */
export function describeFsError(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot be read (${code})`;
  }
}

/** What went wrong writing a file or making a folder, for an output path. */
export function describeWriteError(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'a folder on the path does not exist';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EEXIST':
      return 'already exists';
    case 'ELOOP':
      return 'too many symbolic links on the path';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EFBIG':
      return 'the file is too large for the file system';
    case 'EXDEV':
      return 'the temporary file and the target are on different file systems';
    default:
      return `cannot be written (${code})`;
  }
}

/** A Node file-system error (it has an errno code and a syscall), as opposed to a bug. */
export function isFsError(err: unknown): err is NodeJS.ErrnoException & { code: string; syscall: string } {
  if (err === null || typeof err !== 'object') return false;
  const e = err as NodeJS.ErrnoException;
  return typeof e.code === 'string' && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === 'string';
}
