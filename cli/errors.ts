/**
 * Errors the CLI reports as one line with exit code 2 (bad input), and the mapping of library errors onto them.
 */
import { ModelError } from '../theory/model.js';
import { EnumerationTooLargeError } from '../theory/enumeration.js';

/** A usage or input error: printed as one line naming the flag or field, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True for errors caused by bad input (exit code 2), false for internal failures. */
export function isInputError(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof ModelError || e instanceof EnumerationTooLargeError;
}

/** The one-line message printed for an error. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n\s*/g, ' ').trim();
}
