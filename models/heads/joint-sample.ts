/**
 * Finite training samples for the downstream heads, drawn exactly from the enumerated joint law p(x, y) of a JGHM
 * (inverse CDF over the nx × ny cells): counts per (x, y) pair for the VLM head, (x, y, z) triples with
 * z = x + σ·g on every image leaf for the CDM head.
 */
import { type ExactTables, jointTable } from '../../theory/exact-tables.js';
import type { Rng } from '../../theory/random.js';

function cumulative(t: ExactTables): Float64Array {
  const J = jointTable(t);
  const c = new Float64Array(J.length);
  let acc = 0;
  for (let i = 0; i < J.length; i++) c[i] = acc += J[i];
  return c;
}

function draw(c: Float64Array, u: number): number {
  const target = u * c[c.length - 1];
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** n pairs from p(x, y), as counts [nx × ny]. */
export function sampleJointCounts(t: ExactTables, n: number, rng: Rng): Float64Array {
  const c = cumulative(t);
  const counts = new Float64Array(t.nx * t.ny);
  for (let i = 0; i < n; i++) counts[draw(c, rng.uniform())]++;
  return counts;
}

/** n denoising triples: image index x, text index y, and z = values(x) + σ·g, [n × T]. */
export interface CdmTriples {
  readonly n: number;
  readonly x: Int32Array;
  readonly y: Int32Array;
  readonly z: Float64Array;
}

/** n triples (x, y) ~ p(x, y), z = leafValues[x] + σ·N(0, I_T); `leafValues` is [nx × T]. */
export function sampleCdmTriples(t: ExactTables, leafValues: ArrayLike<number>, sigma: number, n: number, rng: Rng): CdmTriples {
  const c = cumulative(t);
  const T = leafValues.length / t.nx;
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  const z = new Float64Array(n * T);
  for (let i = 0; i < n; i++) {
    const cell = draw(c, rng.uniform());
    x[i] = Math.floor(cell / t.ny);
    y[i] = cell % t.ny;
    for (let l = 0; l < T; l++) z[i * T + l] = leafValues[x[i] * T + l] + sigma * rng.normal();
  }
  return { n, x, y, z };
}
