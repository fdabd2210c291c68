/**
 * The claims ship copies of the team's reference data (properties/data/): the published figure data and the golden
 * toys. They must equal the shared originals byte for byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR as SHARED } from '../helpers/golden.js';

const FILES = ['paper-figures.json', 'toy-jghm.json', 'toy-jghm.expected.json', 'toy-jghm-symmetric.json', 'toy-jghm-symmetric.expected.json'];

describe('shipped reference data', () => {
  for (const f of FILES) {
    it(`properties/data/${f} equals ../shared/reference/${f}`, () => {
      const shipped = readFileSync(new URL(`../../properties/data/${f}`, import.meta.url));
      expect(shipped.equals(readFileSync(`${SHARED}/${f}`))).toBe(true);
    });
  }
});
