/**
 * The claims and tests read the reference data the package ships (properties/data/): the published figure data and
 * the golden toys. Those are copies of the team's reference files; when the team folder `../shared/reference` sits
 * beside the repository root, every shipped copy must equal its original byte for byte. A clone with nothing beside
 * it skips this comparison (and only this one), printing why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../properties/data/reference-toys.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = resolve(REPO_ROOT, '../shared/reference');
const FILES = ['paper-figures.json', 'toy-jghm.json', 'toy-jghm.expected.json', 'toy-jghm-symmetric.json', 'toy-jghm-symmetric.expected.json'];
const present = existsSync(SHARED);
const reason = `${SHARED} does not exist (no team reference folder beside this checkout): the shipped copies are not compared`;

describe('shipped reference data', () => {
  if (!present) console.log(`reference-data.test.ts: skipped, ${reason}`);
  for (const f of FILES) {
    it(`properties/data/${f} equals ../shared/reference/${f}`, (ctx) => {
      ctx.skip(!present, reason);
      const shipped = readFileSync(resolve(REFERENCE_DIR, f));
      expect(shipped.equals(readFileSync(resolve(SHARED, f)))).toBe(true);
    });
  }
  it('every shipped copy exists', () => {
    for (const f of FILES) expect(existsSync(resolve(REFERENCE_DIR, f)), f).toBe(true);
  });
});
