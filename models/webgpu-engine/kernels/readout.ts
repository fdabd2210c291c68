/**
 * The encoder readout. Paper readout: pooled[n, d] = Σ_t w_t h[n, t, d] (w = pool/w), y = pooled·Wr + rb·Σ_t w_t + pb
 * (the same affine map as per-token projection then pooling). Mean readout: w_t = 1/T, y = pooled·Wr + rb.
 * - `pool-fwd`: pooled, one thread per (e, n, d);
 * - `readout-fwd`: y, one thread per (e, n, o);
 * - `readout-bwd`: one workgroup per encoder: column sums of dy (→ d rb, d pb), d Wr = pooledᵀ·dy,
 *   dpooled = dy·Wrᵀ, then d w_t = Σ_{n,d} h[n,t,d]·dpooled[n,d] + Σ_o rb_o Σ_n dy[n,o] (paper readout);
 * - `pool-bwd`: dh[e, n, t, d] = w_t·dpooled[n, d] (initialises the residual-stream gradient).
 */
import { COMMON, type KernelSpec, header } from './kernel.js';

/** Largest output dimension `readout-bwd` handles (its column sums live in workgroup memory). */
export const READOUT_MAX_OUT = 256;

const FIELDS = ['E', 'N', 'T', 'D', 'O', 'P', 'rwOff', 'rbOff', 'pwOff', 'pbOff', 'paper'] as const;

const WEIGHT = `
fn poolWeight(e: u32, t: u32) -> f32 {
  if (u.paper != 0u) { return params[e * u.P + u.pwOff + t]; }
  return 1.0 / f32(u.T);
}
`;

const POOL_FWD_BINDINGS = [
  { name: 'h', write: false },
  { name: 'params', write: false },
  { name: 'pooled', write: true },
] as const;

export const POOL_FWD: KernelSpec = {
  name: 'pool-fwd',
  fields: FIELDS,
  bindings: POOL_FWD_BINDINGS,
  source: () => `${header({ fields: FIELDS, bindings: POOL_FWD_BINDINGS })}${COMMON}${WEIGHT}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let i = flatWg(wg, nwg) * 256u + l.x;
  if (i >= u.E * u.N * u.D) { return; }
  let d = i % u.D; let en = i / u.D; let e = en / u.N;
  var s = 0.0;
  for (var t = 0u; t < u.T; t++) { s += poolWeight(e, t) * h[(en * u.T + t) * u.D + d]; }
  pooled[i] = s;
}
`,
};

const READOUT_FWD_BINDINGS = [
  { name: 'pooled', write: false },
  { name: 'params', write: false },
  { name: 'y', write: true },
] as const;

export const READOUT_FWD: KernelSpec = {
  name: 'readout-fwd',
  fields: FIELDS,
  bindings: READOUT_FWD_BINDINGS,
  source: () => `${header({ fields: FIELDS, bindings: READOUT_FWD_BINDINGS })}${COMMON}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let i = flatWg(wg, nwg) * 256u + l.x;
  if (i >= u.E * u.N * u.O) { return; }
  let o = i % u.O; let en = i / u.O; let e = en / u.N; let pb = e * u.P;
  var s = 0.0;
  for (var d = 0u; d < u.D; d++) { s += pooled[en * u.D + d] * params[pb + u.rwOff + d * u.O + o]; }
  var wsum = 1.0;
  if (u.paper != 0u) {
    wsum = 0.0;
    for (var t = 0u; t < u.T; t++) { wsum += params[pb + u.pwOff + t]; }
    s += params[pb + u.pbOff];
  }
  y[i] = s + params[pb + u.rbOff + o] * wsum;
}
`,
};

const READOUT_BWD_BINDINGS = [
  { name: 'dy', write: false },
  { name: 'pooled', write: false },
  { name: 'h', write: false },
  { name: 'params', write: false },
  { name: 'grads', write: true },
  { name: 'dpooled', write: true },
] as const;

export const READOUT_BWD: KernelSpec = {
  name: 'readout-bwd',
  fields: FIELDS,
  bindings: READOUT_BWD_BINDINGS,
  source: () => `${header({ fields: FIELDS, bindings: READOUT_BWD_BINDINGS })}${COMMON}
var<workgroup> cs: array<f32, ${READOUT_MAX_OUT}>;
var<workgroup> rbdot: f32;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let e = wg.x; let pb = e * u.P; let yb = e * u.N * u.O; let pob = e * u.N * u.D;
  for (var o = l.x; o < u.O; o += 256u) {
    var s = 0.0;
    for (var n = 0u; n < u.N; n++) { s += dy[yb + n * u.O + o]; }
    cs[o] = s;
  }
  workgroupBarrier();
  if (l.x == 0u) {
    var wsum = 1.0;
    if (u.paper != 0u) {
      wsum = 0.0;
      for (var t = 0u; t < u.T; t++) { wsum += params[pb + u.pwOff + t]; }
    }
    var tot = 0.0; var rd = 0.0;
    for (var o = 0u; o < u.O; o++) {
      grads[pb + u.rbOff + o] = cs[o] * wsum;
      tot += cs[o];
      rd += cs[o] * params[pb + u.rbOff + o];
    }
    if (u.paper != 0u) { grads[pb + u.pbOff] = tot; }
    rbdot = rd;
  }
  for (var i = l.x; i < u.D * u.O; i += 256u) {
    let d = i / u.O; let o = i % u.O;
    var s = 0.0;
    for (var n = 0u; n < u.N; n++) { s += pooled[pob + n * u.D + d] * dy[yb + n * u.O + o]; }
    grads[pb + u.rwOff + i] = s;
  }
  for (var i = l.x; i < u.N * u.D; i += 256u) {
    let n = i / u.D; let d = i % u.D;
    var s = 0.0;
    for (var o = 0u; o < u.O; o++) { s += dy[yb + n * u.O + o] * params[pb + u.rwOff + d * u.O + o]; }
    dpooled[pob + i] = s;
  }
  storageBarrier();
  workgroupBarrier();
  if (u.paper != 0u) {
    for (var t = l.x; t < u.T; t += 256u) {
      var s = 0.0;
      for (var n = 0u; n < u.N; n++) {
        for (var d = 0u; d < u.D; d++) { s += h[((e * u.N + n) * u.T + t) * u.D + d] * dpooled[pob + n * u.D + d]; }
      }
      grads[pb + u.pwOff + t] = s + rbdot;
    }
  }
}
`,
};

const POOL_BWD_BINDINGS = [
  { name: 'dpooled', write: false },
  { name: 'params', write: false },
  { name: 'dh', write: true },
] as const;

export const POOL_BWD: KernelSpec = {
  name: 'pool-bwd',
  fields: FIELDS,
  bindings: POOL_BWD_BINDINGS,
  source: () => `${header({ fields: FIELDS, bindings: POOL_BWD_BINDINGS })}${COMMON}${WEIGHT}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let i = flatWg(wg, nwg) * 256u + l.x;
  if (i >= u.E * u.N * u.T * u.D) { return; }
  let d = i % u.D; let ent = i / u.D; let t = ent % u.T; let en = ent / u.T; let e = en / u.N;
  dh[i] = poolWeight(e, t) * dpooled[en * u.D + d];
}
`,
};
