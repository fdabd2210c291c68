/**
 * Fused multi-head attention, one workgroup per (encoder e, sequence n, head h), one thread per position (T ≤ 128).
 * q, k, v are read from the stacked projection buffer qkv[e][3][R][D] (R = N·T rows, head h = columns h·dh..).
 * Scores s_ij = scale·q_i·k_j (scale = 1/√dh); softmax (or ReLU: relu(s), unnormalised); `causal` masks j > i.
 * Forward writes the probabilities P[e][n][h][i][j] and the merged output o_i = Σ_j P_ij v_j either into O
 * [E][R][D] or, variant 'add' (no output projection), added straight into the residual stream.
 * Backward (same grid): dV_j = Σ_i P_ij dO_i; dS_ij = P_ij(dP_ij − Σ_k P_ik dP_ik) (softmax) or dP_ij·[P_ij > 0]
 * (ReLU) with dP_ij = dO_i·v_j, stored over P; then dQ_i = scale Σ_j dS_ij k_j and dK_j = scale Σ_i dS_ij q_i,
 * into dqkv[e][3][R][D].
 */
import { COMMON, type KernelSpec, header } from './kernel.js';

/** Largest sequence length the attention kernels handle (one thread per position). */
export const ATTENTION_MAX_T = 128;

const FIELDS = ['groups', 'N', 'T', 'H', 'dh', 'D', 'R', 'scale', 'causal', 'relu'] as const;
const FWD_BINDINGS = [
  { name: 'qkv', write: false },
  { name: 'P', write: true },
  { name: 'out', write: true },
] as const;

const INDEX = `
  let g = flatWg(wg, nwg);
  let valid = g < u.groups;
  let h = g % u.H; let en = g / u.H; let n = en % u.N; let e = en / u.N;
  let RD = u.R * u.D;
  let qb = e * 3u * RD + n * u.T * u.D + h * u.dh;
  let kb = qb + RD; let vb = qb + 2u * RD;
  let pb = g * u.T * u.T;
  let ob = (e * u.R + n * u.T) * u.D + h * u.dh;
  let sc = f(u.scale);
`;

export const ATTENTION_FWD: KernelSpec = {
  name: 'attention-fwd',
  fields: FIELDS,
  bindings: FWD_BINDINGS,
  source: (variant: string) => `${header({ fields: FIELDS, bindings: FWD_BINDINGS })}${COMMON}
@compute @workgroup_size(${ATTENTION_MAX_T})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  ${INDEX}
  let i = l.x;
  if (!valid || i >= u.T) { return; }
  var jmax = u.T;
  if (u.causal != 0u) { jmax = i + 1u; }
  var m = -3.0e38;
  for (var j = 0u; j < jmax; j++) {
    var s = 0.0;
    for (var c = 0u; c < u.dh; c++) { s += qkv[qb + i * u.D + c] * qkv[kb + j * u.D + c]; }
    s = s * sc;
    P[pb + i * u.T + j] = s;
    m = max(m, s);
  }
  var z = 0.0;
  for (var j = 0u; j < u.T; j++) {
    var p = 0.0;
    if (j < jmax) {
      let s = P[pb + i * u.T + j];
      if (u.relu != 0u) { p = max(s, 0.0); } else { p = exp(s - m); }
    }
    P[pb + i * u.T + j] = p;
    z += p;
  }
  var inv = 1.0 / z;
  if (u.relu != 0u) { inv = 1.0; }
  for (var j = 0u; j < jmax; j++) { P[pb + i * u.T + j] = P[pb + i * u.T + j] * inv; }
  for (var c = 0u; c < u.dh; c++) {
    var o = 0.0;
    for (var j = 0u; j < jmax; j++) { o += P[pb + i * u.T + j] * qkv[vb + j * u.D + c]; }
    ${variant === 'add' ? 'out[ob + i * u.D + c] += o;' : 'out[ob + i * u.D + c] = o;'}
  }
}
`,
};

const BWD_BINDINGS = [
  { name: 'qkv', write: false },
  { name: 'P', write: true },
  { name: 'dO', write: false },
  { name: 'dqkv', write: true },
] as const;

export const ATTENTION_BWD: KernelSpec = {
  name: 'attention-bwd',
  fields: FIELDS,
  bindings: BWD_BINDINGS,
  source: () => `${header({ fields: FIELDS, bindings: BWD_BINDINGS })}${COMMON}
@compute @workgroup_size(${ATTENTION_MAX_T})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  ${INDEX}
  let i = l.x;
  let live = valid && i < u.T;
  // dV_j (thread j = i) = Σ_r P_rj dO_r
  if (live) {
    for (var c = 0u; c < u.dh; c++) {
      var s = 0.0;
      for (var r = 0u; r < u.T; r++) { s += P[pb + r * u.T + i] * dO[ob + r * u.D + c]; }
      dqkv[vb + i * u.D + c] = s;
    }
  }
  storageBarrier();
  // dS row i, stored over P row i
  if (live) {
    var rowdot = 0.0;
    if (u.relu == 0u) {
      for (var j = 0u; j < u.T; j++) {
        var dp = 0.0;
        for (var c = 0u; c < u.dh; c++) { dp += dO[ob + i * u.D + c] * qkv[vb + j * u.D + c]; }
        rowdot += P[pb + i * u.T + j] * dp;
      }
    }
    for (var j = 0u; j < u.T; j++) {
      var dp = 0.0;
      for (var c = 0u; c < u.dh; c++) { dp += dO[ob + i * u.D + c] * qkv[vb + j * u.D + c]; }
      let p = P[pb + i * u.T + j];
      var ds = 0.0;
      if (u.relu != 0u) { if (p > 0.0) { ds = dp; } } else { ds = p * (dp - rowdot); }
      P[pb + i * u.T + j] = ds;
    }
  }
  storageBarrier();
  if (live) {
    for (var c = 0u; c < u.dh; c++) {
      var dq = 0.0; var dk = 0.0;
      for (var j = 0u; j < u.T; j++) {
        dq += P[pb + i * u.T + j] * qkv[kb + j * u.D + c];
        dk += P[pb + j * u.T + i] * qkv[qb + j * u.D + c];
      }
      dqkv[qb + i * u.D + c] = dq * sc;
      dqkv[kb + i * u.D + c] = dk * sc;
    }
  }
}
`,
};
