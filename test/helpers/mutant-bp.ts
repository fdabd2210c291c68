/**
 * A slow, obviously-written BP for leaf marginals, with one planted bug on request: `doubleCountChild` makes the
 * downward message to a child include that child's own upward message (it should include only its siblings'), the
 * double-counting error the Fig. 2c claim must catch. With the flag off it is the slow twin of `leafMarginals`.
 */
import { gaussianEvidence, leafMarginals, posteriorMeans, rootMessageOf, type LeafEvidence } from '../../theory/belief-propagation.js';
import { CHUNK, estimate, noisyLeaves } from '../../theory/monte-carlo.js';
import { samplePairs } from '../../theory/sampling.js';
import type { RiskEstimator } from '../../properties/paper/bayes-curve-claim.js';
import { kernelOf, treeOf, type Jghm, type Modality } from '../../theory/model.js';

/** Leaf marginals [n × leaves × S], as `leafMarginals`, computed node by node; `doubleCountChild` plants the bug. */
export function slowLeafMarginals(doubleCountChild: boolean) {
  return (model: Jghm, modality: Modality, evidence: LeafEvidence, rootMessage?: Float64Array): Float64Array => {
    const tree = treeOf(model, modality);
    const S = model.states;
    const L = tree.depth;
    const out = new Float64Array(evidence.n * tree.leaves * S);
    // h[l]: per node of layer l, the likelihood of its subtree's evidence given its state; q[l]: the message it sends
    // to its parent (Σ_u K(s, u) h(u)); a[l]: the message it receives from outside its subtree. Flat [nodes × S].
    const h = tree.layerSizes.map((size) => new Float64Array(size * S));
    const q = tree.layerSizes.map((size) => new Float64Array(size * S));
    const a = tree.layerSizes.map((size) => new Float64Array(size * S));
    const beta = new Float64Array(S);
    for (let i = 0; i < evidence.n; i++) {
      h[L].set(evidence.data.subarray(i * tree.leaves * S, (i + 1) * tree.leaves * S));
      for (let l = L; l >= 1; l--) {
        const m = tree.branching[l - 1];
        for (let j = 0; j < tree.layerSizes[l]; j++) {
          const K = kernelOf(tree, S, l, j);
          for (let s = 0; s < S; s++) {
            let v = 0;
            for (let u = 0; u < S; u++) v += K[s * S + u] * h[l][j * S + u];
            q[l][j * S + s] = v;
          }
        }
        for (let j = 0; j < tree.layerSizes[l - 1]; j++) {
          for (let s = 0; s < S; s++) {
            let v = 1;
            for (let c = 0; c < m; c++) v *= q[l][(j * m + c) * S + s];
            h[l - 1][j * S + s] = v;
          }
        }
      }
      for (let s = 0; s < S; s++) a[0][s] = model.rootPrior[s] * (rootMessage ? rootMessage[i * S + s] : 1);
      for (let l = 1; l <= L; l++) {
        const m = tree.branching[l - 1];
        for (let j = 0; j < tree.layerSizes[l - 1]; j++) {
          for (let c = 0; c < m; c++) {
            const child = j * m + c;
            for (let s = 0; s < S; s++) {
              let v = a[l - 1][j * S + s];
              // the correct message multiplies the siblings' messages only; the planted bug multiplies the child's own too
              for (let c2 = 0; c2 < m; c2++) if (doubleCountChild || c2 !== c) v *= q[l][(j * m + c2) * S + s];
              beta[s] = v;
            }
            const K = kernelOf(tree, S, l, child);
            let total = 0;
            for (let u = 0; u < S; u++) {
              let v = 0;
              for (let s = 0; s < S; s++) v += beta[s] * K[s * S + u];
              a[l][child * S + u] = v;
              total += v;
            }
            for (let u = 0; u < S; u++) a[l][child * S + u] /= total;
          }
        }
      }
      for (let t = 0; t < tree.leaves; t++) {
        let sum = 0;
        for (let s = 0; s < S; s++) sum += a[L][t * S + s] * h[L][t * S + s];
        for (let s = 0; s < S; s++) out[(i * tree.leaves + t) * S + s] = (a[L][t * S + s] * h[L][t * S + s]) / sum;
      }
    }
    return out;
  };
}

/**
 * The CDM risk estimator of the curve claims with the denoiser's leaf marginals computed by `marginals`: the same
 * chunks, random streams and values as `bayesCdmRisk` when `marginals` is BP's.
 */
export function cdmRiskWith(marginals: typeof leafMarginals): RiskEstimator {
  return (task, model, n, rng, inference) => {
    if (task !== 'cdm') throw new RangeError(`cdmRiskWith: task must be 'cdm' (got ${task})`);
    const S = model.states;
    const values = new Float64Array(n);
    for (let start = 0, c = 0; start < n; start += CHUNK, c++) {
      const size = Math.min(CHUNK, n - start);
      const r = rng.split(`chunk${c}`);
      const p = samplePairs(model, size, r.split('pairs'));
      const z = noisyLeaves(p.image, 1, r.split('noise'));
      const ev = gaussianEvidence(S, p.image.leaves, z, 1);
      const means = posteriorMeans(S, marginals(inference, 'image', ev, rootMessageOf(inference, 'text', p.text)));
      const T = p.image.leaves;
      for (let i = 0; i < size; i++) {
        let acc = 0;
        for (let t = 0; t < T; t++) acc += (p.image.data[i * T + t] - means[i * T + t]) ** 2;
        values[start + i] = acc;
      }
    }
    return estimate(values);
  };
}
