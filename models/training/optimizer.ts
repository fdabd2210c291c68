/**
 * Training utilities: AdamW (decoupled weight decay, PyTorch `torch.optim.AdamW` semantics), the cosine learning-rate
 * schedule, and gradient clipping by global norm (PyTorch `clip_grad_norm_` semantics).
 */
import * as tf from '@tensorflow/tfjs';

/** AdamW hyper-parameters. `lr` is the default rate; `step` takes the rate of the current step explicitly. */
export interface AdamWOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** Which variables get weight decay (by name); default: all (as the paper's own AdamW). */
  decay?: (name: string) => boolean;
}

/** Serializable AdamW state: step count and first/second moments per variable (same order as `names`). */
export interface AdamWState {
  step: number;
  names: string[];
  m: Float32Array[];
  v: Float32Array[];
}

/** Gradients by variable name, as returned by `tf.variableGrads(...).grads`. */
export type GradMap = Map<string, tf.Tensor> | tf.NamedTensorMap;

/** The (name, gradient) pairs of a gradient map (shared with the device AdamW). */
export function entries(grads: GradMap): [string, tf.Tensor][] {
  return grads instanceof Map ? [...grads.entries()] : Object.entries(grads);
}

/** Checks an optimiser hyper-parameter, naming the field (shared with the device AdamW). */
export function checkRate(where: string, field: string, v: unknown, min: number, maxExclusive?: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (maxExclusive !== undefined && v >= maxExclusive)) {
    throw new RangeError(`${where}: ${field} must be a finite number in [${min}, ${maxExclusive ?? '∞'}), got ${String(v)}`);
  }
  return v;
}

/**
 * Checks the variables and hyper-parameters of an AdamW (host or device) and fills the defaults
 * (β1 0.9, β2 0.999, ε 1e-8, weight decay 0); errors name `where` and the field.
 */
export function adamWHyperparameters(where: string, vars: unknown, opts: AdamWOptions): { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number } {
  if (!Array.isArray(vars) || vars.length === 0) throw new RangeError(`${where}: vars must be a non-empty array of tf.Variable`);
  if (opts === null || typeof opts !== 'object') throw new RangeError(`${where}: opts must be an object`);
  return {
    lr: checkRate(where, 'opts.lr', opts.lr, 0),
    beta1: checkRate(where, 'opts.beta1', opts.beta1 ?? 0.9, 0, 1),
    beta2: checkRate(where, 'opts.beta2', opts.beta2 ?? 0.999, 0, 1),
    eps: checkRate(where, 'opts.eps', opts.eps ?? 1e-8, 0),
    weightDecay: checkRate(where, 'opts.weightDecay', opts.weightDecay ?? 0, 0),
  };
}

/**
 * AdamW: for each variable p with gradient g, at step t (1-based):
 * p ← p·(1 − lr·wd); m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²;
 * p ← p − (lr / (1−β1^t)) · m / (sqrt(v)/sqrt(1−β2^t) + eps).
 * Variables without a gradient in a step are left unchanged (their moments too); the step count is global.
 */
export class AdamW {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly vars: Map<string, tf.Variable> = new Map();
  private readonly decayed: Map<string, boolean> = new Map();
  /** Moments live in JS memory (float32): the update is one fused JS loop per variable, not ~10 tfjs ops. */
  private m: Map<string, Float32Array> = new Map();
  private v: Map<string, Float32Array> = new Map();
  private t = 0;

  constructor(vars: tf.Variable[], opts: AdamWOptions) {
    const where = 'AdamW';
    ({ lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay } = adamWHyperparameters(where, vars, opts));
    for (const v of vars) {
      if (this.vars.has(v.name)) throw new RangeError(`${where}: duplicate variable name '${v.name}'`);
      if (v.dtype !== 'float32') throw new RangeError(`${where}: variable '${v.name}' must be float32, got ${v.dtype}`);
      this.vars.set(v.name, v);
      this.decayed.set(v.name, opts.decay ? opts.decay(v.name) : true);
      this.m.set(v.name, new Float32Array(v.size));
      this.v.set(v.name, new Float32Array(v.size));
    }
  }

  /** Number of steps taken so far. */
  get stepCount(): number {
    return this.t;
  }

  /**
   * Applies one update with learning rate `lr` (e.g. from `cosineLr`). Does not dispose the gradients. Reads the
   * gradients and parameters synchronously (wasm, cpu, tensorflow; on webgpu use `stepAsync`).
   */
  step(grads: GradMap, lr: number = this.lr): void {
    const list = this.begin(grads, lr);
    for (const [name, g] of list) this.update(name, g.dataSync() as Float32Array, this.vars.get(name)!.dataSync() as Float32Array, lr);
  }

  /** `step` with asynchronous reads (works on every backend, including webgpu). */
  async stepAsync(grads: GradMap, lr: number = this.lr): Promise<void> {
    const list = this.begin(grads, lr);
    for (const [name, g] of list) {
      const [gv, pv] = await Promise.all([g.data(), this.vars.get(name)!.data()]);
      this.update(name, gv as Float32Array, pv as Float32Array, lr);
    }
  }

  private begin(grads: GradMap, lr: number): [string, tf.Tensor][] {
    checkRate('AdamW.step', 'lr', lr, 0);
    const list = entries(grads);
    for (const [name, g] of list) {
      const p = this.vars.get(name);
      if (!p) throw new RangeError(`AdamW.step: gradient for unknown variable '${name}'`);
      if (g.size !== p.size) throw new RangeError(`AdamW.step: gradient for '${name}' has ${g.size} entries, variable has ${p.size}`);
    }
    this.t += 1;
    return list;
  }

