/**
 * File-system errors in words a user can act on. An ordinary condition — a full disk, a
 * read-only file system, a folder without permission — is bad luck or bad input, not a bug:
 * it becomes a GovbuyError (exit 2) that says what happened and what to do, never "internal
 * error … please report".
 */
import { GovbuyError, type GovbuyErrorCode } from '../engine/errors.ts';

export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a file operation failed, in a few words. */
export function reason(err: unknown): string {
  switch (errnoCode(err)) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full (or your disk quota is used up)';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'EIO':
      return 'an input/output error (a failing disk or a lost network file system)';
    default:
      return (err as Error)?.message ?? String(err);
  }
}

/** Conditions of the machine rather than of govbuy: the operation can be retried once they are fixed. */
export function isEnvironmentError(err: unknown): boolean {
  return ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EMFILE', 'ENFILE', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ELOOP', 'EEXIST', 'ENOTEMPTY', 'EBUSY', 'ETXTBSY', 'EXDEV'].includes(errnoCode(err) ?? '');
}

/**
 * What to do about a write that failed this way: for a new output (`fresh`), or for a folder
 * to be continued in place (a sweep's --resume), where another --out is no answer.
 */
export function writeAdvice(err: unknown, fresh = true): string | null {
  switch (errnoCode(err)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return fresh ? 'free some disk space (or choose an --out on another disk)' : 'free some disk space';
    case 'EROFS':
      return fresh ? 'choose an --out on a writable disk' : 'make the disk writable again (or copy the folder to a writable disk and continue there)';
    case 'EACCES':
    case 'EPERM':
      return fresh ? 'choose an --out in a folder you may write to, or fix its permissions' : 'fix the folder\'s permissions';
    default:
      return null;
  }
}

/**
 * A GovbuyError for a failed write: `what` names the file or folder; `then` says how to carry on
 * once the cause is fixed (e.g. "then continue with govbuy sweep … --resume").
 */
export function writeError(what: string, err: unknown, then?: string, code: GovbuyErrorCode = 'OUTPUT_UNWRITABLE'): GovbuyError {
  if (err instanceof GovbuyError) return err;
  const advice = writeAdvice(err);
  const steps = advice && then ? `${advice}, and ${then}` : (advice ?? then);
  return new GovbuyError(code, `cannot write ${what}: ${reason(err)}${steps ? `; ${steps}` : ''}`);
}
