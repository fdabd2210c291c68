// Mutation testing (StrykerJS with the vitest runner): `npm run mutate`, or `npm run mutate -- --mutate theory/x.ts`.
// Not part of `npm test` (minutes per file). Incremental: results are cached in reports/mutation/stryker-incremental.json
// (git-ignored), so a rerun only tests mutants in code or tests that changed; delete the file (or pass --force) for a
// full run. Reports: reports/mutation/mutation.html and mutation.json. The scores measured are in README.md
// ("Mutation testing").
//
// Surviving mutants left alive on purpose (equivalent or not worth a test), by file:
// - theory/exact-tables.ts: `if (w === 0) continue` in densityRatio → `if (false)` survives only where every posterior
//   entry of a zero-prior state is 0 and 0/0 is never formed… no: it forms 0/0 = NaN, killed by the zero-prior tests.
//   (see the README table for the measured list; every survivor is listed there with its reason)
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  // The default scope: the exact core and the statement evaluator. Other files of theory/, properties/engine and
  // properties/statistics can be given with --mutate (with tests that cover them added to vitest.mutation.config.ts).
  mutate: ['theory/exact-tables.ts', 'theory/information.ts', 'theory/belief-propagation.ts', 'properties/engine/statement.ts'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 1,
  timeoutMS: 60_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
