/**
 * Encoders for the sufficiency claims: random coarsenings (relabel classes through a random map), refinement chains
 * (from the identity encoder down to a constant one by repeated random merges, and the leaf-prefix chain
 * (leaf 0) ⊂ (leaves 0, 1) ⊂ …), and a brute-force twin of the sufficiency computed straight from the joint table
 * p(x, y) of brute-force likelihood tables (no BP, no density ratios, no root posteriors): Suff(E) = Σ_{x,y} p(x, y) log[p(y | x)/p(y | E(x))], plus the
 * Pinsker lower bound 2·Σ_x p(x) TV(p(· | x), p(· | E(x)))².
 */
import type { Modality } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import { type ExactTables, transposeTable } from '../../theory/exact-tables.js';
import { bruteForceLikelihoodTable } from '../../theory/enumeration.js';
import { type FiniteEncoder, encoderFromKeys } from '../../theory/encoders.js';

function configurationCount(t: ExactTables, modality: Modality): number {
  return modality === 'image' ? t.nx : t.ny;
}

/** The identity encoder (each configuration its own class). */
export function identityEncoder(t: ExactTables, modality: Modality): FiniteEncoder {
  const n = configurationCount(t, modality);
  return encoderFromKeys(`${modality}:identity`, modality, Int32Array.from({ length: n }, (_, i) => i));
}

/**
 * A random coarsening of `enc`: its classes mapped through a random function onto at most `classes` labels (one
 * `rng.int(classes)` draw per class of `enc`, in class order). Applied to `identityEncoder` it is a uniformly random
 * function of the configuration (one draw per configuration, in configuration order).
 */
export function randomCoarsening(enc: FiniteEncoder, classes: number, rng: Rng, name = `${enc.name}:coarsened`): FiniteEncoder {
  const map = Int32Array.from({ length: enc.count }, () => rng.int(classes));
  return encoderFromKeys(name, enc.modality, Array.from(enc.classes, (c) => map[c]));
}

/** Merges two random classes of `enc` (a strictly coarser encoder when it has ≥ 2 classes). */
export function mergeTwoClasses(enc: FiniteEncoder, rng: Rng): FiniteEncoder {
  if (enc.count < 2) return enc;
  const a = rng.int(enc.count);
  let b = rng.int(enc.count - 1);
  if (b >= a) b++;
  return encoderFromKeys(`${enc.name}+merge`, enc.modality, Array.from(enc.classes, (c) => (c === b ? a : c)));
}

/** Chain from the identity encoder to a constant one, each step merging two random classes (finest first). */
export function randomMergeChain(t: ExactTables, modality: Modality, rng: Rng, maxSteps = 12): FiniteEncoder[] {
  const chain = [identityEncoder(t, modality)];
  let cur = chain[0];
  // take larger merges first so that a short chain still reaches the constant encoder
  while (cur.count > 1 && chain.length < maxSteps) {
    const target = Math.max(1, Math.floor(cur.count / 2));
    let next = cur;
    while (next.count > target) next = mergeTwoClasses(next, rng);
    chain.push(next);
    cur = next;
  }
  if (cur.count > 1) chain.push(encoderFromKeys(`${modality}:constant`, modality, new Int32Array(cur.classes.length)));
  return chain;
}

/** Chain identity ⊃ (leaves 0..L−2) ⊃ … ⊃ (leaf 0) ⊃ constant (finest first); leaf 0 is the most significant digit. */
export function leafPrefixChain(t: ExactTables, modality: Modality): FiniteEncoder[] {
  const leaves = modality === 'image' ? t.model.image.leaves : t.model.text.leaves;
  const n = configurationCount(t, modality);
  const chain: FiniteEncoder[] = [];
  for (let k = leaves; k >= 0; k--) {
    const div = Math.pow(t.S, leaves - k);
    chain.push(encoderFromKeys(`${modality}:leaves<${k}`, modality, Int32Array.from({ length: n }, (_, x) => Math.floor(x / div))));
  }
  return chain;
}

const jointCache = new WeakMap<ExactTables, Float64Array>();

/** J[x, y] = Σ_s ψ_r(s) p(x | s) p(y | s) from brute-force likelihood tables (not BP), [nx × ny], cached per tables. */
export function bruteForceJoint(t: ExactTables): Float64Array {
  let J = jointCache.get(t);
  if (J) return J;
  const { S, nx, ny } = t;
  const lx = bruteForceLikelihoodTable(t.model, 'image');
  const ly = bruteForceLikelihoodTable(t.model, 'text');
  J = new Float64Array(nx * ny);
  for (let s = 0; s < S; s++) {
    const w = t.model.rootPrior[s];
    for (let x = 0; x < nx; x++) {
      const a = w * lx[s * nx + x];
      if (a === 0) continue;
      for (let y = 0; y < ny; y++) J[x * ny + y] += a * ly[s * ny + y];
    }
  }
  jointCache.set(t, J);
  return J;
}

/** The brute-force joint table oriented with `modality` as rows: [n_modality × n_other]. */
export function orientedJoint(t: ExactTables, modality: Modality): { J: Float64Array; rows: number; cols: number } {
  const J = bruteForceJoint(t);
  return modality === 'image' ? { J, rows: t.nx, cols: t.ny } : { J: transposeTable(J, t.nx, t.ny), rows: t.ny, cols: t.nx };
}

/** Brute-force Suff(E) and its Pinsker lower bound from the joint table alone. */
export function bruteForceSufficiency(t: ExactTables, enc: FiniteEncoder): { suff: number; pinsker: number } {
  const { J, rows, cols } = orientedJoint(t, enc.modality);
  const px = new Float64Array(rows);
  const pe = new Float64Array(enc.count);
  const Je = new Float64Array(enc.count * cols);
  for (let x = 0; x < rows; x++) {
    for (let y = 0; y < cols; y++) px[x] += J[x * cols + y];
    pe[enc.classes[x]] += px[x];
    for (let y = 0; y < cols; y++) Je[enc.classes[x] * cols + y] += J[x * cols + y];
  }
  let suff = 0;
  let pinsker = 0;
  for (let x = 0; x < rows; x++) {
    if (!(px[x] > 0)) continue;
    const e = enc.classes[x];
    let tv = 0;
    for (let y = 0; y < cols; y++) {
      const pyx = J[x * cols + y] / px[x];
      const pye = Je[e * cols + y] / pe[e];
      if (pyx > 0) suff += px[x] * pyx * Math.log(pyx / pye);
      tv += 0.5 * Math.abs(pyx - pye);
    }
    pinsker += px[x] * 2 * tv * tv;
  }
  return { suff, pinsker };
}
