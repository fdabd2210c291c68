/**
 * WebAssembly binary encoding: the one byte encoder of the project's hand-assembled modules (the root-posterior
 * kernel of `root-posterior-wasm.ts` and the SIMD training kernels of `models/backends/kernels/simd-module.ts`).
 * LEB128 integers, names, vectors, sections and the module header, as in the WebAssembly core specification §5
 * (binary format). Two styles: `write*` appends to an output array (for large, incrementally built bodies), the
 * others return fresh arrays (for small, declaratively built ones). No toolchain needed.
 */

/** The module preamble: magic `\0asm` and version 1. */
export const WASM_HEADER: readonly number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Section ids (§5.5.2). */
export const SECTION = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10 } as const;

/** Value types (§5.3.1). */
export const VALTYPE = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;

/** Appends the unsigned LEB128 encoding of a non-negative integer `x` (< 2^53) to `out`. */
export function writeUleb(out: number[], x: number): void {
  do {
    let b = x % 128;
    x = Math.floor(x / 128);
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
}

/** Appends the signed LEB128 encoding of a 32-bit integer `x` to `out`. */
export function writeSleb(out: number[], x: number): void {
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** Appends a name (length-prefixed bytes; ASCII) to `out`. */
export function writeName(out: number[], s: string): void {
  writeUleb(out, s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/** Appends a section: id, body size, body (copied in a loop, so bodies of any length are fine). */
export function writeSection(out: number[], id: number, body: readonly number[]): void {
  out.push(id);
  writeUleb(out, body.length);
  for (let i = 0; i < body.length; i++) out.push(body[i]);
}

/** Unsigned LEB128 of `x`. */
export function uleb(x: number): number[] {
  const out: number[] = [];
  writeUleb(out, x);
  return out;
}

/** Signed LEB128 of the 32-bit integer `x`. */
export function sleb(x: number): number[] {
  const out: number[] = [];
  writeSleb(out, x);
  return out;
}

/** A name: length-prefixed ASCII bytes. */
export function name(s: string): number[] {
  const out: number[] = [];
  writeName(out, s);
  return out;
}

/** A vector: count, then the items' bytes back to back. */
export function vec(items: readonly (readonly number[])[]): number[] {
  const out = uleb(items.length);
  for (const item of items) for (let i = 0; i < item.length; i++) out.push(item[i]);
  return out;
}

/** A section: id, body size, body. */
export function section(id: number, body: readonly number[]): number[] {
  const out: number[] = [];
  writeSection(out, id, body);
  return out;
}

/** The 8 little-endian bytes of the double `x`. */
export function f64Bytes(x: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([x]).buffer));
}

/** A complete module: the header followed by the given (already encoded) sections. */
export function wasmModule(sections: readonly (readonly number[])[]): Uint8Array<ArrayBuffer> {
  let n = WASM_HEADER.length;
  for (const s of sections) n += s.length;
  const bytes = new Uint8Array(n);
  bytes.set(WASM_HEADER, 0);
  let o = WASM_HEADER.length;
  for (const s of sections) {
    bytes.set(s, o);
    o += s.length;
  }
  return bytes;
}
