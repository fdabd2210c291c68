/**
 * Column sums over the R rows of each encoder's [R, C] block, written into the gradient buffer:
 * grads[e·P + oA + c] = Σ_r x·y (when oA ≠ NONE) and grads[e·P + oB + c] = Σ_r x (when oB ≠ NONE). Bias and
 * LayerNorm γ/β gradients. Workgroup: 64 columns × 4 row lanes, reduced in workgroup memory; dispatch
 * (⌈C/64⌉, E).
 */
import { COMMON, type KernelSpec, header } from './kernel.js';

/** Marks an unused output offset. */
export const NONE = 0xffffffff;

const FIELDS = ['R', 'C', 'P', 'oA', 'oB', 'xOff'] as const;
const BINDINGS = [
  { name: 'x', write: false },
  { name: 'y', write: false },
  { name: 'grads', write: true },
] as const;

export const COLUMN_SUM: KernelSpec = {
  name: 'column-sum',
  fields: FIELDS,
  bindings: BINDINGS,
  source: () => `${header({ fields: FIELDS, bindings: BINDINGS })}${COMMON}
var<workgroup> sa: array<f32, 256>;
var<workgroup> sb: array<f32, 256>;
@compute @workgroup_size(64, 4)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let c = wg.x * 64u + l.x; let e = wg.y;
  var a = 0.0; var b = 0.0;
  if (c < u.C) {
    let base = u.xOff + e * u.R * u.C;
    for (var r = l.y; r < u.R; r += 4u) {
      let xv = x[base + r * u.C + c];
      b += xv;
      if (u.oA != 0xffffffffu) { a += xv * y[base + r * u.C + c]; }
    }
  }
  let t = l.y * 64u + l.x;
  sa[t] = a; sb[t] = b;
  workgroupBarrier();
  if (l.y == 0u && c < u.C) {
    let A = sa[l.x] + sa[64u + l.x] + sa[128u + l.x] + sa[192u + l.x];
    let B = sb[l.x] + sb[64u + l.x] + sb[128u + l.x] + sb[192u + l.x];
    if (u.oA != 0xffffffffu) { grads[e * u.P + u.oA + c] = A; }
    if (u.oB != 0xffffffffu) { grads[e * u.P + u.oB + c] = B; }
  }
}
`,
};
