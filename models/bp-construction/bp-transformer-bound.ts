/**
 * Error analysis and plan of the BP-constructed transformer (theory.md §5.2, §10.1 item 18): the approximation
 * grids of its "MLPs", the input domains they must cover, and an explicit bound on the error of the root
 * log-posterior it outputs. Pure float64 TypeScript (no tfjs); the construction itself is in `bp-transformer.ts`.
 *
 * Notation (one tree of depth L): level ℓ holds n_ℓ nodes; m_ℓ = children per node of level ℓ−1; T = n_L leaves
 * (tokens); the level-ℓ ancestor of token t owns the block of B_ℓ = T/n_ℓ consecutive tokens. BP messages in log
 * domain: q_i(s) = log Σ_s' K_i(s,s') e^{h_i(s')} from node i to its parent, h_j = Σ_c q_{child c}; the root
 * log-posterior is log π(s) = a(s) − LSE(a), a = log ψ_r + h_root. Messages are only defined up to an additive constant
 * per node, so the construction keeps them mean-centred over s, and the analysis measures errors in the oscillation
 * seminorm osc(e) = max_s e(s) − min_s e(s), which centring does not change.
 *
 * The bound (derived here; RECONSTRUCTED in theory.md's sense):
 * - an "MLP" with sup-error δ on q adds at most 2δ of oscillation; u ↦ log(K e^u) is 1-Lipschitz in osc (adding e to
 *   u moves every output between min e and max e), so an input error of osc ε stays ≤ ε;
 * - summing over the m_ℓ children adds the children's errors: e_h(ℓ−1) = m_ℓ·e_q(ℓ) (+ attention error);
 * - the leaf level is exact (a ReLU product-of-indicators layer), so with exact attention
 *   e_h(0) = 2δ·(n_1 + … + n_{L−1}) and, adding the root normalisation MLP's own δ,
 *   ‖log π̂ − log π‖_∞ ≤ e_h(0) + δ = 2δ(n_1 + … + n_{L−1}) + δ ≤ 2δ(m + m² + … + m^L) for constant branching m
 *   (the root step: log π̂ − log π = e_a − (LSE(â) − LSE(a)) − (MLP error), and LSE(â) − LSE(a) ∈ [min e_a, max e_a]);
 * - softmax attention with logit gap β (score β within the block, 0 outside) leaks a mass
 *   λ_ℓ = (T − B_ℓ)/(B_ℓ e^β + T − B_ℓ) ≤ (T/B_ℓ) e^{−β} outside the block; the output moves by
 *   λ_ℓ·(mean_out v − mean_in v), so the aggregated message gains osc ≤ m_{ℓ+1}·λ_ℓ·2·V_{ℓ+1}, V = Λ + e_q the largest
 *   oscillation of a child message; propagated to the root this is the theory's extra term ~ m^L e^{−β}
 *   (attention at the root level is uniform over all tokens, hence exact).
 * The piecewise-linear "MLP": e^x is interpolated on a uniform grid of step h (an over-estimate by a factor in
 * [1, e^{E(h)}]), the sum over s' is linear, and log y is interpolated on a geometric grid of ratio e^h (an
 * under-estimate by at most E(h)), so the output error lies in [−E(h), E(h)] with
 * E(h) = max_{t∈[0,1]} log((1−t) + t e^h) − t h = log((e^h−1)/h) − h t*, t* = ((e^h−1)/h − 1)/(e^h − 1) ≈ h²/8.
 * Hence δ = E(h); the plan solves E(h) = δ for h.
 *
 * float32: a separate rounding ALLOWANCE (not part of the mathematical bound) is propagated through the same
 * recursion with per-level terms from the standard worst-case summation bound γ_n = n·u (u = 2^-24):
 * attention sums of T terms, knot sums of N_x·S and N_y terms, and |x|/h-sized affine maps. It is generous
 * (worst case) and is checked against the exact-MLP construction, whose only error is rounding.
 */
import { type Jghm, type Modality, type TreeModel, treeOf } from '../../theory/model.js';

/** How each per-level "MLP" computes u ↦ log(K e^u). */
export type BpMlp =
  /** The explicit log-sum-exp "MLP" (exp activation, linear sum, log activation): exact up to float32 rounding. */
  | { kind: 'exact' }
  /** ReLU MLP with piecewise-linear exp and log at a grid chosen so that the sup-error is `delta`. */
  | { kind: 'pwl'; delta: number };

