/**
 * The file-system rules of export and import, in one place:
 * - folders are given as absolute paths (the shells pass what a native dialog returned);
 * - an export goes only into a folder that is empty or does not exist yet — never over files —
 *   and every file is created with O_EXCL (`wx`), so one that appears meanwhile is not
 *   overwritten either;
 * - every path written is resolved and checked to lie inside the export folder, whatever the
 *   names (which layout.ts has already sanitized) contain.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api/contract';

/** The folder as a normalized absolute path; `invalid_argument` for a relative one. */
export function absoluteFolder(input: string, field: string): string {
  if (input.includes('\0') || !path.isAbsolute(input)) {
    throw new ApiError('invalid_argument', `${field} must be an absolute path`, [{ path: field, message: 'must be an absolute path' }]);
  }
  return path.resolve(input);
}

/**
 * Checks that `dir` can receive an export: it does not exist (it will be created) or it is an
 * empty folder. Anything else is a `conflict`, so nothing is ever overwritten silently.
 */
export function checkExportTarget(dir: string): { exists: boolean } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw new ApiError('storage', `Baton cannot use ${dir}: ${(error as Error).message}`);
  }
  if (!stat.isDirectory()) throw new ApiError('conflict', `${dir} is a file, not a folder`);
  if (fs.readdirSync(dir).length > 0) throw new ApiError('conflict', `${dir} is not empty; choose an empty or new folder so nothing is overwritten`);
  return { exists: true };
}

/** The folder to import from: it must exist and be a folder. */
export function checkImportSource(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ApiError('not_found', `There is no folder ${dir}`);
    throw new ApiError('storage', `Baton cannot read ${dir}: ${(error as Error).message}`);
  }
  if (!stat.isDirectory()) throw new ApiError('invalid_argument', `${dir} is a file, not a folder`, [{ path: 'sourceDir', message: 'must be a folder' }]);
}

/**
 * The absolute path of `relative` (a `/`-separated path from layout.ts) inside `root`; refuses
 * anything that would leave it (`..`, an absolute or drive path, an empty name).
 */
export function insideRoot(root: string, relative: string): string {
  const parts = relative.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\0') || /^[A-Za-z]:/.test(part))) {
    throw new ApiError('invalid_argument', `Refusing to write outside the export folder: ${JSON.stringify(relative)}`);
  }
  const target = path.resolve(root, ...parts);
  const back = path.relative(root, target);
  if (!back || back.startsWith('..') || path.isAbsolute(back)) {
    throw new ApiError('invalid_argument', `Refusing to write outside the export folder: ${JSON.stringify(relative)}`);
  }
  return target;
}
