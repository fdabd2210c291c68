/**
 * CLI input helpers. (Atomic output lives in the project's ground floor, `io/`.)
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Reads a text file, turning a missing/unreadable file into a UsageError naming the flag. */
export function readTextInput(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--${flag}: cannot read ${path}${code === 'ENOENT' ? ' (no such file)' : code ? ` (${code})` : ''}`);
  }
}