/** How the attention layers aggregate the children's messages. */
export type BpAttention =
  /** ReLU attention with scores [same block]/B_ℓ: exact block averages. */
  | { kind: 'hard' }
  /** Softmax attention with logit β inside the block and 0 outside (error ~ e^{−β}). */
  | { kind: 'softmax'; beta: number };

/** Options of the construction. */
export interface BpTransformerOptions {
  /** The per-level MLP. */
  mlp: BpMlp;
  /** The attention. */
  attention: BpAttention;
}

/** One piecewise-linear grid: knots[0..N] and the function values at the knots. */
export interface PwlGrid {
  /** Knot positions (increasing), N+1 of them. */
  readonly knots: Float64Array;
  /** f(knots). */
  readonly values: Float64Array;
}

/** What the MLP of one tree level needs. Level 0 is the root normalisation. */
export interface BpLevelPlan {
  /** Tree level ℓ of the node whose message the MLP computes (0 = root normalisation). */
  readonly level: number;
  /** Bound on |ĥ_ℓ(s)| for the (centred) input message, used for the grid domains. */
  readonly inputBound: number;
  /** Oscillation bound Λ_ℓ of the exact q messages of this level (0 at the root). */
  readonly messageOscillation: number;
  /** Oscillation error bound of ĥ_ℓ (the aggregated input message). */
  readonly inputError: number;
  /** Oscillation error bound of q̂_ℓ (output; for ℓ = 0 the sup error of log π̂). */
  readonly outputError: number;
  /** Attention part of inputError added at this level. */
  readonly attentionError: number;
  /** float32 rounding allowance propagated to this level (same seminorm as outputError). */
  readonly roundingAllowance: number;
  /** e^x grid (pwl only). */
  readonly expGrid?: PwlGrid;
  /** log y grid (pwl only). */
  readonly logGrid?: PwlGrid;
}

/** The full plan and bound of one construction. */
export interface BpPlan {
  readonly states: number;
  readonly depth: number;
  readonly leaves: number;
  readonly options: BpTransformerOptions;
  /** Per-MLP sup error δ (0 for the exact MLP). */
  readonly delta: number;
  /** Grid step h with E(h) = δ (pwl only). */
  readonly gridStep?: number;
  /** Plans for levels 0..L−1 (index = level); level L (leaves) is exact and has no plan. */
  readonly levels: readonly BpLevelPlan[];
  /** Mathematical bound on ‖log π̂ − log π‖_∞ per sample (exact arithmetic). */
  readonly logPosteriorBound: number;
  /** The MLP part of the bound alone: 2δ(n_1 + … + n_{L−1}) + δ. */
  readonly mlpBound: number;
  /** The theory's coarser form 2δ(n_1 + … + n_L) (= 2δ(m + … + m^L) for constant m); ≥ mlpBound. */
  readonly theoryBound: number;
  /** float32 rounding allowance to add to logPosteriorBound when comparing float32 outputs. */
  readonly roundingAllowance: number;
}

/** Unit roundoff of float32. */
export const FLOAT32_UNIT = 2 ** -24;

/**
 * E(h) = max_{t∈[0,1]} log((1−t) + t e^h) − t h: the largest log-ratio between the linear interpolant of e^x on a
 * grid of step h and e^x (also the largest gap between log y and its interpolant on a geometric grid of ratio e^h).
 */
export function interpolationLogError(h: number): number {
  if (!(h >= 0) || !Number.isFinite(h)) throw new RangeError(`interpolationLogError: h must be a finite number ≥ 0, got ${h}`);
  if (h === 0) return 0;
  if (h < 1e-4) return (h * h) / 8; // series; avoids cancellation (next term O(h^4))
  const a = Math.expm1(h) / h;
  const t = (a - 1) / Math.expm1(h);
  return Math.log(a) - h * t;
}

/** The grid step h with interpolationLogError(h) = delta (bisection to relative 1e-12). */
export function gridStepForError(delta: number): number {
  if (!(delta > 0) || !Number.isFinite(delta)) throw new RangeError(`gridStepForError: delta must be a finite number > 0, got ${delta}`);
  let lo = 0;
  let hi = 1;
  while (interpolationLogError(hi) < delta) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (interpolationLogError(mid) < delta) lo = mid;
    else hi = mid;
  }
  return lo; // E(lo) ≤ delta: the grid never exceeds the requested error
}

