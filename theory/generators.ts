/**
 * Random JGHM generators.
 *
 * (a) The paper's construction (theory.md §4.3, FOUND-CODE): for each tree and layer one random permutation matrix
 *     P_l; for each (layer, child index) — or each node when per-edge — a noise matrix N = row-softmax(G) with
 *     G_ij ~ N(0, flipScale²); kernel = (1 − p)·P_l + p·N. The permutations and noise matrices depend only on the
 *     seed, never on p, so models generated with one seed at different p share them (the OOD experiments use this).
 * (b) Dirichlet(α) rows: every kernel row drawn independently from a symmetric Dirichlet.
 * (c) Presets: `paper` (depth 4, 3 children, 10 states, uniform prior, 81 leaves per modality) and `small`
 *     (3 states, depth 2, 2 children: 81 leaf configurations per modality, enumerable).
 */
import { type Jghm, ModelError, type TreeModel, makeJghm, makeTree, layerSizesOf } from './model.js';
import { Rng, checkSeed } from './random.js';
import { NumpyLegacyRandom } from './numpy-legacy-random.js';

/** Options of the paper's construction. */
export interface PaperGeneratorOptions {
  /** Number of states S (≥ 2). */
  states: number;
  /** Branching per layer of the image tree. */
  imageBranching: readonly number[];
  /** Branching per layer of the text tree (default: same as the image tree). */
  textBranching?: readonly number[];
  /** Flip probability p ∈ [0, 1] (mixing weight of the noise matrix), for both trees unless `pText` is given. */
  p: number;
  /** Flip probability of the text tree (default `p`). */
  pText?: number;
  /** Standard deviation of the Gaussian logits of the noise matrices (default 1). */
  flipScale?: number;
  /** One kernel per edge instead of per (layer, child index) (default false). */
  perEdge?: boolean;
  /** Root prior (default uniform). */
  rootPrior?: readonly number[];
  /** Root seed. */
  seed: number;
  /** Optional model name. */
  name?: string;
}

function checkP(p: number, field: string): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ModelError(field, `must be a number in [0, 1] (got ${p})`);
}

function uniformPrior(S: number): Float64Array {
  return new Float64Array(S).fill(1 / S);
}

function rowSoftmaxGaussian(rng: Rng, S: number, scale: number): Float64Array {
  const out = new Float64Array(S * S);
  for (let r = 0; r < S; r++) {
    let max = -Infinity;
    for (let c = 0; c < S; c++) {
      const g = scale * rng.normal();
      out[r * S + c] = g;
      if (g > max) max = g;
    }
    let sum = 0;
    for (let c = 0; c < S; c++) {
      const e = Math.exp(out[r * S + c] - max);
      out[r * S + c] = e;
      sum += e;
    }
    for (let c = 0; c < S; c++) out[r * S + c] /= sum;
  }
  return out;
}

function paperTree(rng: Rng, S: number, branching: readonly number[], p: number, scale: number, perEdge: boolean, field: string): TreeModel {
  const sizes = layerSizesOf(branching);
  const layers: Float64Array[][] = [];
  for (let l = 1; l <= branching.length; l++) {
    const layerRng = rng.split(`layer${l}`);
    const perm = layerRng.split('permutation').permutation(S);
    const count = perEdge ? sizes[l] : branching[l - 1];
    const list: Float64Array[] = [];
    for (let i = 0; i < count; i++) {
      const noise = rowSoftmaxGaussian(layerRng.split(`noise${i}`), S, scale);
      const k = new Float64Array(S * S);
      for (let r = 0; r < S; r++) {
        for (let c = 0; c < S; c++) k[r * S + c] = p * noise[r * S + c] + (c === perm[r] ? 1 - p : 0);
      }
      // exact renormalisation guards the 1e-9 row-sum check against rounding
      for (let r = 0; r < S; r++) {
        let s = 0;
        for (let c = 0; c < S; c++) s += k[r * S + c];
        for (let c = 0; c < S; c++) k[r * S + c] /= s;
      }
      list.push(k);
    }
    layers.push(list);
  }
  return makeTree(S, branching, layers, !perEdge, field);
}

