/**
 * The CLIP loss and its gradient with respect to the embeddings, one workgroup (256 threads) per model m, image
 * embeddings at encoder 2m and text at 2m+1 (rows [N][O] each). Same layouts and reductions as
 * `models/training/clip-losses.ts`:
 * - paper K-sample loss (kind 0): B = N/(K+1) anchors per direction, the SUM of both directions averaged over B;
 * - in-batch loss (kind 1): B = N pairs, the MEAN of both directions.
 * Similarity: dot, or (cosine) L2-normalised rows (x·rsqrt(‖x‖² + 1e−12)) with the image side scaled by
 * exp(logit_scale); then the logit-scale gradient is written to scal[M + m]. Loss → stats[4m].
 */
import { COMMON, type KernelSpec, header } from './kernel.js';

/** Largest K of the paper loss (the K logits of an anchor are held in a private array). */
export const CLIP_LOSS_MAX_K = 64;

const FIELDS = ['M', 'N', 'O', 'B', 'K', 'kind', 'cosine', 'rOff', 'lseOff'] as const;
const BINDINGS = [
  { name: 'y', write: false },
  { name: 'scal', write: true },
  { name: 'dy', write: true },
  { name: 'scratch', write: true },
  { name: 'stats', write: true },
] as const;

export const CLIP_LOSS: KernelSpec = {
  name: 'clip-loss',
  fields: FIELDS,
  bindings: BINDINGS,
  source: () => `${header({ fields: FIELDS, bindings: BINDINGS })}${COMMON}
var<workgroup> red: array<f32, 256>;
fn X(e: u32, row: u32, o: u32) -> f32 {
  let i = (e * u.N + row) * u.O + o;
  if (u.cosine != 0u) { return scratch[i]; }
  return y[i];
}
fn sim(ea: u32, ra: u32, eb: u32, rb: u32) -> f32 {
  var s = 0.0;
  for (var o = 0u; o < u.O; o++) { s += X(ea, ra, o) * X(eb, rb, o); }
  return s;
}
fn reduce(v: f32, t: u32) -> f32 {
  red[t] = v;
  workgroupBarrier();
  for (var w = 128u; w > 0u; w = w / 2u) {
    if (t < w) { red[t] += red[t + w]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let m = wg.x; let t = l.x;
  let ei = 2u * m; let et = 2u * m + 1u;
  let B = u.B; let K = u.K;
  var scale = 1.0;
  if (u.cosine != 0u) {
    scale = exp(scal[m]);
    for (var q = t; q < 2u * u.N; q += 256u) {
      let e = ei + q / u.N; let row = q % u.N; let base = (e * u.N + row) * u.O;
      var ss = 0.0;
      for (var o = 0u; o < u.O; o++) { ss += y[base + o] * y[base + o]; }
      let r = 1.0 / sqrt(ss + 1e-12);
      scratch[u.rOff + e * u.N + row] = r;
      var s = r;
      if (e == ei) { s = r * scale; }
      for (var o = 0u; o < u.O; o++) { scratch[base + o] = y[base + o] * s; }
    }
  }
  storageBarrier();
  var loss = 0.0;
  if (u.kind == 0u) {
    let inv = 1.0 / f32(B);
    for (var i = t; i < B; i += 256u) {
      for (var dir = 0u; dir < 2u; dir++) {
        var ea = ei; var ec = et; var ra = i; var r0 = i;
        if (dir == 1u) { ea = et; ec = ei; ra = B + i; r0 = B + i; }
        var s: array<f32, ${CLIP_LOSS_MAX_K}>;
        var mx = -3.0e38;
        for (var c = 0u; c < K; c++) {
          var rc = r0;
          if (c > 0u) { rc = 2u * B + (c - 1u) * B + i; }
          s[c] = sim(ea, ra, ec, rc);
          mx = max(mx, s[c]);
        }
        var z = 0.0;
        for (var c = 0u; c < K; c++) { z += exp(s[c] - mx); }
        let lse = mx + log(z);
        loss += lse - s[0];
        for (var o = 0u; o < u.O; o++) { dy[(ea * u.N + ra) * u.O + o] = 0.0; }
        for (var c = 0u; c < K; c++) {
          var rc = r0;
          if (c > 0u) { rc = 2u * B + (c - 1u) * B + i; }
          var g = exp(s[c] - lse);
          if (c == 0u) { g -= 1.0; }
          g = g * inv;
          for (var o = 0u; o < u.O; o++) {
            dy[(ea * u.N + ra) * u.O + o] += g * X(ec, rc, o);
            dy[(ec * u.N + rc) * u.O + o] = g * X(ea, ra, o);
          }
        }
      }
    }
    loss = reduce(loss, t) * inv;
  } else {
    let lb = u.lseOff + m * 2u * B;
    for (var i = t; i < B; i += 256u) {
      var mr = -3.0e38; var mc = -3.0e38;
      for (var j = 0u; j < B; j++) { mr = max(mr, sim(ei, i, et, j)); mc = max(mc, sim(ei, j, et, i)); }
      var zr = 0.0; var zc = 0.0;
      for (var j = 0u; j < B; j++) { zr += exp(sim(ei, i, et, j) - mr); zc += exp(sim(ei, j, et, i) - mc); }
      let rl = mr + log(zr); let cl = mc + log(zc);
      scratch[lb + i] = rl;
      scratch[lb + B + i] = cl;
      loss += rl + cl - 2.0 * sim(ei, i, et, i);
    }
    storageBarrier();
    let half = 0.5 / f32(B);
    for (var i = t; i < B; i += 256u) {
      for (var o = 0u; o < u.O; o++) { dy[(ei * u.N + i) * u.O + o] = 0.0; dy[(et * u.N + i) * u.O + o] = 0.0; }
      for (var j = 0u; j < B; j++) {
        let lij = sim(ei, i, et, j);
        var gi = exp(lij - scratch[lb + i]) + exp(lij - scratch[lb + B + j]);
        let lji = sim(ei, j, et, i);
        var gt = exp(lji - scratch[lb + j]) + exp(lji - scratch[lb + B + i]);
        if (i == j) { gi -= 2.0; gt -= 2.0; }
        for (var o = 0u; o < u.O; o++) {
          dy[(ei * u.N + i) * u.O + o] += half * gi * X(et, j, o);
          dy[(et * u.N + i) * u.O + o] += half * gt * X(ei, j, o);
        }
      }
    }
    loss = reduce(loss, t) * half;
  }
  if (t == 0u) { stats[4u * m] = loss; }
  if (u.cosine != 0u) {
    storageBarrier();
    var dls = 0.0;
    for (var q = t; q < 2u * u.N; q += 256u) {
      let e = ei + q / u.N; let row = q % u.N; let base = (e * u.N + row) * u.O;
      let r = scratch[u.rOff + e * u.N + row];
      var s = 1.0;
      if (e == ei) {
        s = scale;
        for (var o = 0u; o < u.O; o++) { dls += dy[base + o] * scratch[base + o]; }
      }
      var ud = 0.0;
      for (var o = 0u; o < u.O; o++) { ud += y[base + o] * r * dy[base + o] * s; }
      for (var o = 0u; o < u.O; o++) {
        let un = y[base + o] * r;
        dy[base + o] = r * (dy[base + o] * s - un * ud);
      }
    }
    dls = reduce(dls, t);
    if (t == 0u) { scal[u.M + m] = dls; }
  }
}
`,
};
