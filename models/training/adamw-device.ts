/**
 * AdamW with gradient clipping, entirely on the device: the moments are tfjs variables and the update, the global
 * gradient norm and the clipping are tfjs ops, so a step reads nothing back to the host (no `dataSync`, no `data`).
 * This is the optimizer of the webgpu path, where a synchronous read is impossible under Node (tfjs-backend-webgpu's
 * `dataSync` needs `OffscreenCanvas`) and every read is a pipeline stall.
 *
 * Same algorithm and state format as the host `AdamW` (`optimizer.ts`, PyTorch `torch.optim.AdamW` and
 * `clip_grad_norm_` semantics), computed in float32 instead of the host loop's float64, so results agree with it to
 * float32 rounding, not bit for bit. A checkpoint written by either resumes on the other.
 *
 * Two implementations of the same update:
 * - `fused: true` (default): all gradients are concatenated into one flat vector, the moments are two flat variables,
 *   and the norm, clipping and update run once over the flat vector (≈ 15 ops plus one slice per variable, instead of
 *   ≈ 12 ops per variable): far fewer GPU dispatches. Needs a gradient for every variable.
 * - `fused: false`: the same ops per variable (the obviously-correct twin; also accepts a subset of gradients).
 * Without clipping the two are bit-identical on one backend (same float32 ops per element); with clipping they can
 * differ in the last bit of the scale (the norm's summation order).
 */
import * as tf from '@tensorflow/tfjs';
import { type AdamWOptions, type AdamWState, type GradMap, adamWHyperparameters, checkRate, entries } from './optimizer.js';

/** Options of `DeviceAdamW`: the host AdamW's, plus the implementation switch. */
export interface DeviceAdamWOptions extends AdamWOptions {
  /** One flat update over all variables (default true) or one per variable (the twin). */
  fused?: boolean;
}


/** A non-trainable float32 variable of zeros (the temporary zeros tensor is freed). */
function zerosVariable(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape), false));
}

/** AdamW + global-norm clipping as tfjs ops; moments on the device. See the file comment. */
export class DeviceAdamW {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly fused: boolean;
  private readonly vars: tf.Variable[];
  private readonly index = new Map<string, number>();
  private readonly decayed: boolean[];
  private readonly offsets: number[] = [];
  private readonly total: number;
  /** Fused: one flat m and v. Per variable: one of each per variable. */
  private m: tf.Variable[] = [];
  private v: tf.Variable[] = [];
  /** Fused, when some variables are not decayed: 1 where decayed, 0 elsewhere (flat). */
  private decayMask?: tf.Tensor1D;
  private t = 0;
  private disposed = false;

  constructor(vars: tf.Variable[], opts: DeviceAdamWOptions) {
    const where = 'DeviceAdamW';
    ({ lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay } = adamWHyperparameters(where, vars, opts));
    this.fused = opts.fused ?? true;
    this.vars = [...vars];
    let off = 0;
    vars.forEach((v, i) => {
      if (this.index.has(v.name)) throw new RangeError(`${where}: duplicate variable name '${v.name}'`);
      if (v.dtype !== 'float32') throw new RangeError(`${where}: variable '${v.name}' must be float32, got ${v.dtype}`);
      this.index.set(v.name, i);
      this.offsets.push(off);
      off += v.size;
    });
    this.total = off;
    this.decayed = vars.map((v) => (opts.decay ? opts.decay(v.name) : true));
    if (this.fused) {
      this.m = [zerosVariable([this.total])];
      this.v = [zerosVariable([this.total])];
      if (this.decayed.some((d) => !d)) {
        const mask = new Float32Array(this.total);
        vars.forEach((v, i) => mask.fill(this.decayed[i] ? 1 : 0, this.offsets[i], this.offsets[i] + v.size));
        this.decayMask = tf.tensor1d(mask);
      }
    } else {
      this.m = vars.map((v) => zerosVariable(v.shape));
      this.v = vars.map((v) => zerosVariable(v.shape));
    }
  }