/** Generates a JGHM by the paper's construction (theory.md §4.3). */
export function generatePaperJghm(opts: PaperGeneratorOptions): Jghm {
  const S = opts.states;
  if (!Number.isInteger(S) || S < 2) throw new ModelError('states', `must be an integer ≥ 2 (got ${S})`);
  checkSeed(opts.seed, 'seed');
  checkP(opts.p, 'p');
  const pText = opts.pText ?? opts.p;
  checkP(pText, 'pText');
  const scale = opts.flipScale ?? 1;
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new ModelError('flipScale', `must be a finite number ≥ 0 (got ${scale})`);
  const root = Rng.fromSeed(opts.seed).split('jghm-paper');
  const perEdge = opts.perEdge ?? false;
  const image = paperTree(root.split('image'), S, opts.imageBranching, opts.p, scale, perEdge, 'trees.image');
  const text = paperTree(root.split('text'), S, opts.textBranching ?? opts.imageBranching, pText, scale, perEdge, 'trees.text');
  return makeJghm(S, opts.rootPrior ?? uniformPrior(S), image, text, opts.name);
}

/** Options of the Dirichlet generator. */
export interface DirichletGeneratorOptions {
  /** Number of states S (≥ 2). */
  states: number;
  /** Branching per layer of the image tree. */
  imageBranching: readonly number[];
  /** Branching per layer of the text tree (default: same as the image tree). */
  textBranching?: readonly number[];
  /** Concentration α > 0 of each kernel row. */
  alpha: number;
  /** Concentration of a Dirichlet root prior; omitted → uniform prior. */
  priorAlpha?: number;
  /** One kernel per edge (default false). */
  perEdge?: boolean;
  /** Root seed. */
  seed: number;
  /** Optional model name. */
  name?: string;
}

/** A Dirichlet(α·1) probability vector of length S. */
export function dirichlet(rng: Rng, S: number, alpha: number): Float64Array {
  const v = new Float64Array(S);
  let sum = 0;
  for (let i = 0; i < S; i++) {
    v[i] = rng.gamma(alpha);
    sum += v[i];
  }
  if (sum === 0) {
    v.fill(0);
    v[rng.int(S)] = 1;
    return v;
  }
  for (let i = 0; i < S; i++) v[i] /= sum;
  return v;
}

function dirichletTree(rng: Rng, S: number, branching: readonly number[], alpha: number, perEdge: boolean, field: string): TreeModel {
  const sizes = layerSizesOf(branching);
  const layers: Float64Array[][] = [];
  for (let l = 1; l <= branching.length; l++) {
    const count = perEdge ? sizes[l] : branching[l - 1];
    const list: Float64Array[] = [];
    for (let i = 0; i < count; i++) {
      const krng = rng.split(`layer${l}-kernel${i}`);
      const k = new Float64Array(S * S);
      for (let r = 0; r < S; r++) k.set(dirichlet(krng, S, alpha), r * S);
      list.push(k);
    }
    layers.push(list);
  }
  return makeTree(S, branching, layers, !perEdge, field);
}

/** Generates a JGHM whose kernel rows are i.i.d. Dirichlet(α). */
export function generateDirichletJghm(opts: DirichletGeneratorOptions): Jghm {
  const S = opts.states;
  if (!Number.isInteger(S) || S < 2) throw new ModelError('states', `must be an integer ≥ 2 (got ${S})`);
  checkSeed(opts.seed, 'seed');
  if (!(opts.alpha > 0) || !Number.isFinite(opts.alpha)) throw new ModelError('alpha', `must be a finite number > 0 (got ${opts.alpha})`);
  const root = Rng.fromSeed(opts.seed).split('jghm-dirichlet');
  const perEdge = opts.perEdge ?? false;
  const prior = opts.priorAlpha === undefined ? uniformPrior(S) : dirichlet(root.split('prior'), S, opts.priorAlpha);
  const image = dirichletTree(root.split('image'), S, opts.imageBranching, opts.alpha, perEdge, 'trees.image');
  const text = dirichletTree(root.split('text'), S, opts.textBranching ?? opts.imageBranching, opts.alpha, perEdge, 'trees.text');
  return makeJghm(S, prior, image, text, opts.name);
}

/** Shape of a named preset. */
export interface PresetShape {
  /** Number of states. */
  states: number;
  /** Branching per layer (both trees). */
  branching: readonly number[];
  /** What the preset is for. */
  description: string;
}

/** The named presets. */
export const PRESETS: Readonly<Record<'paper' | 'small', PresetShape>> = {
  paper: { states: 10, branching: [3, 3, 3, 3], description: 'the paper simulations: depth 4, 3 children, 10 states, 81 leaves per modality' },
  small: { states: 3, branching: [2, 2], description: 'enumerable: 3 states, depth 2, 2 children, 4 leaves (81 configurations) per modality' },
};

/** Names of the presets. */
export type PresetName = keyof typeof PRESETS;

