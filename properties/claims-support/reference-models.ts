/**
 * The golden toy models of theory.md §10.0 (`/work/shared/reference/toy-jghm*.json`) and their expected values, for
 * the claims that include the toy as a check. Resolved relative to this file (the repository sits next to shared/).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJghmText } from '../../theory/model-format.js';
import type { Jghm } from '../../theory/model.js';

/** Absolute path of the shared reference folder. */
export const REFERENCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/reference');

/** Names of the reference toy models. */
export type ReferenceToy = 'toy-jghm' | 'toy-jghm-symmetric';

/** Loads `<name>.json` from the reference folder. */
export function loadReferenceToy(name: ReferenceToy): Jghm {
  return parseJghmText(readFileSync(resolve(REFERENCE_DIR, `${name}.json`), 'utf8'));
}
