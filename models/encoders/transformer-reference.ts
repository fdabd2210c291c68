/**
 * Slow, obviously correct float64 twin of `TransformerEncoder.apply`: plain loops over the same parameters
 * (by variable name), used by the tests for forward parity and finite-difference gradient checks.
 * No tfjs ops are used for the arithmetic.
 */
import type { EncoderConfig } from './transformer.js';
import { LAYER_NORM_EPS } from './layers.js';

/** Parameters by part name (the variable name without the `${name}/` prefix), row-major float64 values. */
export type ParamMap = Map<string, Float64Array>;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function geluRef(x: number): number {
  return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
}

function get(p: ParamMap, name: string): Float64Array {
  const v = p.get(name);
  if (!v) throw new RangeError(`referenceEncoderForward: missing parameter '${name}'`);
  return v;
}

/** y[T][out] = x[T][in] · w[in][out] (+ b). */
function matVec(x: Float64Array[], w: Float64Array, inDim: number, outDim: number, b?: Float64Array): Float64Array[] {
  return x.map((row) => {
    const y = new Float64Array(outDim);
    for (let o = 0; o < outDim; o++) {
      let s = b ? b[o] : 0;
      for (let i = 0; i < inDim; i++) s += row[i] * w[i * outDim + o];
      y[o] = s;
    }
    return y;
  });
}

function layerNormRef(x: Float64Array[], g: Float64Array, b: Float64Array): Float64Array[] {
  return x.map((row) => {
    const d = row.length;
    let mean = 0;
    for (const v of row) mean += v;
    mean /= d;
    let variance = 0;
    for (const v of row) variance += (v - mean) ** 2;
    variance /= d;
    const r = 1 / Math.sqrt(variance + LAYER_NORM_EPS);
    return row.map((v, i) => (v - mean) * r * g[i] + b[i]);
  });
}

/**
 * Forward pass of one sequence (token ids of length T) in float64. Returns the output embedding and the residual
 * stream after each block ([layers][T][width]).
 */
export function referenceEncoderForward(config: EncoderConfig, p: ParamMap, ids: ArrayLike<number>): { out: Float64Array; hidden: Float64Array[][] } {
  const { vocab, length: T, width: D, layers, heads: H, mlp: F, outDim, attention } = config;
  const causal = config.causal ?? false;
  const dh = D / H;
  const tok = get(p, 'tok_emb');
  const pos = get(p, 'pos_emb');
  let h: Float64Array[] = [];
  for (let t = 0; t < T; t++) {
    const id = ids[t];
    if (!(id >= 0 && id < vocab)) throw new RangeError(`referenceEncoderForward: token ${id} out of range`);
    const row = new Float64Array(D);
    for (let d = 0; d < D; d++) row[d] = tok[id * D + d] + pos[t * D + d];
    h.push(row);
  }
  const hidden: Float64Array[][] = [];
  for (let l = 0; l < layers; l++) {
    const P = (s: string) => get(p, `block${l}/${s}`);
    const a = layerNormRef(h, P('ln1/gamma'), P('ln1/beta'));
    const q = matVec(a, P('attn/wq'), D, D);
    const k = matVec(a, P('attn/wk'), D, D);
    const v = matVec(a, P('attn/wv'), D, D);
    const merged = Array.from({ length: T }, () => new Float64Array(D));
    for (let hd = 0; hd < H; hd++) {
      const off = hd * dh;
      for (let i = 0; i < T; i++) {
        const s = new Float64Array(T);
        for (let j = 0; j < T; j++) {
          let dot = 0;
          for (let e = 0; e < dh; e++) dot += q[i][off + e] * k[j][off + e];
          s[j] = dot / Math.sqrt(dh);
        }
        const w = new Float64Array(T);
        if (attention === 'softmax') {
          let m = -Infinity;
          for (let j = 0; j < T; j++) if (!(causal && j > i)) m = Math.max(m, s[j]);
          let z = 0;
          for (let j = 0; j < T; j++) {
            w[j] = causal && j > i ? 0 : Math.exp(s[j] - m);
            z += w[j];
          }
          for (let j = 0; j < T; j++) w[j] /= z;
        } else {
          for (let j = 0; j < T; j++) w[j] = causal && j > i ? 0 : Math.max(0, s[j]);
        }
        for (let e = 0; e < dh; e++) {
          let acc = 0;
          for (let j = 0; j < T; j++) acc += w[j] * v[j][off + e];
          merged[i][off + e] = acc;
        }
      }
    }
    const o = config.outputProjection === false ? merged : matVec(merged, P('attn/wo'), D, D);
    h = h.map((row, t) => row.map((x, d) => x + o[t][d]));
    const c = layerNormRef(h, P('ln2/gamma'), P('ln2/beta'));
    const m1 = matVec(c, P('mlp/w1'), D, F, P('mlp/b1')).map((row) => row.map(geluRef));
    const m2 = matVec(m1, P('mlp/w2'), F, D, P('mlp/b2'));
    h = h.map((row, t) => row.map((x, d) => x + m2[t][d]));
    hidden.push(h.map((row) => Float64Array.from(row)));
  }
  const rw = get(p, 'readout/w');
  const rb = get(p, 'readout/b');
  const perToken = matVec(h, rw, D, outDim, rb);
  const out = new Float64Array(outDim);
  if (config.readout === 'paper') {
    const pw = get(p, 'pool/w');
    const pb = get(p, 'pool/b');
    for (let o = 0; o < outDim; o++) {
      let s = pb[0];
      for (let t = 0; t < T; t++) s += pw[t] * perToken[t][o];
      out[o] = s;
    }
  } else {
    for (let o = 0; o < outDim; o++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += perToken[t][o];
      out[o] = s / T;
    }
  }
  return { out, hidden };
}
