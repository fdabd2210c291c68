// Mutation testing (StrykerJS with the vitest runner): `npm run mutate`, or `npm run mutate -- --mutate theory/x.ts`.
// Not part of `npm test` (minutes per file). Incremental: results are cached in reports/mutation/stryker-incremental.json
// (git-ignored), so a rerun only tests mutants in code or tests that changed; delete the file (or pass --force) for a
// full run. Reports: reports/mutation/mutation.html and mutation.json. The scores measured are in README.md
// ("Mutation testing").
//
// Surviving mutants left alive on purpose (measured 2026-11-30; README.md "Mutation testing" has the scores):
// - theory/exact-tables.ts, loop bounds `<` → `<=` (marginalAndPosterior's x and s loops, jointTable's x loop,
//   transposeTable's j loop): equivalent. The extra iteration only writes past the end of a typed array (ignored) or
//   writes an entry that the next iteration overwrites before any read.
// - theory/exact-tables.ts, jointTable `if (a === 0) continue` → never skip: equivalent (it only skips adding zeros).
// - theory/exact-tables.ts, exactTables `likelihoodTable(model, 'text', …)` → `''`: equivalent (treeOf maps every
//   modality other than 'image' to the text tree; only the wording of a text-tree refusal would change).
// - properties/engine/statement.ts, `parent.type === 'FunctionNode'` → true inside isFn: equivalent (only a
//   FunctionNode has the `fn` the next conjunct compares).
// - properties/engine/statement.ts, TeX handler `if (n.type !== 'SymbolNode') return undefined` → never: equivalent
//   (a non-symbol node has no name, so neither the symbol map nor the symbol set matches it).
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
