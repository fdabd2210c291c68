/**
 * The error thrown by report code for bad input: a one-line message that names the function and the field.
 */

/** Bad input to a report function (invalid results, conflicting shards, unsafe file names). */
export class ReportError extends Error {
  /** Function that rejected the input (e.g. `validateResults`). */
  readonly fn: string;
  /** Offending field or argument, as a path (e.g. `claims[2].quantities[0].ci`). */
  readonly field: string;

  constructor(fn: string, field: string, message: string) {
    super(`${fn}: ${field}: ${message}`);
    this.name = 'ReportError';
    this.fn = fn;
    this.field = field;
  }
}
