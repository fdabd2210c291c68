/**
 * The one error type of the experiments runner for bad input (a malformed spec, an unknown experiment, a bad shard,
 * a results folder that is not one). Its message names the field or argument; the CLI prints it as one line, exit 2.
 */

/** Bad input to the experiments runner; the message names the field, flag or file. */
export class ExperimentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExperimentError';
  }
}
