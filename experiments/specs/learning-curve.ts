/**
 * The acceptance learning curve (issue "Trainable models"; README "Training CLIP encoders"): the gap of trained CLIP
 * encoders to the Bayes loss on the PyTorch baseline's JGHM (the authors' kernels, 4 states, depth 3, 2 children,
 * p = 0.2, NumPy seed 42), 4-layer versus 1-layer encoders, the paper's readout p = S versus p = 16, 8 seeds, 2000
 * steps each with evaluations every 250 steps on 20 000 test pairs. 32 cells; about 330 s per 4-layer cell and 100 s
 * per 1-layer cell on one idle core (wasm + OpenBLAS).
 */
import type { ExperimentSpec } from '../runner/spec.js';

export default {
  name: 'learning-curve',
  title: 'Learning curve on the acceptance set-up: encoder depth × readout dimension, 8 seeds, 2000 steps',
  description:
    "Gap of the test CLIP loss to the exact Bayes loss at steps 250–2000 for 4-layer and 1-layer encoders (width 32, 1 head, no attention output projection) with the paper's readout p = S = 4 and with p = 16, on the authors' kernels (S = 4, depth 3, 2 children, p = 0.2); targets: gap ≤ 0.10 at step 500 and ≤ 0.05 at step 2000.",
  models: [{ label: 'authors-s4', title: "authors' kernels, S = 4, depth 3, 2 children, p = 0.2", value: { kind: 'authors', states: 4, depth: 3, children: 2, p: 0.2, numpySeed: 42 } }],
  encoders: [
    { label: 'L4-pS', title: "4 layers, p = S = 4 (the paper's readout)", value: { layers: 4 } },
    { label: 'L4-p16', title: '4 layers, p = 16', value: { layers: 4, outDim: 16 } },
    { label: 'L1-pS', title: '1 layer, p = S', value: { layers: 1 } },
    { label: 'L1-p16', title: '1 layer, p = 16', value: { layers: 1, outDim: 16 } },
  ],
  seeds: [224, 225, 226, 227, 228, 229, 230, 231],
  sampleSizes: ['online'],
  steps: [2000],
  train: { width: 32, heads: 1, batch: 128, k: 4, lr: 1e-3, lrMin: 1e-5, weightDecay: 1e-3, gradClip: 1, evalEvery: 250, testPairs: 20000 },
  table: {
    evalSteps: [250, 500, 1000, 2000],
    targets: [
      { step: 500, maxGap: 0.1 },
      { step: 2000, maxGap: 0.05 },
    ],
  },
} satisfies ExperimentSpec;
