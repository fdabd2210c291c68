/**
 * `npm run bench -- <suite> [--json]`: benchmark suites. `bp` (exact core: root posteriors and sampling throughput)
 * and `train` (training step time per backend). Each suite module exports `run(argv): Promise<number>`.
 */
const SUITES: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  bp: () => import('./bp.js'),
  train: () => import('./train.js'),
};

const [suite, ...rest] = process.argv.slice(2);
if (!suite || !(suite in SUITES)) {
  process.stderr.write(`bench: unknown or missing suite ${suite ? `'${suite}'` : ''} (suites: ${Object.keys(SUITES).join(', ')})\n`);
  process.exitCode = 2;
} else {
  SUITES[suite]()
    .then((m) => m.run(rest))
    .then((code) => {
      process.exitCode = code;
    });
}
