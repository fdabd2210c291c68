/**
 * Finite-range encoders of one modality, as class labels over its enumerated leaf configurations: a leaf value, the
 * MAP root state, or the root-posterior vector itself (the exactly sufficient statistic, theory.md §2.1(d)).
 * Names: `image:leaf:I`, `text:leaf:I`, `image:root-map`, `text:root-map`, `image:root-posterior`,
 * `text:root-posterior`.
 */
import type { Modality } from './model.js';
import type { ExactTables } from './exact-tables.js';

/** A finite-range encoder: `classes[x]` ∈ 0..count−1 for every configuration x of `modality`. */
export interface FiniteEncoder {
  /** Encoder name (as accepted by `encoderFromName`). */
  readonly name: string;
  /** The modality it encodes. */
  readonly modality: Modality;
  /** Class of each leaf configuration. */
  readonly classes: Int32Array;
  /** Number of classes. */
  readonly count: number;
}

/** Diagnostics of the MAP root encoder: how close the top two posterior values come (ties are resolved to the lowest state). */
export interface RootMapDiagnostics {
  /** min over configurations of (π_max − π_second)/π_max. */
  readonly rootMapMinRelativeGap: number;
  /** Configurations whose top two values are equal within 1e-12 relative. */
  readonly rootMapTies: number;
}

function sideOf(t: ExactTables, modality: Modality): { n: number; post: Float64Array; p: Float64Array } {
  return modality === 'image' ? { n: t.nx, post: t.postIm, p: t.px } : { n: t.ny, post: t.postTx, p: t.py };
}

/** Builds an encoder from arbitrary integer keys per configuration (relabelled densely in order of appearance). */
export function encoderFromKeys(name: string, modality: Modality, keys: ArrayLike<number | string>): FiniteEncoder {
  const map = new Map<number | string, number>();
  const classes = new Int32Array(keys.length);
  for (let x = 0; x < keys.length; x++) {
    let c = map.get(keys[x]);
    if (c === undefined) {
      c = map.size;
      map.set(keys[x], c);
    }
    classes[x] = c;
  }
  return { name, modality, classes, count: map.size };
}

/** E(x) = value of leaf `leaf` (configurations are indexed with leaf 0 most significant). */
export function leafEncoder(t: ExactTables, modality: Modality, leaf: number): FiniteEncoder {
  const tree = modality === 'image' ? t.model.image : t.model.text;
  if (!Number.isInteger(leaf) || leaf < 0 || leaf >= tree.leaves) {
    throw new RangeError(`leafEncoder: leaf must be an integer in 0..${tree.leaves - 1} for the ${modality} tree (got ${leaf})`);
  }
  const { n } = sideOf(t, modality);
  const S = t.S;
  const div = Math.pow(S, tree.leaves - 1 - leaf);
  const keys = new Int32Array(n);
  for (let x = 0; x < n; x++) keys[x] = Math.floor(x / div) % S;
  // classes = leaf values (dense 0..S−1 even if some value never occurs)
  return { name: `${modality}:leaf:${leaf}`, modality, classes: keys, count: S };
}

/** E(x) = argmax_s π_x(s) (lowest state on ties). */
export function rootMapEncoder(t: ExactTables, modality: Modality): FiniteEncoder {
  const { n, post } = sideOf(t, modality);
  const S = t.S;
  const classes = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    let best = 0;
    for (let s = 1; s < S; s++) if (post[x * S + s] > post[x * S + best]) best = s;
    classes[x] = best;
  }
  return { name: `${modality}:root-map`, modality, classes, count: S };
}

/** Diagnostics of the MAP encoder over configurations of positive probability. */
export function rootMapDiagnostics(t: ExactTables, modality: Modality): RootMapDiagnostics {
  const { n, post, p } = sideOf(t, modality);
  const S = t.S;
  let minGap = Infinity;
  let ties = 0;
  for (let x = 0; x < n; x++) {
    if (p[x] === 0) continue; // weight 0 (its posterior row is undefined)
    let a = -Infinity;
    let b = -Infinity;
    for (let s = 0; s < S; s++) {
      const v = post[x * S + s];
      if (v > a) {
        b = a;
        a = v;
      } else if (v > b) b = v;
    }
    const gap = (a - b) / a;
    if (gap < minGap) minGap = gap;
    if (gap <= 1e-12) ties++;
  }
  return { rootMapMinRelativeGap: minGap, rootMapTies: ties };
}

/**
 * E(x) = π_x, the root-posterior vector; configurations whose posteriors agree to `tolerance` (absolute, per entry,
 * by rounding) share a class.
 */
export function rootPosteriorEncoder(t: ExactTables, modality: Modality, tolerance = 1e-12): FiniteEncoder {
  const { n, post } = sideOf(t, modality);
  const S = t.S;
  const keys: string[] = new Array(n);
  for (let x = 0; x < n; x++) {
    const parts: number[] = [];
    for (let s = 0; s < S; s++) parts.push(Math.round(post[x * S + s] / tolerance));
    keys[x] = parts.join(',');
  }
  return encoderFromKeys(`${modality}:root-posterior`, modality, keys);
}

/** Parses an encoder name: `image|text` `:leaf:I` | `:root-map` | `:root-posterior`. Throws RangeError naming `encoder`. */
export function encoderFromName(t: ExactTables, name: string): FiniteEncoder {
  const m = /^(image|text):(leaf:(\d+)|root-map|root-posterior)$/.exec(name);
  if (!m) {
    throw new RangeError(`encoder: unknown encoder ${JSON.stringify(name)} (expected image|text followed by :leaf:I, :root-map or :root-posterior)`);
  }
  const modality = m[1] as Modality;
  if (m[3] !== undefined) {
    const leaf = Number(m[3]);
    const tree = modality === 'image' ? t.model.image : t.model.text;
    if (leaf >= tree.leaves) throw new RangeError(`encoder: ${name}: leaf index must be in 0..${tree.leaves - 1}`);
    return leafEncoder(t, modality, leaf);
  }
  return m[2] === 'root-map' ? rootMapEncoder(t, modality) : rootPosteriorEncoder(t, modality);
}
