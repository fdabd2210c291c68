/**
 * The golden toy models of theory.md §10.0 and their expected values (from an independent NumPy implementation), for
 * the claims that include the toy as a check. Shipped with the claims in properties/data/ (copies of the team's
 * shared reference files).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJghmText } from '../../theory/model-format.js';
import type { Jghm } from '../../theory/model.js';

/** Absolute path of the folder holding the reference toys (properties/data). */
export const REFERENCE_DIR = dirname(fileURLToPath(import.meta.url));

/** Names of the reference toy models. */
export type ReferenceToy = 'toy-jghm' | 'toy-jghm-symmetric';

/** Loads `<name>.json` from the reference folder. */
export function loadReferenceToy(name: ReferenceToy): Jghm {
  return parseJghmText(readFileSync(resolve(REFERENCE_DIR, `${name}.json`), 'utf8'));
}
