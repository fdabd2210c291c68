/**
 * LayerNorm over rows of width D (biased variance, eps 1e-5, PyTorch's convention), one thread per row.
 * Forward: y = x̂·γ + β, saving x̂ and rstd = 1/sqrt(var + eps). Backward (the residual fused in): with g = dy·γ,
 * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) is ADDED to the residual-stream gradient. dγ, dβ come from `column-sum`.
 */
import { COMMON, type KernelSpec, header } from './kernel.js';

const FWD_FIELDS = ['rows', 'R', 'D', 'P', 'gOff', 'bOff', 'eps'] as const;
const FWD_BINDINGS = [
  { name: 'x', write: false },
  { name: 'params', write: false },
  { name: 'y', write: true },
  { name: 'xhat', write: true },
  { name: 'rstd', write: true },
] as const;

export const LAYER_NORM_FWD: KernelSpec = {
  name: 'layer-norm-fwd',
  fields: FWD_FIELDS,
  bindings: FWD_BINDINGS,
  source: () => `${header({ fields: FWD_FIELDS, bindings: FWD_BINDINGS })}${COMMON}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let row = flatWg(wg, nwg) * 64u + l.x;
  if (row >= u.rows) { return; }
  let e = row / u.R; let base = row * u.D; let pb = e * u.P;
  var mean = 0.0;
  for (var d = 0u; d < u.D; d++) { mean += x[base + d]; }
  mean = mean / f32(u.D);
  var vr = 0.0;
  for (var d = 0u; d < u.D; d++) { let c = x[base + d] - mean; vr += c * c; }
  let rs = 1.0 / sqrt(vr / f32(u.D) + f(u.eps));
  rstd[row] = rs;
  for (var d = 0u; d < u.D; d++) {
    let xh = (x[base + d] - mean) * rs;
    xhat[base + d] = xh;
    y[base + d] = xh * params[pb + u.gOff + d] + params[pb + u.bOff + d];
  }
}
`,
};

const BWD_FIELDS = ['rows', 'R', 'D', 'P', 'gOff'] as const;
const BWD_BINDINGS = [
  { name: 'dy', write: false },
  { name: 'xhat', write: false },
  { name: 'rstd', write: false },
  { name: 'params', write: false },
  { name: 'dx', write: true },
] as const;

export const LAYER_NORM_BWD: KernelSpec = {
  name: 'layer-norm-bwd',
  fields: BWD_FIELDS,
  bindings: BWD_BINDINGS,
  source: () => `${header({ fields: BWD_FIELDS, bindings: BWD_BINDINGS })}${COMMON}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let row = flatWg(wg, nwg) * 64u + l.x;
  if (row >= u.rows) { return; }
  let e = row / u.R; let base = row * u.D; let pg = e * u.P + u.gOff;
  var mg = 0.0; var mgx = 0.0;
  for (var d = 0u; d < u.D; d++) { let g = dy[base + d] * params[pg + d]; mg += g; mgx += g * xhat[base + d]; }
  mg = mg / f32(u.D); mgx = mgx / f32(u.D);
  let rs = rstd[row];
  for (var d = 0u; d < u.D; d++) {
    let g = dy[base + d] * params[pg + d];
    dx[base + d] += rs * (g - mg - xhat[base + d] * mgx);
  }
}
`,
};
