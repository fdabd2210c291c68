/**
 * Matrix–vector kernels of the fast message-passing paths, generated once per state count S with the state loops
 * fully unrolled (locals instead of typed-array traffic, no loop overhead): V8 runs them several times faster than
 * the generic loops. Each performs exactly the floating-point operations of the generic loops of
 * belief-propagation.ts, in the same order, so the results are bit for bit the same (tested against the generic
 * loops in `genericStateKernels`, their slow twin):
 * - sums start from the first term (0 + x = x for the non-negative x that occur here);
 * - a downward term b·K with b = 0 is kept (the generic loop skips it: adding +0 changes nothing);
 * - rescaling to max 1 multiplies by 1/max, or divides by max when 1/max overflows (subnormal max).
 */

/** dst[dOff..+S) = rescale(K · src[sOff..+S)), K = k[kOff..+S²) row-major. */
export type MatVec = (k: Float64Array, kOff: number, src: Float64Array, sOff: number, dst: Float64Array, dOff: number) => void;
/** dst[dOff..+S) = rescale(bᵀ K), b = b[bOff..+S). */
export type VecMat = (k: Float64Array, kOff: number, b: Float64Array, bOff: number, dst: Float64Array, dOff: number) => void;

/**
 * Upward message of an internal node from its m children's messages q[qOff + c·S ..] (c = 0..m−1):
 * h = rescale(Π_c q_c), dst[dOff..+S) = rescale(K·h).
 */
export type UpNode = (k: Float64Array, kOff: number, q: Float64Array, qOff: number, m: number, dst: Float64Array, dOff: number) => void;
/**
 * Downward message of child c of a node: β = α ⊙ Π_{c'≠c} q_{c'} (α = a[aOff..+S), q_{c'} = q[qOff + c'·S ..]),
 * dst[dOff..+S) = rescale(βᵀK).
 */
export type DownChild = (
  k: Float64Array, kOff: number, a: Float64Array, aOff: number, q: Float64Array, qOff: number, m: number, c: number, dst: Float64Array, dOff: number,
) => void;
/**
 * Posterior mean Σ_s s·p(leaf = s) of leaf child c: α = rescale(βᵀK) as in `DownChild`, marginal α ⊙ h / Σ α ⊙ h with
 * h = ev[evOff..+S), the mean summed as Σ_{s≥1} s·(marginal_s).
 */
export type LeafMean = (
  k: Float64Array, kOff: number, a: Float64Array, aOff: number, q: Float64Array, qOff: number, m: number, c: number, ev: Float64Array, evOff: number,
) => number;

/**
 * Predictive probability of value v at leaf child c: with β as in `DownChild`,
 * Σ_s β(s)·col[colOff + s] / Σ_s β(s)·rowSum[rsOff + s] (col = the kernel's column v, rowSum = its row sums).
 */
export type LeafProbability = (
  a: Float64Array, aOff: number, q: Float64Array, qOff: number, m: number, c: number, col: Float64Array, colOff: number, rowSum: Float64Array, rsOff: number,
) => number;

/** The kernels of one S. */
export interface StateKernels {
  /** Number of states. */
  readonly S: number;
  /** Upward message: rescale(K·h). */
  readonly matVec: MatVec;
  /** Downward message: rescale(βᵀK). */
  readonly vecMat: VecMat;
  /** Upward message of an internal node. */
  readonly upNode: UpNode;
  /** Downward message of a child. */
  readonly downChild: DownChild;
  /** Posterior mean of a leaf. */
  readonly leafMean: LeafMean;
  /** Predictive probability of a leaf value. */
  readonly leafProbability: LeafProbability;
}

/** Largest S that gets unrolled kernels (S² terms per kernel); larger S uses the generic loops. */
export const MAX_UNROLLED_STATES = 24;

export function rescaleLines(S: number, name: (s: number) => string, dst: string): string[] {
  const lines = ['let mx = 0;'];
  for (let s = 0; s < S; s++) lines.push(`if (${name(s)} > mx) mx = ${name(s)};`);
  lines.push('if (mx === 0 || mx === 1) {');
  for (let s = 0; s < S; s++) lines.push(`  ${dst}[dOff + ${s}] = ${name(s)};`);
  lines.push('} else { const inv = 1 / mx; if (inv !== Infinity) {');
  for (let s = 0; s < S; s++) lines.push(`  ${dst}[dOff + ${s}] = ${name(s)} * inv;`);
  lines.push('} else {');
  for (let s = 0; s < S; s++) lines.push(`  ${dst}[dOff + ${s}] = ${name(s)} / mx;`);
  lines.push('} }');
  return lines;
}