/** Uniform grid of step h covering [lo, hi] with values e^x. */
function expGrid(lo: number, hi: number, h: number): PwlGrid {
  const n = Math.max(1, Math.ceil((hi - lo) / h));
  const knots = new Float64Array(n + 1);
  const values = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    knots[i] = lo + i * h;
    values[i] = Math.exp(knots[i]);
  }
  return { knots, values };
}

/** Geometric grid of ratio e^h covering [e^logLo, e^logHi] with values log y. */
function logGrid(logLo: number, logHi: number, h: number): PwlGrid {
  const n = Math.max(1, Math.ceil((logHi - logLo) / h));
  const knots = new Float64Array(n + 1);
  const values = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    values[i] = logLo + i * h;
    knots[i] = Math.exp(values[i]);
  }
  return { knots, values };
}

/** Distinct kernels of layer ℓ (1-based) of a tree, as S×S views. */
export function layerKernels(tree: TreeModel, S: number, level: number): Float64Array[] {
  const flat = tree.kernels[level - 1];
  const out: Float64Array[] = [];
  for (let k = 0; k < flat.length / (S * S); k++) out.push(flat.subarray(k * S * S, (k + 1) * S * S));
  return out;
}

/**
 * Λ_ℓ = max over kernels of layer ℓ and columns t of log(max_s K(s,t)/min_s K(s,t)): a bound on the oscillation of
 * every exact message q of that layer. Throws a RangeError naming the entry if a kernel has a zero entry (the
 * construction needs kernels bounded away from 0).
 */
export function messageOscillationBound(tree: TreeModel, S: number, level: number, where = 'BpTransformer'): number {
  let lam = 0;
  layerKernels(tree, S, level).forEach((K, k) => {
    for (let t = 0; t < S; t++) {
      let mx = 0;
      let mn = Infinity;
      for (let s = 0; s < S; s++) {
        const v = K[s * S + t];
        if (!(v > 0)) throw new RangeError(`${where}: kernel ${k} of layer ${level} has entry (${s},${t}) = ${v}; the construction needs all kernel entries > 0`);
        if (v > mx) mx = v;
        if (v < mn) mn = v;
      }
      lam = Math.max(lam, Math.log(mx / mn));
    }
  });
  return lam;
}

function checkOptions(options: BpTransformerOptions, where: string): void {
  if (!options || typeof options !== 'object') throw new RangeError(`${where}: options must be an object`);
  const { mlp, attention } = options;
  if (!mlp || (mlp.kind !== 'exact' && mlp.kind !== 'pwl')) throw new RangeError(`${where}: options.mlp.kind must be 'exact' or 'pwl'`);
  if (mlp.kind === 'pwl' && !(mlp.delta > 0 && mlp.delta < 1)) throw new RangeError(`${where}: options.mlp.delta must be in (0, 1), got ${String(mlp.delta)}`);
  if (!attention || (attention.kind !== 'hard' && attention.kind !== 'softmax')) throw new RangeError(`${where}: options.attention.kind must be 'hard' or 'softmax'`);
  if (attention.kind === 'softmax' && !(attention.beta > 0 && attention.beta <= 80)) {
    throw new RangeError(`${where}: options.attention.beta must be in (0, 80] (float32 exp overflows beyond ~88), got ${String(attention.beta)}`);
  }
}

/** Padding added to every grid domain (covers float32 drift of the inputs). */
const DOMAIN_PAD = 0.25;

/**
 * Plans the construction for one tree of `model` and computes its error bound (see the file comment for the
 * derivation). Throws a RangeError naming the option or kernel entry on bad input.
 */
