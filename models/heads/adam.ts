/**
 * Full-batch Adam on a flat Float64Array of parameters (plain JS, deterministic): the optimiser of the downstream
 * heads. No weight decay here (the heads add their ridge term to the loss and its gradient).
 */

/** Adam settings. */
export interface AdamSettings {
  /** Steps (full-batch gradient evaluations). */
  readonly steps: number;
  /** Learning rate. */
  readonly lr: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
}

/**
 * Minimises `lossAndGrad` from `params` (updated in place) by Adam; `lossAndGrad(params, grad)` writes the gradient into
 * `grad` and returns the loss. Returns the loss at the final parameters.
 */
export function adamMinimise(params: Float64Array, lossAndGrad: (p: Float64Array, g: Float64Array) => number, s: AdamSettings): number {
  const b1 = s.beta1 ?? 0.9;
  const b2 = s.beta2 ?? 0.999;
  const eps = s.eps ?? 1e-8;
  const n = params.length;
  const g = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  for (let k = 1; k <= s.steps; k++) {
    lossAndGrad(params, g);
    const c1 = 1 - b1 ** k;
    const c2 = 1 - b2 ** k;
    for (let i = 0; i < n; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      params[i] -= (s.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
  return lossAndGrad(params, g);
}
