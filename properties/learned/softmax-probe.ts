/**
 * A softmax probe from embeddings to the BP root posterior: the linear map W (with bias) minimising the expected
 * cross-entropy Σ_x p(x)·CE(π_x, softmax(W·[e_x; 1])) over all leaf configurations x, plus a tiny ridge 1e-6·‖W‖²
 * that keeps the minimiser finite when a posterior is (nearly) one-hot. The embeddings are standardised per coordinate
 * (weighted by p(x)) first; the objective is convex, minimised by gradient descent with Armijo backtracking to a
 * gradient norm of 1e-7 (or 5 000 iterations). Float64 throughout.
 *
 * The probe's KL, E_x KL(π_x ‖ π̂_x), is reported next to the KL of the best CONSTANT probe, which is the root prior
 * ψ_r (Σ_x p(x)π_x = ψ_r) with E_x KL(π_x ‖ ψ_r) = I(x; s_r): the information about the root that a probe could recover.
 */

/** Result of a probe fit. */
export interface ProbeFit {
  /** E_x KL(π_x ‖ π̂_x) in nats. */
  readonly kl: number;
  /** E_x KL(π_x ‖ ψ_r) = I(x; root): the KL of the best constant probe. */
  readonly constantKl: number;
  /** Iterations used and the final gradient norm. */
  readonly iterations: number;
  readonly gradNorm: number;
}

function klRows(post: Float64Array, q: Float64Array, weights: Float64Array, S: number): number {
  let acc = 0;
  for (let x = 0; x < weights.length; x++) {
    if (weights[x] === 0) continue;
    for (let s = 0; s < S; s++) {
      const p = post[x * S + s];
      if (p > 0) acc += weights[x] * p * Math.log(p / q[x * S + s]);
    }
  }
  return acc;
}

/**
 * Fits the probe. `embeddings` [n × dim], `posteriors` [n × S] (rows of zero-weight configurations are ignored),
 * `weights` p(x) [n], `prior` ψ_r [S].
 */
export function fitSoftmaxProbe(
  embeddings: Float64Array,
  dim: number,
  posteriors: Float64Array,
  weights: Float64Array,
  prior: ArrayLike<number>,
): ProbeFit {
  const n = weights.length;
  const S = prior.length;
  if (embeddings.length !== n * dim || posteriors.length !== n * S) throw new RangeError('fitSoftmaxProbe: shapes do not match');
  const D = dim + 1;
  // standardised features with a bias column
  const feat = new Float64Array(n * D);
  let wsum = 0;
  for (let x = 0; x < n; x++) wsum += weights[x];
  for (let d = 0; d < dim; d++) {
    let m = 0;
    for (let x = 0; x < n; x++) m += weights[x] * embeddings[x * dim + d];
    m /= wsum;
    let v = 0;
    for (let x = 0; x < n; x++) v += weights[x] * (embeddings[x * dim + d] - m) ** 2;
    const sd = Math.sqrt(v / wsum) || 1;
    for (let x = 0; x < n; x++) feat[x * D + d] = (embeddings[x * dim + d] - m) / sd;
  }
  for (let x = 0; x < n; x++) feat[x * D + dim] = 1;
  const ridge = 1e-6;
  const W = new Float64Array(S * D);
  const q = new Float64Array(n * S);
  const logits = new Float64Array(S);
  const objective = (w: Float64Array, out: Float64Array): number => {
    let f = 0;
    for (let x = 0; x < n; x++) {
      let m = -Infinity;
      for (let s = 0; s < S; s++) {
        let a = 0;
        for (let d = 0; d < D; d++) a += w[s * D + d] * feat[x * D + d];
        logits[s] = a;
        if (a > m) m = a;
      }
      let z = 0;
      for (let s = 0; s < S; s++) z += Math.exp(logits[s] - m);
      const lz = m + Math.log(z);
      for (let s = 0; s < S; s++) {
        out[x * S + s] = Math.exp(logits[s] - lz);
        if (weights[x] > 0 && posteriors[x * S + s] > 0) f -= weights[x] * posteriors[x * S + s] * (logits[s] - lz);
      }
    }
    for (let i = 0; i < w.length; i++) f += ridge * w[i] * w[i];
    return f;
  };
  const grad = new Float64Array(S * D);
  const trial = new Float64Array(S * D);
  const qTrial = new Float64Array(n * S);
  let f = objective(W, q);
  let step = 1;
  let it = 0;
  let gnorm = Infinity;
  for (; it < 5000; it++) {
    grad.fill(0);
    for (let x = 0; x < n; x++) {
      if (weights[x] === 0) continue;
      for (let s = 0; s < S; s++) {
        const r = weights[x] * (q[x * S + s] - posteriors[x * S + s]);
        for (let d = 0; d < D; d++) grad[s * D + d] += r * feat[x * D + d];
      }
    }
    let g2 = 0;
    for (let i = 0; i < grad.length; i++) {
      grad[i] += 2 * ridge * W[i];
      g2 += grad[i] * grad[i];
    }
    gnorm = Math.sqrt(g2);
    if (gnorm < 1e-7) break;
    step = Math.min(step * 2, 1e3);
    for (;;) {
      for (let i = 0; i < W.length; i++) trial[i] = W[i] - step * grad[i];
      const ft = objective(trial, qTrial);
      if (ft <= f - 0.5 * step * g2 || step < 1e-12) {
        W.set(trial);
        q.set(qTrial);
        f = ft;
        break;
      }
      step /= 2;
    }
  }
  const priorRows = new Float64Array(n * S);
  for (let x = 0; x < n; x++) for (let s = 0; s < S; s++) priorRows[x * S + s] = prior[s];
  return { kl: klRows(posteriors, q, weights, S), constantKl: klRows(posteriors, priorRows, weights, S), iterations: it, gradNorm: gnorm };
}