/** Generates a preset model by the paper's construction with a uniform root prior. */
export function generatePreset(
  preset: PresetName,
  opts: { p: number; seed: number; flipScale?: number; perEdge?: boolean; pText?: number },
): Jghm {
  const shape = PRESETS[preset];
  if (!shape) throw new ModelError('preset', `must be one of ${Object.keys(PRESETS).join(', ')} (got ${String(preset)})`);
  return generatePaperJghm({
    states: shape.states,
    imageBranching: shape.branching,
    p: opts.p,
    ...(opts.pText === undefined ? {} : { pText: opts.pText }),
    ...(opts.flipScale === undefined ? {} : { flipScale: opts.flipScale }),
    perEdge: opts.perEdge ?? false,
    seed: opts.seed,
    name: `${preset} preset, p=${opts.p}, seed=${opts.seed}${opts.perEdge ? ', per-edge' : ''}`,
  });
}

/** Options of `generateAuthorsJghm`. */
export interface AuthorsGeneratorOptions {
  /** Flip probability of both trees. */
  p: number;
  /** Flip probability of the text tree (default `p`). */
  pText?: number;
  /** Noise logit scale (default 1). */
  flipScale?: number;
  /** NumPy seed (default 42, the authors' `seedtree`). */
  numpySeed?: number;
  /** States (default 10). */
  states?: number;
  /** Depth (default 4) and children per node (default 3), both trees. */
  depth?: number;
  /** Children per node. */
  children?: number;
  /** Per-edge kernels (the authors' translation_invariance=False). */
  perEdge?: boolean;
}

function authorsTree(np: NumpyLegacyRandom, S: number, L: number, m: number, p: number, scale: number, perEdge: boolean, field: string): TreeModel {
  const softmaxRows = (g: Float64Array) => {
    for (let r = 0; r < S; r++) {
      let max = -Infinity;
      for (let c = 0; c < S; c++) max = Math.max(max, g[r * S + c]);
      let sum = 0;
      for (let c = 0; c < S; c++) {
        g[r * S + c] = Math.exp(g[r * S + c] - max);
        sum += g[r * S + c];
      }
      for (let c = 0; c < S; c++) g[r * S + c] /= sum;
    }
    return g;
  };
  const mix = (perm: Int32Array, noise: Float64Array) => {
    const k = new Float64Array(S * S);
    for (let r = 0; r < S; r++) {
      for (let c = 0; c < S; c++) k[r * S + c] = (1 - p) * (c === perm[r] ? 1 : 0) + p * noise[r * S + c];
      let s = 0;
      for (let c = 0; c < S; c++) s += k[r * S + c];
      for (let c = 0; c < S; c++) k[r * S + c] /= s;
    }
    return k;
  };
  const layers: Float64Array[][] = [];
  for (let l = 0; l < L; l++) {
    const list: Float64Array[] = [];
    if (!perEdge) {
      const perm = np.permutation(S);
      for (let c = 0; c < m; c++) list.push(mix(perm, softmaxRows(np.normal(0, scale, S * S))));
    } else {
      for (let g = 0; g < Math.pow(m, l); g++) {
        for (let c = 0; c < m; c++) {
          const perm = np.permutation(S);
          list.push(mix(perm, softmaxRows(np.normal(0, scale, S * S))));
        }
      }
    }
    layers.push(list);
  }
  return makeTree(S, new Array(L).fill(m), layers, !perEdge, field);
}

/**
 * The authors' exact kernels (theory.md §4.3, FOUND-CODE): `np.random.seed(42)`, then the text tree's kernels, then
 * the image tree's, each drawn by GenTransition (per layer one permutation, then one N(0, flipScale²) noise matrix per
 * child index, row-softmaxed). Reproduces the models behind the paper's published figures up to floating-point
 * rounding of exp/log (≈ 1e-16); uniform root prior.
 */
export function generateAuthorsJghm(opts: AuthorsGeneratorOptions): Jghm {
  const S = opts.states ?? 10;
  const L = opts.depth ?? 4;
  const m = opts.children ?? 3;
  checkP(opts.p, 'p');
  const pText = opts.pText ?? opts.p;
  checkP(pText, 'pText');
  const scale = opts.flipScale ?? 1;
  const np = new NumpyLegacyRandom(opts.numpySeed ?? 42);
  const perEdge = opts.perEdge ?? false;
  const text = authorsTree(np, S, L, m, pText, scale, perEdge, 'trees.text');
  const image = authorsTree(np, S, L, m, opts.p, scale, perEdge, 'trees.image');
  return makeJghm(S, uniformPrior(S), image, text, `authors' kernels (numpy seed ${opts.numpySeed ?? 42}), p=${opts.p}`);
}