  /** Number of steps taken so far. */
  get stepCount(): number {
    return this.t;
  }

  /**
   * One AdamW step with learning rate `lr`, after clipping the gradients to global norm `maxNorm` (PyTorch
   * `clip_grad_norm_`: scale min(1, maxNorm/(norm + 1e-6))) when given. Reads nothing back; returns the pre-clipping
   * global gradient norm as a device scalar (the caller disposes it). Does not dispose the gradients.
   */
  step(grads: GradMap, lr: number = this.lr, maxNorm?: number): { norm: tf.Scalar } {
    if (this.disposed) throw new Error('DeviceAdamW.step: the optimizer was disposed');
    checkRate('DeviceAdamW.step', 'lr', lr, 0);
    if (maxNorm !== undefined && !(typeof maxNorm === 'number' && maxNorm > 0)) throw new RangeError(`DeviceAdamW.step: maxNorm must be a number > 0, got ${String(maxNorm)}`);
    const list = entries(grads).map(([name, g]) => {
      const i = this.index.get(name);
      if (i === undefined) throw new RangeError(`DeviceAdamW.step: gradient for unknown variable '${name}'`);
      if (g.size !== this.vars[i].size) throw new RangeError(`DeviceAdamW.step: gradient for '${name}' has ${g.size} entries, variable has ${this.vars[i].size}`);
      return { i, g };
    });
    if (this.fused && list.length !== this.vars.length) {
      const have = new Set(list.map((e) => e.i));
      const missing = this.vars.find((_, i) => !have.has(i))!;
      throw new RangeError(`DeviceAdamW.step: the fused update needs a gradient for every variable; '${missing.name}' has none (use fused: false)`);
    }
    this.t += 1;
    const { beta1: b1, beta2: b2, eps, t } = this;
    const stepSize = lr / (1 - b1 ** t);
    const rsqrtBc2 = 1 / Math.sqrt(1 - b2 ** t);
    const decayFactor = 1 - lr * this.weightDecay;
    const norm = tf.tidy(() => {
      const clipScale = (n: tf.Scalar): tf.Scalar => tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm!), tf.add(n, tf.scalar(1e-6)))) as tf.Scalar;
      const update = (p: tf.Tensor, g: tf.Tensor, m: tf.Variable, v: tf.Variable, decay: tf.Tensor | number): tf.Tensor => {
        const mNew = tf.add(tf.mul(m, tf.scalar(b1)), tf.mul(g, tf.scalar(1 - b1)));
        const vNew = tf.add(tf.mul(v, tf.scalar(b2)), tf.mul(tf.mul(g, g), tf.scalar(1 - b2)));
        m.assign(mNew);
        v.assign(vNew);
        const denom = tf.add(tf.mul(tf.sqrt(vNew), tf.scalar(rsqrtBc2)), tf.scalar(eps));
        const decayedP = decay === 1 ? p : tf.mul(p, typeof decay === 'number' ? tf.scalar(decay) : decay);
        return tf.sub(decayedP, tf.div(tf.mul(mNew, tf.scalar(stepSize)), denom));
      };
      if (this.fused) {
        const ordered = new Array<tf.Tensor>(this.vars.length);
        for (const { i, g } of list) ordered[i] = tf.reshape(g, [-1]);
        let g: tf.Tensor = ordered.length === 1 ? ordered[0] : tf.concat(ordered);
        const n = tf.sqrt(tf.sum(tf.square(g))) as tf.Scalar;
        if (maxNorm !== undefined) g = tf.mul(g, clipScale(n));
        const flatP = this.vars.length === 1 ? tf.reshape(this.vars[0], [-1]) : tf.concat(this.vars.map((p) => tf.reshape(p, [-1])));
        const decay = this.decayMask ? tf.sub(tf.scalar(1), tf.mul(this.decayMask, tf.scalar(lr * this.weightDecay))) : decayFactor;
        const pNew = update(flatP, g, this.m[0], this.v[0], decay);
        this.vars.forEach((p, i) => p.assign(tf.reshape(tf.slice(pNew, [this.offsets[i]], [p.size]), p.shape)));
        return n;
      }
      // tf.stack, not tf.addN: tfjs-backend-webgpu 4.22 binds every addN input in one shader, which fails validation
      // beyond the device's storage-buffer limit (8 per stage by default) and returns garbage without throwing.
      const n = tf.sqrt(tf.sum(tf.stack(list.map(({ g }) => tf.sum(tf.square(g)))))) as tf.Scalar;
      const scale = maxNorm !== undefined ? clipScale(n) : undefined;
      for (const { i, g } of list) {
        const p = this.vars[i];
        const gs = tf.reshape(scale ? tf.mul(g, scale) : g, p.shape);
        p.assign(update(p, gs, this.m[i], this.v[i], this.decayed[i] ? decayFactor : 1));
      }
      return n;
    });
    return { norm };
  }

  /** A copy of the state (asynchronous reads), in the host `AdamW`'s format. */
  async getState(): Promise<AdamWState> {
    const names = this.vars.map((v) => v.name);
    const m: Float32Array[] = [];
    const v: Float32Array[] = [];
    if (this.fused) {
      const [fm, fv] = (await Promise.all([this.m[0].data(), this.v[0].data()])) as Float32Array[];
      this.vars.forEach((p, i) => {
        m.push(fm.slice(this.offsets[i], this.offsets[i] + p.size));
        v.push(fv.slice(this.offsets[i], this.offsets[i] + p.size));
      });
    } else {
      for (let i = 0; i < this.vars.length; i++) {
        m.push(Float32Array.from((await this.m[i].data()) as Float32Array));
        v.push(Float32Array.from((await this.v[i].data()) as Float32Array));
      }
    }
    return { step: this.t, names, m, v };
  }

  /** Restores a state from `getState` or from the host `AdamW` (same variable names and sizes). */
  setState(state: AdamWState): void {
    const where = 'DeviceAdamW.setState';
    if (!state || !Number.isSafeInteger(state.step) || state.step < 0) throw new RangeError(`${where}: state.step must be a non-negative integer`);
    if (!Array.isArray(state.names) || state.names.length !== this.vars.length) {
      throw new RangeError(`${where}: state.names must list the ${this.vars.length} optimised variables`);
    }
    const fm = new Float32Array(this.total);
    const fv = new Float32Array(this.total);
    const seen = new Set<number>();
    state.names.forEach((name, k) => {
      const i = this.index.get(name);
      if (i === undefined) throw new RangeError(`${where}: state.names has unknown variable '${name}'`);
      seen.add(i);
      const p = this.vars[i];
      for (const [field, arr] of [['m', state.m?.[k]], ['v', state.v?.[k]]] as const) {
        if (!(arr instanceof Float32Array) || arr.length !== p.size) {
          throw new RangeError(`${where}: state.${field}[${k}] ('${name}') must be a Float32Array of length ${p.size}`);
        }
      }
      fm.set(state.m[k], this.offsets[i]);
      fv.set(state.v[k], this.offsets[i]);
    });
    if (seen.size !== this.vars.length) throw new RangeError(`${where}: state.names must list every optimised variable once`);
    tf.tidy(() => {
      if (this.fused) {
        this.m[0].assign(tf.tensor1d(fm));
        this.v[0].assign(tf.tensor1d(fv));
      } else {
        this.vars.forEach((p, i) => {
          const o = this.offsets[i];
          this.m[i].assign(tf.tensor(fm.subarray(o, o + p.size), p.shape, 'float32'));
          this.v[i].assign(tf.tensor(fv.subarray(o, o + p.size), p.shape, 'float32'));
        });
      }
    });
    this.t = state.step;
  }

  /** Frees the moments (not the optimised variables). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([...this.m, ...this.v]);
    this.decayMask?.dispose();
    this.m = [];
    this.v = [];
  }
}