function matVecSource(S: number): string {
  const lines: string[] = [];
  for (let u = 0; u < S; u++) lines.push(`const x${u} = src[sOff + ${u}];`);
  for (let s = 0; s < S; s++) {
    const terms = Array.from({ length: S }, (_, u) => `k[kOff + ${s * S + u}] * x${u}`);
    lines.push(`const y${s} = ${terms.join(' + ')};`);
  }
  lines.push(...rescaleLines(S, (s) => `y${s}`, 'dst'));
  return `return function matVec(k, kOff, src, sOff, dst, dOff) {\n${lines.join('\n')}\n};`;
}

function vecMatSource(S: number): string {
  const lines: string[] = [];
  for (let s = 0; s < S; s++) lines.push(`const b${s} = b[bOff + ${s}];`);
  for (let u = 0; u < S; u++) {
    const terms = Array.from({ length: S }, (_, s) => `b${s} * k[kOff + ${s * S + u}]`);
    lines.push(`const y${u} = ${terms.join(' + ')};`);
  }
  lines.push(...rescaleLines(S, (s) => `y${s}`, 'dst'));
  return `return function vecMat(k, kOff, b, bOff, dst, dOff) {\n${lines.join('\n')}\n};`;
}

/** Rescales locals name(s) to max 1 in place (same rule). */
export function rescaleLocals(S: number, name: (s: number) => string): string[] {
  const lines = ['{ let mx = 0;'];
  for (let s = 0; s < S; s++) lines.push(`if (${name(s)} > mx) mx = ${name(s)};`);
  lines.push('if (mx !== 0 && mx !== 1) { const inv = 1 / mx; if (inv !== Infinity) {');
  for (let s = 0; s < S; s++) lines.push(`  ${name(s)} *= inv;`);
  lines.push('} else {');
  for (let s = 0; s < S; s++) lines.push(`  ${name(s)} /= mx;`);
  lines.push('} } }');
  return lines;
}

export function betaLines(S: number): string[] {
  const lines: string[] = [];
  for (let s = 0; s < S; s++) lines.push(`let b${s} = a[aOff + ${s}];`);
  lines.push('for (let c2 = 0; c2 < m; c2++) { if (c2 === c) continue; const o = qOff + c2 * ' + S + ';');
  for (let s = 0; s < S; s++) lines.push(`  b${s} *= q[o + ${s}];`);
  lines.push('}');
  return lines;
}

function vecMatLines(S: number): string[] {
  const lines: string[] = [];
  for (let u = 0; u < S; u++) {
    const terms = Array.from({ length: S }, (_, s) => `b${s} * k[kOff + ${s * S + u}]`);
    lines.push(`let y${u} = ${terms.join(' + ')};`);
  }
  return lines;
}

function upNodeSource(S: number): string {
  const lines: string[] = [];
  for (let s = 0; s < S; s++) lines.push(`let x${s} = 1;`);
  lines.push('for (let c = 0; c < m; c++) { const o = qOff + c * ' + S + ';');
  for (let s = 0; s < S; s++) lines.push(`  x${s} *= q[o + ${s}];`);
  lines.push('}');
  lines.push(...rescaleLocals(S, (s) => `x${s}`));
  for (let s = 0; s < S; s++) {
    const terms = Array.from({ length: S }, (_, u) => `k[kOff + ${s * S + u}] * x${u}`);
    lines.push(`const y${s} = ${terms.join(' + ')};`);
  }
  lines.push(...rescaleLines(S, (s) => `y${s}`, 'dst'));
  return `return function upNode(k, kOff, q, qOff, m, dst, dOff) {\n${lines.join('\n')}\n};`;
}

function downChildSource(S: number): string {
  const lines = [...betaLines(S), ...vecMatLines(S), ...rescaleLines(S, (s) => `y${s}`, 'dst')];
  return `return function downChild(k, kOff, a, aOff, q, qOff, m, c, dst, dOff) {\n${lines.join('\n')}\n};`;
}

function leafMeanSource(S: number): string {
  const lines = [...betaLines(S), ...vecMatLines(S), ...rescaleLocals(S, (s) => `y${s}`)];
  for (let s = 0; s < S; s++) lines.push(`y${s} *= ev[evOff + ${s}];`);
  lines.push(`const sum = ${Array.from({ length: S }, (_, s) => `y${s}`).join(' + ')};`);
  lines.push(`return ${Array.from({ length: S - 1 }, (_, s) => `${s + 1} * (y${s + 1} / sum)`).join(' + ')};`);
  return `return function leafMean(k, kOff, a, aOff, q, qOff, m, c, ev, evOff) {\n${lines.join('\n')}\n};`;
}

