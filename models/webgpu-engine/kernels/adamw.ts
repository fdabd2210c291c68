/**
 * Global-norm clipping + AdamW over the flat parameter buffer, per model m (its 2 encoders' P parameters each,
 * contiguous: [2P] at 2P·m, plus the logit scale in `scal` when present), PyTorch `clip_grad_norm_` and
 * `torch.optim.AdamW` semantics as in `models/training/optimizer.ts`:
 * - `grad-norm`: partial sums of g² over chunks of 4096 entries, one workgroup per (chunk, model);
 * - `adamw`: every workgroup sums its model's partials, norm = √Σ, scale = min(1, maxNorm/(norm + 1e−6));
 *   g ← scale·g; m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; p ← p·decay − stepSize·m/(√v·rsqrtBc2 + eps)
 *   (decay = 1 − lr·wd; stepSize = lr/(1−β1^t), rsqrtBc2 = 1/√(1−β2^t) computed in float64 on the host);
 *   the logit scale has no weight decay and is clamped to [0, ln 100]. The norm is written to stats[4m + 1].
 */
import { COMMON, type KernelSpec, header } from './kernel.js';

/** Gradient entries per `grad-norm` workgroup. */
export const NORM_CHUNK = 4096;

const NORM_FIELDS = ['PM', 'chunks', 'hasLogit', 'M'] as const;
const NORM_BINDINGS = [
  { name: 'grads', write: false },
  { name: 'scal', write: false },
  { name: 'partial', write: true },
] as const;

export const GRAD_NORM: KernelSpec = {
  name: 'grad-norm',
  fields: NORM_FIELDS,
  bindings: NORM_BINDINGS,
  source: () => `${header({ fields: NORM_FIELDS, bindings: NORM_BINDINGS })}${COMMON}
var<workgroup> red: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let m = wg.y; let c = wg.x; let t = l.x;
  let start = m * u.PM + c * ${NORM_CHUNK}u;
  let end = min(start + ${NORM_CHUNK}u, (m + 1u) * u.PM);
  var s = 0.0;
  for (var i = start + t; i < end; i += 256u) { let g = grads[i]; s += g * g; }
  if (c == 0u && t == 0u && u.hasLogit != 0u) { let g = scal[u.M + m]; s += g * g; }
  red[t] = s;
  workgroupBarrier();
  for (var w = 128u; w > 0u; w = w / 2u) {
    if (t < w) { red[t] += red[t + w]; }
    workgroupBarrier();
  }
  if (t == 0u) { partial[m * u.chunks + c] = red[0]; }
}
`,
};

const ADAM_FIELDS = ['PM', 'chunks', 'hasLogit', 'M', 'beta1', 'beta2', 'eps', 'decay', 'stepSize', 'rsqrtBc2', 'maxNorm', 'logitMax'] as const;
const ADAM_BINDINGS = [
  { name: 'params', write: true },
  { name: 'grads', write: false },
  { name: 'mom1', write: true },
  { name: 'mom2', write: true },
  { name: 'partial', write: false },
  { name: 'scal', write: true },
  { name: 'stats', write: true },
] as const;

export const ADAMW: KernelSpec = {
  name: 'adamw',
  fields: ADAM_FIELDS,
  bindings: ADAM_BINDINGS,
  source: () => `${header({ fields: ADAM_FIELDS, bindings: ADAM_BINDINGS })}${COMMON}
var<workgroup> red: array<f32, 256>;
fn adam(g: f32, m1: f32, m2: f32, p: f32, decay: f32) -> vec3<f32> {
  let a = f(u.beta1) * m1 + (1.0 - f(u.beta1)) * g;
  let b = f(u.beta2) * m2 + (1.0 - f(u.beta2)) * g * g;
  return vec3<f32>(a, b, p * decay - f(u.stepSize) * a / (sqrt(b) * f(u.rsqrtBc2) + f(u.eps)));
}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let m = wg.y; let t = l.x;
  var s = 0.0;
  for (var c = t; c < u.chunks; c += 256u) { s += partial[m * u.chunks + c]; }
  red[t] = s;
  workgroupBarrier();
  for (var w = 128u; w > 0u; w = w / 2u) {
    if (t < w) { red[t] += red[t + w]; }
    workgroupBarrier();
  }
  let norm = sqrt(red[0]);
  let sc = min(1.0, f(u.maxNorm) / (norm + 1e-6));
  let i = wg.x * 256u + t;
  if (i < u.PM) {
    let k = m * u.PM + i;
    let r = adam(grads[k] * sc, mom1[k], mom2[k], params[k], f(u.decay));
    mom1[k] = r.x; mom2[k] = r.y; params[k] = r.z;
  }
  if (wg.x == 0u && t == 0u) {
    stats[4u * m + 1u] = norm;
    if (u.hasLogit != 0u) {
      let r = adam(scal[u.M + m] * sc, scal[2u * u.M + m], scal[3u * u.M + m], scal[m], 1.0);
      scal[2u * u.M + m] = r.x; scal[3u * u.M + m] = r.y; scal[m] = clamp(r.z, 0.0, f(u.logitMax));
    }
  }
}
`,
};
