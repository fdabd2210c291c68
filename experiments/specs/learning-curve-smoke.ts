/**
 * A small real variant of `learning-curve` that runs in about a minute on two cores: the same JGHM family (the
 * authors' kernels, S = 4, depth 3, 2 children, p = 0.2), 4-layer versus 1-layer encoders of width 16 with the
 * paper's readout, 2 seeds, 300 steps of 32 pairs, evaluations every 75 steps on 2000 test pairs. It proves the
 * runner end to end; its numbers are not the acceptance numbers.
 */
import type { ExperimentSpec } from '../runner/spec.js';

export default {
  name: 'learning-curve-smoke',
  title: 'Smoke variant of learning-curve: 2 depths × 2 seeds, width 16, 300 steps',
  description: "The learning-curve flow at a size that runs in about a minute: 4-layer vs 1-layer encoders (width 16, 1 head, p = S) on the authors' kernels (S = 4, depth 3, 2 children, p = 0.2), seeds 224–225, 300 steps of 32 pairs with K = 4.",
  models: [{ label: 'authors-s4', title: "authors' kernels, S = 4, depth 3, 2 children, p = 0.2", value: { kind: 'authors', states: 4, depth: 3, children: 2, p: 0.2, numpySeed: 42 } }],
  encoders: [
    { label: 'L4-w16', title: '4 layers, width 16, p = S', value: { layers: 4 } },
    { label: 'L1-w16', title: '1 layer, width 16, p = S', value: { layers: 1 } },
  ],
  seeds: [224, 225],
  sampleSizes: ['online'],
  steps: [300],
  train: { width: 16, heads: 1, batch: 32, k: 4, lr: 1e-3, lrMin: 1e-5, weightDecay: 1e-3, gradClip: 1, evalEvery: 75, testPairs: 2000 },
  table: { evalSteps: [75, 150, 300] },
} satisfies ExperimentSpec;
