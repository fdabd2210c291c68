/**
 * The narrowed test set of the mutation runs (stryker.config.mjs): the fast tests that exercise the mutated files.
 * Not used by `npm test`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/properties/statement.test.ts',
      'test/theory/zero-probability.test.ts',
      'test/theory/exact-tables.test.ts',
      'test/theory/information.test.ts',
      'test/theory/belief-propagation.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