  private update(name: string, g: Float32Array, pOld: Float32Array, lr: number): void {
    const { beta1: b1, beta2: b2, eps, t } = this;
    const p = this.vars.get(name)!;
    const m = this.m.get(name)!;
    const v = this.v.get(name)!;
    const stepSize = lr / (1 - b1 ** t);
    const rsqrtBc2 = 1 / Math.sqrt(1 - b2 ** t);
    const decay = this.decayed.get(name) ? 1 - lr * this.weightDecay : 1;
    const out = new Float32Array(pOld.length);
    for (let i = 0; i < out.length; i++) {
      const gi = g[i];
      const mi = b1 * m[i] + (1 - b1) * gi;
      const vi = b2 * v[i] + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      out[i] = pOld[i] * decay - (stepSize * mi) / (Math.sqrt(vi) * rsqrtBc2 + eps);
    }
    tf.tidy(() => p.assign(tf.tensor(out, p.shape, 'float32')));
  }

  /** A copy of the state. */
  getState(): AdamWState {
    const names = [...this.vars.keys()];
    return {
      step: this.t,
      names,
      m: names.map((n) => Float32Array.from(this.m.get(n)!)),
      v: names.map((n) => Float32Array.from(this.v.get(n)!)),
    };
  }

  /** Restores a state from `getState` (same variable names and sizes, any order of construction). */
  setState(state: AdamWState): void {
    const where = 'AdamW.setState';
    if (!state || !Number.isSafeInteger(state.step) || state.step < 0) throw new RangeError(`${where}: state.step must be a non-negative integer`);
    if (!Array.isArray(state.names) || state.names.length !== this.vars.size) {
      throw new RangeError(`${where}: state.names must list the ${this.vars.size} optimised variables`);
    }
    state.names.forEach((name, i) => {
      const p = this.vars.get(name);
      if (!p) throw new RangeError(`${where}: state.names has unknown variable '${name}'`);
      for (const [field, arr] of [['m', state.m?.[i]], ['v', state.v?.[i]]] as const) {
        if (!(arr instanceof Float32Array) || arr.length !== p.size) {
          throw new RangeError(`${where}: state.${field}[${i}] ('${name}') must be a Float32Array of length ${p.size}`);
        }
      }
    });
    state.names.forEach((name, i) => {
      this.m.set(name, Float32Array.from(state.m[i]));
      this.v.set(name, Float32Array.from(state.v[i]));
    });
    this.t = state.step;
  }

  /** Frees the moments (not the optimised variables). */
  dispose(): void {
    this.m = new Map();
    this.v = new Map();
  }
}

/**
 * Cosine schedule without warm-up (the paper's): lr(step) = lrMin + (lrMax − lrMin)·(1 + cos(π·step/total))/2 for
 * 0 ≤ step ≤ total (lrMax at 0, lrMin at total), and lrMin after `total`.
 */
export function cosineLr(step: number, total: number, lrMax: number, lrMin: number): number {
  if (!Number.isFinite(step) || step < 0) throw new RangeError(`cosineLr: step must be a finite number >= 0, got ${String(step)}`);
  if (!Number.isFinite(total) || total <= 0) throw new RangeError(`cosineLr: total must be a finite number > 0, got ${String(total)}`);
  if (!Number.isFinite(lrMax) || !Number.isFinite(lrMin) || lrMin < 0 || lrMax < lrMin) {
    throw new RangeError(`cosineLr: need 0 <= lrMin <= lrMax (finite), got lrMin=${String(lrMin)}, lrMax=${String(lrMax)}`);
  }
  if (step >= total) return lrMin;
  return lrMin + ((lrMax - lrMin) * (1 + Math.cos((Math.PI * step) / total))) / 2;
}

/**
 * Scales all gradients by min(1, maxNorm/(norm + 1e-6)) where norm is the global L2 norm over all of them
 * (PyTorch `clip_grad_norm_`). Returns NEW tensors (the caller disposes both the inputs and the outputs) keyed like
 * the input, and the pre-clipping norm. Reads the gradients synchronously (not on webgpu: use
 * `clipByGlobalNormAsync` there).
 */
export function clipByGlobalNorm(grads: GradMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: number } {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm must be a number > 0, got ${String(maxNorm)}`);
  const list = entries(grads);
  let sq = 0; // float64 accumulation of the squared entries (read synchronously: one small copy per gradient)
  for (const [, g] of list) {
    const a = g.dataSync() as Float32Array;
    for (let i = 0; i < a.length; i++) sq += a[i] * a[i];
  }
  const norm = Math.sqrt(sq);
  const scale = Math.min(1, maxNorm / (norm + 1e-6));
  const out: tf.NamedTensorMap = {};
  for (const [name, g] of list) out[name] = scale === 1 ? tf.clone(g) : tf.tidy(() => tf.mul(g, scale));
  return { grads: out, norm };
}

/** `clipByGlobalNorm` with asynchronous reads (works on every backend, including webgpu). */
export async function clipByGlobalNormAsync(grads: GradMap, maxNorm: number): Promise<{ grads: tf.NamedTensorMap; norm: number }> {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0)) throw new RangeError(`clipByGlobalNormAsync: maxNorm must be a number > 0, got ${String(maxNorm)}`);
  const list = entries(grads);
  let sq = 0;
  for (const [, g] of list) {
    const a = (await g.data()) as Float32Array;
    for (let i = 0; i < a.length; i++) sq += a[i] * a[i];
  }
  const norm = Math.sqrt(sq);
  const scale = Math.min(1, maxNorm / (norm + 1e-6));
  const out: tf.NamedTensorMap = {};
  for (const [name, g] of list) out[name] = scale === 1 ? tf.clone(g) : tf.tidy(() => tf.mul(g, scale));
  return { grads: out, norm };
}
