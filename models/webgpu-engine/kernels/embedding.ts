/**
 * Token + positional embedding. Forward: h[e, r, d] = tok_emb[id(e, r), d] + pos_emb[r mod T, d], one thread per
 * element. Backward: d tok_emb[v, d] = Σ_{r: id = v} dh[e, r, d] and d pos_emb[t, d] = Σ_n dh[e, n·T + t, d], one
 * thread per gradient entry (written, not accumulated). `e` indexes encoders; each owns `P` parameters.
 */
import { COMMON, type KernelSpec, header } from './kernel.js';

const FWD_FIELDS = ['total', 'R', 'T', 'D', 'P', 'tokOff', 'posOff'] as const;
const FWD_BINDINGS = [
  { name: 'tokens', write: false },
  { name: 'params', write: false },
  { name: 'h', write: true },
] as const;

export const EMBED_FWD: KernelSpec = {
  name: 'embed-fwd',
  fields: FWD_FIELDS,
  bindings: FWD_BINDINGS,
  source: () => `${header({ fields: FWD_FIELDS, bindings: FWD_BINDINGS })}${COMMON}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let i = flatWg(wg, nwg) * 256u + l.x;
  if (i >= u.total) { return; }
  let d = i % u.D; let er = i / u.D; let e = er / u.R; let r = er % u.R; let t = r % u.T;
  let id = tokens[er];
  h[i] = params[e * u.P + u.tokOff + id * u.D + d] + params[e * u.P + u.posOff + t * u.D + d];
}
`,
};

const BWD_FIELDS = ['total', 'R', 'T', 'D', 'P', 'V', 'N', 'tokOff', 'posOff'] as const;
const BWD_BINDINGS = [
  { name: 'tokens', write: false },
  { name: 'dh', write: false },
  { name: 'grads', write: true },
] as const;

export const EMBED_BWD: KernelSpec = {
  name: 'embed-bwd',
  fields: BWD_FIELDS,
  bindings: BWD_BINDINGS,
  source: () => `${header({ fields: BWD_FIELDS, bindings: BWD_BINDINGS })}${COMMON}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let i = flatWg(wg, nwg) * 256u + l.x;
  if (i >= u.total) { return; }
  let d = i % u.D; let ej = i / u.D; let e = ej / (u.V + u.T); let j = ej % (u.V + u.T);
  var s = 0.0;
  if (j < u.V) {
    for (var r = 0u; r < u.R; r++) {
      if (tokens[e * u.R + r] == j) { s += dh[(e * u.R + r) * u.D + d]; }
    }
    grads[e * u.P + u.tokOff + j * u.D + d] = s;
  } else {
    let t = j - u.V;
    for (var n = 0u; n < u.N; n++) { s += dh[(e * u.R + n * u.T + t) * u.D + d]; }
    grads[e * u.P + u.posOff + t * u.D + d] = s;
  }
}
`,
};
