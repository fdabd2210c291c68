/**
 * Input checks shared by the statistics module. Every check throws a one-line `RangeError` that names the function
 * (`where`) and the argument, e.g. `assertMeanAtLeast: falseFailureRate must be in (0, 1), got 2`.
 */

/** A numeric sample: a Float64Array or a plain array of numbers. */
export type Samples = Float64Array | readonly number[];

/** Throws unless `value` is a finite number. Returns it. */
export function checkFinite(value: number, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0. Returns it. */
export function checkPositive(value: number, name: string, where: string): number {
  checkFinite(value, name, where);
  if (!(value > 0)) throw new RangeError(`${where}: ${name} must be > 0, got ${String(value)}`);
  return value;
}

/** Throws unless `value` is a finite number ≥ 0. Returns it. */
export function checkNonNegative(value: number, name: string, where: string): number {
  checkFinite(value, name, where);
  if (!(value >= 0)) throw new RangeError(`${where}: ${name} must be >= 0, got ${String(value)}`);
  return value;
}

/** Throws unless `value` is an integer ≥ `min`. Returns it. */
export function checkInteger(value: number, name: string, where: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${where}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless `rate` is an error probability strictly inside (0, 1). Returns it. */
export function checkRate(rate: number, name: string, where: string): number {
  if (typeof rate !== 'number' || !(rate > 0 && rate < 1)) {
    throw new RangeError(`${where}: ${name} must be in (0, 1), got ${String(rate)}`);
  }
  return rate;
}

/** Throws unless `samples` is a non-empty array of finite numbers (at least `minLength`). Returns it. */
export function checkSamples(samples: Samples, name: string, where: string, minLength = 1): Samples {
  if (!(samples instanceof Float64Array) && !Array.isArray(samples)) {
    throw new RangeError(`${where}: ${name} must be a Float64Array or an array of numbers`);
  }
  if (samples.length === 0) throw new RangeError(`${where}: ${name} must be non-empty`);
  if (samples.length < minLength) {
    throw new RangeError(`${where}: ${name} needs at least ${minLength} values, got ${samples.length}`);
  }
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${where}: ${name}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
  return samples;
}

/** Throws unless `range` is `[a, b]` with finite a < b. Returns it. */
export function checkRange(range: readonly [number, number] | undefined, name: string, where: string): [number, number] {
  if (range === undefined) throw new RangeError(`${where}: ${name} is required (the interval [a, b] the variables lie in)`);
  if (!Array.isArray(range) || range.length !== 2) throw new RangeError(`${where}: ${name} must be a pair [a, b]`);
  const [a, b] = range;
  checkFinite(a, `${name}[0]`, where);
  checkFinite(b, `${name}[1]`, where);
  if (!(a < b)) throw new RangeError(`${where}: ${name} must satisfy a < b, got [${a}, ${b}]`);
  return [a, b];
}
