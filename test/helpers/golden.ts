/** Loads the golden toy models of theory.md §10.0 from the shipped copies in properties/data (the repository stands alone). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { parseJghmText } from '../../theory/model-format.js';
import type { Jghm } from '../../theory/model.js';

/** Absolute path of the shipped reference folder (identical to the team copies; test/properties/reference-data.test.ts compares them). */
export const REFERENCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../properties/data');

/** Loads `<name>.json` from the reference folder. */
export function loadReferenceModel(name: 'toy-jghm' | 'toy-jghm-symmetric'): Jghm {
  return parseJghmText(readFileSync(resolve(REFERENCE_DIR, `${name}.json`), 'utf8'));
}

/** Loads `<name>.expected.json`. */
export function loadExpected(name: 'toy-jghm' | 'toy-jghm-symmetric'): Record<string, any> {
  return JSON.parse(readFileSync(resolve(REFERENCE_DIR, `${name}.expected.json`), 'utf8'));
}

/** Max absolute difference of two numeric arrays (Infinity on length mismatch). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i] - b[i]);
    if (!(x <= d)) d = Number.isNaN(x) ? Infinity : x;
  }
  return d;
}