export function planBpTransformer(model: Jghm, modality: Modality, options: BpTransformerOptions): BpPlan {
  const where = 'planBpTransformer';
  checkOptions(options, where);
  const tree = treeOf(model, modality);
  const S = model.states;
  const L = tree.depth;
  const T = tree.leaves;
  for (let s = 0; s < S; s++) {
    if (!(model.rootPrior[s] > 0)) throw new RangeError(`${where}: rootPrior[${s}] = ${model.rootPrior[s]}; the construction needs a positive root prior`);
  }
  const delta = options.mlp.kind === 'pwl' ? options.mlp.delta : 0;
  const h = options.mlp.kind === 'pwl' ? gridStepForError(delta) : undefined;
  const lam: number[] = [0];
  for (let l = 1; l <= L; l++) lam.push(messageOscillationBound(tree, S, l, where));
  const u = FLOAT32_UNIT;
  // errors of q̂ at level L (leaves): exact; rounding of the output layer (kernel logs, S·k terms)
  let eq = 0;
  let fq = 4 * u * (S + 2) * (1 + lam[L]);
  const levels: BpLevelPlan[] = new Array(L);
  for (let l = L - 1; l >= 0; l--) {
    const m = tree.branching[l];
    const blockSize = T / tree.layerSizes[l];
    const V = lam[l + 1] + eq; // oscillation (and sup of the centred values) of the children's q̂
    const leak = options.attention.kind === 'softmax' && blockSize < T ? (T - blockSize) / (blockSize * Math.exp(options.attention.beta) + T - blockSize) : 0;
    const att = m * leak * 2 * V;
    const eh = m * eq + att;
    const H = m * V; // |ĥ_ℓ(s)| ≤ osc(ĥ_ℓ) ≤ m·V (centred)
    // kernels of this level's MLP: layer-ℓ kernels for ℓ ≥ 1, rows = ψ_r at the root
    let logKmin = 0;
    let logKmax = -Infinity;
    const rows = l >= 1 ? layerKernels(tree, S, l) : [Float64Array.from({ length: S * S }, (_, i) => model.rootPrior[i % S])];
    for (const K of rows) {
      for (const v of K) {
        logKmin = Math.min(logKmin, Math.log(v));
        logKmax = Math.max(logKmax, Math.log(v));
      }
    }
    const Hp = H + DOMAIN_PAD;
    let expG: PwlGrid | undefined;
    let logG: PwlGrid | undefined;
    if (h !== undefined) {
      expG = expGrid(-Hp + logKmin, Hp + logKmax, h);
      logG = logGrid(-Hp, Hp + delta, h);
    }
    const nx = expG ? expG.knots.length : 1;
    const ny = logG ? logG.knots.length : 1;
    const xMag = Hp + Math.abs(logKmin);
    // rounding: attention sum of T terms of size ≤ m·V; the x affine map; knot sums (relative → log error);
    // the log knot sum of ≤ ny terms of size h; the centring (S terms)
    const rAtt = 2 * u * T * m * V;
    const rMlp = h !== undefined ? u * (4 * (xMag / h) + 2 * S * nx + 2 * ny * h + 2 * ny + 4 * S * (1 + Hp)) : u * 8 * S * (1 + xMag);
    const fh = m * fq + rAtt;
    if (l >= 1) {
      const outErr = eh + 2 * delta;
      const outRound = fh + 2 * rMlp;
      levels[l] = {
        level: l,
        inputBound: Hp,
        messageOscillation: lam[l],
        inputError: eh,
        outputError: outErr,
        attentionError: att,
        roundingAllowance: outRound,
        ...(expG ? { expGrid: expG, logGrid: logG } : {}),
      };
      eq = outErr;
      fq = outRound;
    } else {
      levels[0] = {
        level: 0,
        inputBound: Hp,
        messageOscillation: 0,
        inputError: eh,
        outputError: eh + delta,
        attentionError: att,
        roundingAllowance: fh + rMlp + u * 4 * (1 + Hp + Math.abs(logKmin)),
        ...(expG ? { expGrid: expG, logGrid: logG } : {}),
      };
    }
  }
  let inner = 0;
  for (let l = 1; l <= L - 1; l++) inner += tree.layerSizes[l];
  let all = 0;
  for (let l = 1; l <= L; l++) all += tree.layerSizes[l];
  return {
    states: S,
    depth: L,
    leaves: T,
    options,
    delta,
    ...(h === undefined ? {} : { gridStep: h }),
    levels,
    logPosteriorBound: levels[0].outputError,
    mlpBound: 2 * delta * inner + delta,
    theoryBound: 2 * delta * all,
    roundingAllowance: levels[0].roundingAllowance,
  };
}