function leafProbabilitySource(S: number): string {
  const lines = [...betaLines(S)];
  lines.push(`const num = ${Array.from({ length: S }, (_, s) => `b${s} * col[colOff + ${s}]`).join(' + ')};`);
  lines.push(`const den = ${Array.from({ length: S }, (_, s) => `b${s} * rowSum[rsOff + ${s}]`).join(' + ')};`);
  lines.push('return num / den;');
  return `return function leafProbability(a, aOff, q, qOff, m, c, col, colOff, rowSum, rsOff) {\n${lines.join('\n')}\n};`;
}

function rescale(v: Float64Array, off: number, S: number): void {
  let max = 0;
  for (let s = 0; s < S; s++) if (v[off + s] > max) max = v[off + s];
  if (max === 0 || max === 1) return;
  const inv = 1 / max;
  if (inv !== Infinity) for (let s = 0; s < S; s++) v[off + s] *= inv;
  else for (let s = 0; s < S; s++) v[off + s] /= max;
}

/** The generic loops (the slow twin of the unrolled kernels; also used above `MAX_UNROLLED_STATES`). */
export function genericStateKernels(S: number): StateKernels {
  const tmp = new Float64Array(S);
  const h = new Float64Array(S);
  const beta = new Float64Array(S);
  const matVec: MatVec = (k, kOff, src, sOff, dst, dOff) => {
    for (let s = 0; s < S; s++) {
      let acc = 0;
      const row = kOff + s * S;
      for (let u = 0; u < S; u++) acc += k[row + u] * src[sOff + u];
      tmp[s] = acc;
    }
    rescale(tmp, 0, S);
    dst.set(tmp, dOff);
  };
  const vecMat: VecMat = (k, kOff, b, bOff, dst, dOff) => {
    tmp.fill(0);
    for (let s = 0; s < S; s++) {
      const x = b[bOff + s];
      if (x === 0) continue;
      const row = kOff + s * S;
      for (let u = 0; u < S; u++) tmp[u] += x * k[row + u];
    }
    rescale(tmp, 0, S);
    dst.set(tmp, dOff);
  };
  const betaOf = (a: Float64Array, aOff: number, q: Float64Array, qOff: number, m: number, c: number) => {
    for (let s = 0; s < S; s++) {
      let v = a[aOff + s];
      for (let c2 = 0; c2 < m; c2++) if (c2 !== c) v *= q[qOff + c2 * S + s];
      beta[s] = v;
    }
  };
  return {
    S,
    matVec,
    vecMat,
    upNode(k, kOff, q, qOff, m, dst, dOff) {
      for (let s = 0; s < S; s++) {
        let prod = 1;
        for (let c = 0; c < m; c++) prod *= q[qOff + c * S + s];
        h[s] = prod;
      }
      rescale(h, 0, S);
      matVec(k, kOff, h, 0, dst, dOff);
    },
    downChild(k, kOff, a, aOff, q, qOff, m, c, dst, dOff) {
      betaOf(a, aOff, q, qOff, m, c);
      vecMat(k, kOff, beta, 0, dst, dOff);
    },
    leafMean(k, kOff, a, aOff, q, qOff, m, c, ev, evOff) {
      betaOf(a, aOff, q, qOff, m, c);
      vecMat(k, kOff, beta, 0, tmp, 0);
      let sum = 0;
      for (let u = 0; u < S; u++) {
        tmp[u] *= ev[evOff + u];
        sum += tmp[u];
      }
      let mean = 0;
      for (let u = 1; u < S; u++) mean += u * (tmp[u] / sum);
      return mean;
    },
    leafProbability(a, aOff, q, qOff, m, c, col, colOff, rowSum, rsOff) {
      betaOf(a, aOff, q, qOff, m, c);
      let num = 0;
      let den = 0;
      for (let s = 0; s < S; s++) {
        num += beta[s] * col[colOff + s];
        den += beta[s] * rowSum[rsOff + s];
      }
      return num / den;
    },
  };
}

const cache = new Map<number, StateKernels>();

/** The (cached) kernels of S states: unrolled up to `MAX_UNROLLED_STATES`, generic above. */
export function stateKernels(S: number): StateKernels {
  let k = cache.get(S);
  if (!k) {
    k =
      S <= MAX_UNROLLED_STATES
        ? {
            S,
            matVec: new Function(matVecSource(S))() as MatVec,
            vecMat: new Function(vecMatSource(S))() as VecMat,
            upNode: new Function(upNodeSource(S))() as UpNode,
            downChild: new Function(downChildSource(S))() as DownChild,
            leafMean: new Function(leafMeanSource(S))() as LeafMean,
            leafProbability: new Function(leafProbabilitySource(S))() as LeafProbability,
          }
        : genericStateKernels(S);
    cache.set(S, k);
  }
  return k;
}
