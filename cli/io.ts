/**
 * Atomic file output: nothing half-written. Files are written to a temporary sibling and renamed into place;
 * directories are assembled in a temporary sibling and swapped in, so an interrupted run leaves the previous
 * output intact.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** Writes `data` to `path` atomically (temp file + rename); creates the parent directory. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(resolve(path));
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** A fresh temporary directory next to `finalDir` to assemble output in. */
export function stagingDirFor(finalDir: string): string {
  const abs = resolve(finalDir);
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = join(dirname(abs), `.${basename(abs)}.staging-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  return tmp;
}

/** Replaces `finalDir` by the staged directory (the old one is removed only after the swap). */
export function commitStagedDir(staging: string, finalDir: string): void {
  const abs = resolve(finalDir);
  let old: string | undefined;
  if (existsSync(abs)) {
    old = `${abs}.old-${process.pid}-${Date.now()}`;
    renameSync(abs, old);
  }
  renameSync(staging, abs);
  if (old) rmSync(old, { recursive: true, force: true });
}

/** Reads a text file, turning a missing/unreadable file into a UsageError naming the flag. */
export function readTextInput(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--${flag}: cannot read ${path}${code === 'ENOENT' ? ' (no such file)' : code ? ` (${code})` : ''}`);
  }
}
