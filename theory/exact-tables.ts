/**
 * The enumerated law of a JGHM: likelihood tables p(x | s) of both trees over all leaf configurations, marginals and
 * root posteriors. Everything exact (theory/information.ts, theory/clip-loss-exact.ts) is computed from these, using
 * the factorisation J[x, y] = Σ_s ψ_r(s) p(x | s) p(y | s), so the nx × ny joint table is never stored unless asked.
 */
import type { Jghm, Modality } from './model.js';
import { DEFAULT_MAX_CONFIGURATIONS, EnumerationTooLargeError, likelihoodTable } from './enumeration.js';

/** Likelihood tables, marginals and root posteriors of both modalities of an enumerable JGHM. */
export interface ExactTables {
  /** The model. */
  readonly model: Jghm;
  /** States S. */
  readonly S: number;
  /** Image configurations nx. */
  readonly nx: number;
  /** Text configurations ny. */
  readonly ny: number;
  /** p(x | s), [S × nx]. */
  readonly likIm: Float64Array;
  /** p(y | s), [S × ny]. */
  readonly likTx: Float64Array;
  /** p(x), [nx]. */
  readonly px: Float64Array;
  /** p(y), [ny]. */
  readonly py: Float64Array;
  /** π_x(s) = p(s | x), [nx × S] (rows of zero-probability configurations are NaN). */
  readonly postIm: Float64Array;
  /** π_y(s) = p(s | y), [ny × S]. */
  readonly postTx: Float64Array;
}

/** Options for enumeration. */
export interface EnumerationOptions {
  /** Maximum leaf configurations per modality (default 20 000). */
  maxConfigurations?: number;
}

function marginalAndPosterior(model: Jghm, lik: Float64Array, n: number): { p: Float64Array; post: Float64Array } {
  const S = model.states;
  const p = new Float64Array(n);
  const post = new Float64Array(n * S);
  for (let x = 0; x < n; x++) {
    let z = 0;
    for (let s = 0; s < S; s++) {
      const v = model.rootPrior[s] * lik[s * n + x];
      post[x * S + s] = v;
      z += v;
    }
    p[x] = z;
    for (let s = 0; s < S; s++) post[x * S + s] /= z;
  }
  return { p, post };
}

/** Enumerates both trees (refusing above `maxConfigurations` per modality) and returns the exact tables. */
export function exactTables(model: Jghm, opts: EnumerationOptions = {}): ExactTables {
  const max = opts.maxConfigurations ?? DEFAULT_MAX_CONFIGURATIONS;
  const likIm = likelihoodTable(model, 'image', max);
  const likTx = likelihoodTable(model, 'text', max);
  const S = model.states;
  const nx = likIm.length / S;
  const ny = likTx.length / S;
  const im = marginalAndPosterior(model, likIm, nx);
  const tx = marginalAndPosterior(model, likTx, ny);
  return { model, S, nx, ny, likIm, likTx, px: im.p, py: tx.p, postIm: im.post, postTx: tx.post };
}

/** Default cap on materialised nx × ny tables. */
export const DEFAULT_MAX_TABLE_ENTRIES = 25_000_000;

/** Refuses a nx × ny table above `maxEntries`. */
export function checkTableSize(t: ExactTables, maxEntries = DEFAULT_MAX_TABLE_ENTRIES, what = 'table'): void {
  if (t.nx * t.ny > maxEntries) {
    throw new EnumerationTooLargeError('maxTableEntries', `${what} too large: ${t.nx} × ${t.ny} entries exceed the limit of ${maxEntries}`);
  }
}

/** The joint table J[x, y] = p(x, y), [nx × ny] row-major. */
export function jointTable(t: ExactTables, maxEntries = DEFAULT_MAX_TABLE_ENTRIES): Float64Array {
  checkTableSize(t, maxEntries, 'joint table');
  const { S, nx, ny, likIm, likTx } = t;
  const prior = t.model.rootPrior;
  const J = new Float64Array(nx * ny);
  for (let s = 0; s < S; s++) {
    const w = prior[s];
    for (let x = 0; x < nx; x++) {
      const a = w * likIm[s * nx + x];
      if (a === 0) continue;
      const row = x * ny;
      for (let y = 0; y < ny; y++) J[row + y] += a * likTx[s * ny + y];
    }
  }
  return J;
}

/**
 * Density ratio r(x, y) = p(x, y)/(p(x)p(y)) = Σ_s π_x(s) π_y(s)/ψ_r(s) from root posteriors. A state with ψ_r(s) = 0
 * has π_x(s) = π_y(s) = 0 for every possible x, y, so its term is exactly 0 and is left out (never 0/0). Posteriors of
 * impossible configurations (NaN rows) give NaN: callers weight such pairs by their zero probability and never ask.
 */
export function densityRatio(prior: ArrayLike<number>, postX: Float64Array, xOff: number, postY: Float64Array, yOff: number, S: number): number {
  let acc = 0;
  for (let s = 0; s < S; s++) {
    const w = prior[s];
    if (w === 0) continue;
    acc += (postX[xOff + s] * postY[yOff + s]) / w;
  }
  return acc;
}

/** Throws when an exact computation produced NaN (NaN is never skipped or silently turned into a number). */
export function assertNotNaN(value: number, what: string): number {
  if (Number.isNaN(value)) throw new RangeError(`${what}: NaN in an exact computation (a 0/0 or ∞ − ∞ that the definitions do not allow)`);
  return value;
}

/**
 * The PMI table log r(x, y), [nx × ny]: −Infinity where p(x, y) = 0, including every pair whose image or text
 * configuration is impossible (such pairs have weight 0 in every expectation, so any value there is a version of the
 * PMI; −∞ keeps the table NaN-free).
 */
export function pmiTable(t: ExactTables, maxEntries = DEFAULT_MAX_TABLE_ENTRIES): Float64Array {
  checkTableSize(t, maxEntries, 'PMI table');
  const { S, nx, ny, postIm, postTx, px, py } = t;
  const prior = t.model.rootPrior;
  const out = new Float64Array(nx * ny);
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      out[x * ny + y] = px[x] === 0 || py[y] === 0 ? -Infinity : assertNotNaN(Math.log(densityRatio(prior, postIm, x * S, postTx, y * S, S)), 'pmiTable');
    }
  }
  return out;
}

/** Swaps the roles of image and text (the transposed view used by text-anchored quantities). */
export function transposeTables(t: ExactTables): ExactTables {
  return { ...t, nx: t.ny, ny: t.nx, likIm: t.likTx, likTx: t.likIm, px: t.py, py: t.px, postIm: t.postTx, postTx: t.postIm };
}

/** The tables seen from `anchor`'s side (image: as is; text: transposed). */
export function tablesFrom(t: ExactTables, anchor: Modality): ExactTables {
  return anchor === 'image' ? t : transposeTables(t);
}

/** Transposes a row-major [rows × cols] table. */
export function transposeTable(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}
