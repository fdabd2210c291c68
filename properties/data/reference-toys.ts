/**
 * The golden toy models of theory.md §10.0 and their expected values (computed by an independent NumPy enumeration),
 * shipped with the package in properties/data/ (copies of the team's reference files; test/properties/
 * reference-data.test.ts compares them with the originals when those are present). The one loader of the toys: the
 * claims, the unit tests and the CLI tests all read them from here.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJghmText } from '../../theory/model-format.js';
import type { Jghm } from '../../theory/model.js';

/** Absolute path of the folder holding the shipped reference data (properties/data). */
export const REFERENCE_DIR = dirname(fileURLToPath(import.meta.url));

/** Names of the reference toy models: 'toy-jghm' (child-dependent kernels) and 'toy-jghm-symmetric'. */
export type ReferenceToy = 'toy-jghm' | 'toy-jghm-symmetric';

/** Absolute path of `<name>.json` (the model) in the shipped reference folder. */
export function referenceToyPath(name: ReferenceToy): string {
  return resolve(REFERENCE_DIR, `${name}.json`);
}

/** Absolute path of `<name>.expected.json` (its golden values) in the shipped reference folder. */
export function referenceExpectedPath(name: ReferenceToy): string {
  return resolve(REFERENCE_DIR, `${name}.expected.json`);
}

/** Loads the toy `<name>.json` (a jghm/v1 model). */
export function loadReferenceToy(name: ReferenceToy): Jghm {
  return parseJghmText(readFileSync(referenceToyPath(name), 'utf8'));
}

/** Loads the golden values `<name>.expected.json` (format jghm-oracle-result/v1; read field by field by the tests). */
export function loadReferenceExpected(name: ReferenceToy): Record<string, any> {
  return JSON.parse(readFileSync(referenceExpectedPath(name), 'utf8')) as Record<string, any>;
}
