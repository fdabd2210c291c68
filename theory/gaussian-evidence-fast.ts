/**
 * Fast Gaussian leaf evidence for one noisy value z = x + σ·g, x ∈ {0..S−1}: the same vector as
 * belief-propagation.ts `gaussianEvidence` (its slow twin, tested to 1e-13 relative), e^{−((z−s)² − (z−s₀)²)/(2σ²)}
 * with s₀ the nearest state, but with one `Math.exp` per leaf instead of S.
 *
 * With u = z − s₀ and k = s − s₀: (z−s)² − (z−s₀)² = k² − 2uk, so the entry is E^k · G_k with E = e^{u/σ²} and
 * G_k = e^{−k²/(2σ²)} (a table per σ). E^{±k} is built by repeated multiplication away from s₀, where it only
 * shrinks except for |u| ≤ 1/2, so no intermediate overflows while (S−1)/(2σ²) ≤ 700; and the table stays normal
 * while (S−1)²/(2σ²) ≤ 700. Outside that range (`fastGaussianApplies` is false) callers use the direct formula.
 */

/** Precomputed factors of one (S, σ). */
export interface GaussianEvidenceTable {
  /** Number of states. */
  readonly S: number;
  /** 1/σ². */
  readonly invVar: number;
  /** G[k] = e^{−k²/(2σ²)}, k = 0..S−1. */
  readonly G: Float64Array;
  /** True when the recurrence is safe (see the file comment); false means: use the direct formula. */
  readonly fast: boolean;
}

/** Builds the table of one (S, σ); throws a RangeError for σ not finite and > 0. */
export function gaussianEvidenceTable(S: number, sigma: number): GaussianEvidenceTable {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`gaussianEvidence: sigma must be > 0 (got ${sigma})`);
  const half = 1 / (2 * sigma * sigma);
  const G = new Float64Array(S);
  for (let k = 0; k < S; k++) G[k] = Math.exp(-k * k * half);
  const fast = (S - 1) * (S - 1) * half <= 700 && (S - 1) * half <= 700;
  return { S, invVar: 2 * half, G, fast };
}

/** True when `fillGaussianEvidence` uses the one-exp recurrence for this table. */
export function fastGaussianApplies(table: GaussianEvidenceTable): boolean {
  return table.fast;
}

/**
 * Writes the evidence vector of value `z` into out[off..off+S) (largest entry 1, at the nearest state). NaN z gives a
 * NaN vector, as the direct formula does.
 */
export function fillGaussianEvidence(table: GaussianEvidenceTable, z: number, out: Float64Array, off: number): void {
  const S = table.S;
  const invVar = table.invVar;
  if (!table.fast || !Number.isFinite(z)) {
    // the direct formula, exactly as belief-propagation.ts computes it
    let minD = Infinity;
    for (let s = 0; s < S; s++) {
      const d = (z - s) * (z - s);
      if (d < minD) minD = d;
    }
    const inv = invVar / 2;
    for (let s = 0; s < S; s++) out[off + s] = Math.exp(-((z - s) * (z - s) - minD) * inv);
    return;
  }
  const G = table.G;
  let s0 = Math.round(z);
  if (s0 < 0) s0 = 0;
  else if (s0 > S - 1) s0 = S - 1;
  const u = z - s0;
  out[off + s0] = 1;
  const up = Math.exp(u * invVar);
  let p = 1;
  for (let k = 1; s0 + k < S; k++) {
    p *= up;
    out[off + s0 + k] = p * G[k];
  }
  if (s0 > 0) {
    // interior s0: |u| ≤ 1/2, so 1/up is safe and saves an exp; at s0 = S−1, u may be large: exp directly
    const down = s0 < S - 1 ? 1 / up : Math.exp(-u * invVar);
    p = 1;
    for (let k = 1; k <= s0; k++) {
      p *= down;
      out[off + s0 - k] = p * G[k];
    }
  }
}
