/**
 * A realistic fake RunResults for the report tests: four claims (two passing with plots of published vs our
 * series, one failing with a counterexample, one erroring), with text full of characters that need escaping.
 */
import { RESULTS_SCHEMA, type ClaimResult, type RunResults } from '../../reports/results-schema.js';

/** Nasty text exercising HTML, XML and Markdown escaping. */
export const NASTY = `<script>alert("x")</script> & 'q' | *b* _i_ \`c\` $m$ [l](u) #h ~s~ @u \\ \u0001`;

/** Content of the failing claim's counterexample model file. */
export const COUNTEREXAMPLE_FILE = { name: 'counterexamples/lemma-bp-exact.jghm.json', content: '{"format":"jghm/v1","states":2}\n' };

/** A long fast-check path (shrinking paths run to hundreds of characters without a space). */
export const LONG_PATH = Array.from({ length: 160 }, (_, i) => (i * 7) % 11).join(':');

/** A long unbreakable token, as in check details (`name=value,name=value,…`). */
export const LONG_TOKEN = Array.from({ length: 12 }, (_, i) => `quantity${i}=0.${'3'.repeat(10)}${i}`).join(',');

function claims(seed: number): ClaimResult[] {
  const ns = [100, 300, 1000, 3000, 10000];
  return [
    {
      id: 'thm-clip-sufficiency',
      title: 'CLIP embeddings are approximately sufficient',
      source: { kind: 'paper', tag: 'FOUND', reference: 'Theorem 1, arXiv 2501.04641v2' },
      statement: { expression: 'abs(risk_clip - risk_bayes) <= C / sqrt(n)', tex: '\\left|\\mathcal{R}_{\\mathrm{CLIP}} - \\mathcal{R}^\\star\\right| \\le \\frac{C}{\\sqrt{n}}' },
      tier: 'quick',
      seed,
      status: 'pass',
      falseFailureRate: 1e-4,
      power: '0.9 against a gap of 0.02',
      summary: 'gap 0.0123 within the bound 0.031 at n = 10000',
      quantities: [
        { name: 'risk gap', tex: '\\Delta_n', estimate: 0.0123, ci: [0.0101, 0.0145], se: 0.0011, exact: false, note: '99.99% CI' },
        { name: 'Bayes risk', tex: '\\mathcal{R}^\\star', estimate: 0.25, exact: true },
      ],
      checks: [
        { description: 'upper CI below the bound', passed: true, detail: '0.0145 ≤ 0.031' },
        { description: 'rate exponent ≈ −1/2', passed: true, detail: 'fitted −0.49 ± 0.03' },
      ],
      plots: [
        {
          id: 'gap-vs-n',
          title: 'Risk gap vs n (ours vs Fig. 2)',
          xLabel: 'n',
          yLabel: 'risk gap',
          logX: true,
          logY: true,
          series: [
            { name: 'ours', kind: 'ours', points: ns.map((n) => ({ x: n, y: 1.2 / Math.sqrt(n), lo: 1.0 / Math.sqrt(n), hi: 1.4 / Math.sqrt(n) })) },
            { name: 'paper Fig. 2', kind: 'published', points: ns.map((n) => ({ x: n, y: 1.3 / Math.sqrt(n) })) },
            { name: 'bound C/√n', kind: 'bound', points: ns.map((n) => ({ x: n, y: 3.1 / Math.sqrt(n) })) },
          ],
        },
      ],
      replay: `npm run verify -- --seed ${seed} --tier quick --claim thm-clip-sufficiency`,
      timing: { durationMs: 1234 },
    },
    {
      id: 'prop-zsc-risk',
      title: `Zero-shot classification risk ${NASTY}`,
      source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: `Prop. 3 ${NASTY}` },
      statement: { expression: 'risk_zsc <= risk_clip + eps', tex: 'R_{\\mathrm{ZSC}} \\le R_{\\mathrm{CLIP}} + \\varepsilon' },
      tier: 'quick',
      seed,
      status: 'pass',
      falseFailureRate: 5e-5,
      summary: `holds with margin 0.2 ${NASTY}`,
      quantities: [{ name: `margin ${NASTY}`, estimate: 0.2, ci: [0.18, 0.22], exact: false, note: NASTY }],
      checks: [{ description: `margin > 0 ${NASTY}`, passed: true, detail: NASTY }],
      table: { columns: ['p', `risk ${NASTY}`], rows: [[0.1, 0.25], [0.2, `n/a ${NASTY}`]] },
      plots: [
        {
          id: 'zsc-vs-p',
          title: `ZSC risk vs p ${NASTY}`,
          xLabel: 'flip probability p',
          yLabel: 'risk',
          series: [
            { name: 'ours', kind: 'ours', points: [0.1, 0.2, 0.3].map((p) => ({ x: p, y: p / 2, lo: p / 2 - 0.01, hi: p / 2 + 0.01 })) },
            { name: 'paper Table 1', kind: 'published', points: [0.1, 0.2, 0.3].map((p) => ({ x: p, y: p / 2 + 0.005 })) },
            { name: 'fit', kind: 'fit', points: [0.1, 0.2, 0.3].map((p) => ({ x: p, y: p / 2 + 0.002, lo: p / 2 - 0.005, hi: p / 2 + 0.009 })) },
          ],
        },
      ],
      replay: `npm run verify -- --seed ${seed} --tier quick --claim prop-zsc-risk`,
      message: NASTY,
      timing: { durationMs: 456 },
    },
    {
      id: 'lemma-bp-exact',
      title: 'Belief propagation equals brute-force posteriors',
      source: { kind: 'paper', tag: 'FOUND-CODE', reference: 'Lemma 2 / reference code bp.py' },
      statement: { expression: 'max(abs(bp - brute)) <= 1e-12', tex: '\\max_i \\lvert p_{\\mathrm{BP}}(i) - p_{\\mathrm{brute}}(i) \\rvert \\le 10^{-12}' },
      tier: 'quick',
      seed,
      status: 'fail',
      falseFailureRate: 0,
      summary: 'max deviation 3.2e-3 on a 2-state model (exact check)',
      quantities: [{ name: 'max deviation', estimate: 0.0032, exact: true }],
      checks: [
        { description: 'posteriors agree to 1e-12', passed: false, detail: `max |Δ| = 3.2e-3 at leaf 5; ${LONG_TOKEN}` },
        { description: 'posteriors sum to one', passed: true, detail: 'max |Σ−1| = 2e-16' },
      ],
      counterexample: {
        modelFile: COUNTEREXAMPLE_FILE.name,
        fastCheckSeed: 424242,
        path: LONG_PATH,
        replay: `npm run verify -- --seed ${seed} --claim lemma-bp-exact --model ${COUNTEREXAMPLE_FILE.name}`,
        description: 'branching 3, flip probability 0.5 on the root edge',
      },
      replay: `npm run verify -- --seed ${seed} --tier quick --claim lemma-bp-exact`,
      timing: { durationMs: 78 },
    },
    {
      id: 'cdm-rate',
      title: 'Conditional diffusion risk rate',
      source: { kind: 'paper', tag: 'UNKNOWN', reference: 'Theorem 4' },
      statement: { expression: 'risk_cdm <= C * n^(-alpha)', tex: 'R_{\\mathrm{CDM}} \\le C n^{-\\alpha}' },
      tier: 'quick',
      seed,
      status: 'error',
      falseFailureRate: 1e-4,
      summary: 'could not run: estimator diverged',
      quantities: [],
      checks: [],
      replay: `npm run verify -- --seed ${seed} --tier quick --claim cdm-rate`,
      message: 'RangeError: step size underflow at iteration 12',
      timing: { durationMs: 3001 },
    },
  ];
}

