/**
 * Planted failing twin of learned-sample-complexity: the claim's own training protocol (early-stopped deep encoders on
 * fixed datasets, the quick tier's grid, seeds and thresholds) on the first model of the learned claims' shared draw
 * (root seed 1), with one planted defect: the datasets' texts are shuffled across pairs (labels shuffled: image and
 * text of a pair independent, in the training set and in the validation split). The claim's statement must FAIL.
 *
 * Floor: the claim measures it with the learned pool's deep runs (2 × 600 steps of fresh data); to stay cheap the twin
 * uses the depth claim's δ instead, an upper bound of that floor (learned-depth-reaches-bayes checks deep excess ≤ δ;
 * measured 0.021–0.044). A larger floor only steepens a decreasing curve of log(excess − floor) (d/df of
 * log(e₁ − f) − log(e₃ − f) is > 0 for e₃ < e₁), so failing at δ means failing at the true floor too.
 *
 * The same runs check the early-stopping mechanics: the kept snapshot is the evaluation with the lowest validation
 * loss, and training stopped `patience` evaluations after it or at the step cap.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileStatement } from '../../../properties/engine/statement.js';
import type { ClaimDefinition } from '../../../properties/engine/claim.js';
import { exactTables } from '../../../theory/exact-tables.js';
import type { Jghm } from '../../../theory/model.js';
import { Rng } from '../../../theory/random.js';
import { learnedJghmArbitrary } from '../../../properties/learned/learned-jghm.js';
import { LEARNED_DRAW } from '../../../properties/learned/learned-presets.js';
import { learnedBackend } from '../../../properties/learned/learned-backend.js';
import { clipExcess } from '../../../properties/learned/learned-quantities.js';
import { type EarlyStoppedRun, trainEarlyStopped } from '../../../properties/learned/early-stopped-clip.js';
import { sampleComplexityScope } from '../../../properties/learned/sample-complexity-scope.js';
import claim, { earlyStopOptionsOf } from '../../../properties/claims/learned-sample-complexity.claim.js';
import depthClaim from '../../../properties/claims/learned-depth-reaches-bayes.claim.js';

const ROOT_SEED = 1;
const S = claim.parameters.quick!;
const Q = S.learned;

let model: Jghm;
let runs: EarlyStoppedRun[][];

beforeAll(async () => {
  await learnedBackend('quick');
  const seed = Rng.fromSeed(ROOT_SEED).split(`shared-draw:${LEARNED_DRAW}`).nextUint32() | 0;
  [model] = fc.sample(learnedJghmArbitrary(Q.family), { seed, numRuns: 1 });
  runs = [];
  for (const n of S.grid) {
    const row: EarlyStoppedRun[] = [];
    for (const s of Q.seeds) row.push(await trainEarlyStopped(model, { ...Q.deep, datasetSize: n }, s, { ...earlyStopOptionsOf(S, n), pairing: 'shuffled' }));
    runs.push(row);
  }
  console.log(`sample-complexity twin on ${model.name} (root seed ${ROOT_SEED}, training seeds ${Q.seeds.join(', ')})`);
}, 600_000);

describe('planted failing twin of learned-sample-complexity', () => {
  it('fails when the texts of every dataset are shuffled across pairs', () => {
    const floor = depthClaim.parameters.quick!.depth.delta;
    const excess = runs.map((row) => row.map((r) => r.bestExcess));
    const { scope, record } = sampleComplexityScope(S.grid, excess, floor, S.decay, Rng.fromSeed(ROOT_SEED).split('twin-bootstrap'));
    console.log('twin excess per n and seed', excess, 'seed slopes', record.seedSlopes, 'pooled', record.fit?.slope, record.fit?.slopeInterval, 'scope', scope);
    expect(compileStatement(claim.statement, (claim as ClaimDefinition<never>).symbols).evaluate(scope)).toBe(false);
  });

  it('early stopping keeps the lowest-validation snapshot and stops patience evaluations after it (or at the cap)', () => {
    const t = exactTables(model);
    for (const row of runs) {
      for (const r of row) {
        const best = r.curve.reduce((a, b) => (b.validation < a.validation ? b : a));
        expect(r.best.step).toBe(best.step);
        expect(r.bestExcess).toBe(best.excess);
        expect(r.bestExcess).toBeCloseTo(clipExcess(t, r.best.similarity).total, 12);
        expect(r.stoppedAt).toBe(r.curve[r.curve.length - 1].step);
        expect(r.stoppedAt === Q.deep.steps || r.stoppedAt - r.best.step === S.patience * S.evalEvery).toBe(true);
        expect(r.curve.map((p) => p.step)).toEqual(r.curve.map((_, i) => Math.min(i * S.evalEvery, Q.deep.steps)));
      }
    }
  });
});
