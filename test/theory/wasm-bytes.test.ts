import { describe, expect, it } from 'vitest';
import { SECTION, VALTYPE, f64Bytes, name, section, sleb, uleb, vec, wasmModule, writeSection } from '../../theory/wasm-bytes.js';

describe('wasm-bytes', () => {
  it('encodes LEB128 as in the specification examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(2 ** 32)).toEqual([0x80, 0x80, 0x80, 0x80, 0x10]); // beyond 32 bits (large memory offsets)
    expect(sleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('decodes back what it encodes (slow decoder twin)', () => {
    const decodeU = (b: number[]) => b.reduce((v, x, i) => v + (x & 0x7f) * 2 ** (7 * i), 0);
    const decodeS = (b: number[]) => {
      const v = decodeU(b);
      const bits = 7 * b.length;
      return b[b.length - 1] & 0x40 ? v - 2 ** bits : v;
    };
    for (const x of [1, 5, 300, 65535, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 3]) expect(decodeU(uleb(x))).toBe(x);
    for (const x of [1, -1, 64, -64, -65, 2 ** 31 - 1, -(2 ** 31)]) expect(decodeS(sleb(x))).toBe(x);
  });

  it('builds names, vectors, sections and doubles', () => {
    expect(name('env')).toEqual([3, 0x65, 0x6e, 0x76]);
    expect(vec([[1, 2], [3]])).toEqual([2, 1, 2, 3]);
    expect(section(SECTION.function, [1, 0])).toEqual([3, 2, 1, 0]);
    const big = new Array(200_000).fill(7);
    const out: number[] = [];
    writeSection(out, SECTION.code, big); // no argument-spreading limits
    expect(out.length).toBe(1 + uleb(200_000).length + 200_000);
    expect(f64Bytes(1)).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  });

  it('assembles a module the engine accepts and runs, and a broken one it rejects', () => {
    // (func (param i32) (result i32) local.get 0 i32.const -3 i32.add) exported as "f"
    const body = [0x00, 0x20, 0x00, 0x41, ...sleb(-3), 0x6a, 0x0b];
    const bytes = wasmModule([
      section(SECTION.type, vec([[0x60, ...vec([[VALTYPE.i32]]), ...vec([[VALTYPE.i32]])]])),
      section(SECTION.function, vec([[0]])),
      section(SECTION.export, vec([[...name('f'), 0x00, 0]])),
      section(SECTION.code, vec([[...uleb(body.length), ...body]])),
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const f = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f as (x: number) => number;
    expect(f(10)).toBe(7);
    const broken = bytes.slice();
    broken[broken.length - 1] = 0x00; // no `end`
    expect(WebAssembly.validate(broken)).toBe(false);
  });
});