/** A complete fake run (deep-copied on each call, so tests may mutate it). */
export function fakeResults(seed = 123): RunResults {
  const cs = claims(seed);
  return {
    schema: RESULTS_SCHEMA,
    tool: { name: 'clip-theory', version: '0.1.0' },
    seed,
    tier: 'quick',
    falseFailureBudget: cs.reduce((s, c) => s + c.falseFailureRate, 0),
    environment: { node: 'v20.20.2', platform: 'linux-x64', cpus: 2, backend: 'cpu' },
    timing: { startedAt: '2026-01-02T03:04:05.000Z', durationMs: 4800 },
    replay: `npm run verify -- --seed ${seed} --tier quick`,
    claims: cs,
  };
}

/** The fake run split into `count` shards (claims dealt round-robin), each a valid shard result. */
export function fakeShards(count: number, seed = 123): RunResults[] {
  const all = fakeResults(seed);
  return Array.from({ length: count }, (_, k) => {
    const claimsK = all.claims.filter((_, i) => i % count === k);
    return {
      ...all,
      shard: { index: k + 1, count },
      falseFailureBudget: claimsK.reduce((s, c) => s + c.falseFailureRate, 0),
      timing: { startedAt: `2026-01-02T03:0${4 + k}:05.000Z`, durationMs: 1000 * (k + 1) },
      replay: `${all.replay} --shard ${k + 1}/${count}`,
      claims: claimsK,
    };
  });
}
