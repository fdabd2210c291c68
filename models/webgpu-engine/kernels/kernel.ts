/**
 * What every engine kernel declares: a name, its uniform fields (all u32; a float is stored as its f32 bits), its
 * storage bindings (in binding order 1..n; binding 0 is the uniform block) and a WGSL source per variant.
 */
export interface KernelSpec {
  /** Unique kernel name (the registry key). */
  name: string;
  /** Uniform fields in declaration order. */
  fields: readonly string[];
  /** Storage bindings in order: name and whether the kernel writes it. */
  bindings: readonly { name: string; write: boolean }[];
  /** WGSL source of one variant (variants are compile-time flags; '' is the default). */
  source(variant: string): string;
}

/** The uniform struct and binding declarations shared by all kernels. */
export function header(spec: Pick<KernelSpec, 'fields' | 'bindings'>): string {
  const struct = `struct U { ${spec.fields.map((f) => `${f}: u32`).join(', ')} }\n@group(0) @binding(0) var<uniform> u: U;\n`;
  const decl = spec.bindings
    .map((b, i) => `@group(0) @binding(${i + 1}) var<storage, ${b.write ? 'read_write' : 'read'}> ${b.name}: array<${b.name === 'tokens' ? 'u32' : 'f32'}>;`)
    .join('\n');
  return `${struct}${decl}\n`;
}

/** WGSL helpers: the flat workgroup index of a 2-D dispatch, and the f32 view of a u32 uniform field. */
export const COMMON = `
fn flatWg(wg: vec3<u32>, nwg: vec3<u32>) -> u32 { return wg.y * nwg.x + wg.x; }
fn f(x: u32) -> f32 { return bitcast<f32>(x); }
`;

/** The f32 bits of a number, for a uniform field. */
export function f32Bits(x: number): number {
  const b = new Float32Array([x]);
  return new Uint32Array(b.buffer)[0];
}

/** Workgroups for `n` items at `perGroup` items each, as a 2-D grid within WebGPU's 65 535 per dimension. */
export function grid2d(n: number, perGroup: number): [number, number] {
  const groups = Math.max(1, Math.ceil(n / perGroup));
  if (groups <= 65535) return [groups, 1];
  const y = Math.ceil(groups / 65535);
  return [Math.ceil(groups / y), y];
}
