import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The learned claims train models for minutes in one process (they share their trained encoders within it): start
 * that file first, so the rest of the suite runs beside it on the other workers instead of after it.
 */
const LONGEST_FIRST = ['test/properties/learned-claims.test.ts'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((p) => f.moduleId.replaceAll('\\', '/').endsWith(p));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default in run mode is one worker fewer than the CPUs (1 on the 2-core CI machine): use them all.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongestFirst },
    setupFiles: ['test/setup.ts'],
    // The JSON report lets `.ci/run` print the plain `N passed, N failed` line CI reads.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
