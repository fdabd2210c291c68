/**
 * The claims and tests read the reference data the package ships (properties/data/): the published figure data and
 * the golden toys. Those are copies of the team's reference files. When CLIP_THEORY_REFERENCE_DIR names the team's
 * reference folder (`.ci/run` sets it when that folder sits beside the checkout), every shipped copy must equal its
 * original byte for byte. Without it this comparison (and only this one) is skipped, printing why: the package itself
 * never reads anything outside the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../properties/data/reference-toys.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = process.env.CLIP_THEORY_REFERENCE_DIR ? resolve(REPO_ROOT, process.env.CLIP_THEORY_REFERENCE_DIR) : undefined;
const FILES = ['paper-figures.json', 'toy-jghm.json', 'toy-jghm.expected.json', 'toy-jghm-symmetric.json', 'toy-jghm-symmetric.expected.json'];
const present = SHARED !== undefined && existsSync(SHARED);
const reason =
  SHARED === undefined
    ? 'CLIP_THEORY_REFERENCE_DIR is not set (no team reference folder to compare with): the shipped copies are not compared'
    : `${SHARED} (CLIP_THEORY_REFERENCE_DIR) does not exist: the shipped copies are not compared`;

describe('shipped reference data', () => {
  if (!present) console.log(`reference-data.test.ts: skipped, ${reason}`);
  for (const f of FILES) {
    it(`properties/data/${f} equals the team's reference copy of ${f}`, (ctx) => {
      ctx.skip(!present, reason);
      const shipped = readFileSync(resolve(REFERENCE_DIR, f));
      expect(shipped.equals(readFileSync(resolve(SHARED!, f)))).toBe(true);
    });
  }
  it('every shipped copy exists', () => {
    for (const f of FILES) expect(existsSync(resolve(REFERENCE_DIR, f)), f).toBe(true);
  });
});
