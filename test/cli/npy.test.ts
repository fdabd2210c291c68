/**
 * The .npy writer: header layout (magic, version 1.0, padding to 64 bytes, newline), round trip through the reader
 * twin `decodeNpy`, and — when numpy is installed — numpy itself loading the files with the right dtype, shape and
 * values.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { decodeNpy, encodeNpy, npyHeader, shapeLiteral } from '../../cli/npy.js';
import { tempDir } from './run-cli.js';

const HAS_NUMPY = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('npy header', () => {
  it('writes the documented v1.0 preamble', () => {
    const h = npyHeader('|u1', [5, 4]);
    expect(Array.from(h.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    expect(h.length % 64).toBe(0);
    const len = h[8] | (h[9] << 8);
    expect(len).toBe(h.length - 10);
    const text = Buffer.from(h.subarray(10)).toString('latin1');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd()).toBe("{'descr': '|u1', 'fortran_order': False, 'shape': (5, 4), }");
  });

  it('writes Python tuple literals', () => {
    expect(shapeLiteral([])).toBe('()');
    expect(shapeLiteral([7])).toBe('(7,)');
    expect(shapeLiteral([2, 3, 4])).toBe('(2, 3, 4)');
  });

  fcTest.prop([fc.array(fc.nat({ max: 10 ** 9 }), { minLength: 0, maxLength: 6 }), fc.constantFrom('|u1', '<u2', '<i4', '<f8' as const)])(
    'the header is padded to a multiple of 64 and ends in a newline, for any shape',
    (shape, descr) => {
      const h = npyHeader(descr, shape);
      expect(h.length % 64).toBe(0);
      expect(h[h.length - 1]).toBe(0x0a);
      expect(h[8] | (h[9] << 8)).toBe(h.length - 10);
    },
  );
});

describe('npy round trip', () => {
  fcTest.prop([fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })])(
    'decodeNpy(encodeNpy(a)) == a for every dtype',
    (rows, cols, which, salt) => {
      const count = rows * cols;
      const base = Array.from({ length: count }, (_, i) => (i * 2654435761 + salt) >>> 0);
      const arrays = [
        Uint8Array.from(base, (v) => v & 0xff),
        Uint16Array.from(base, (v) => v & 0xffff),
        Int32Array.from(base, (v) => v | 0),
        Float64Array.from(base, (v) => (v - 2 ** 31) / 7),
      ];
      const data = arrays[which];
      const decoded = decodeNpy(encodeNpy(data, [rows, cols]));
      expect(decoded.shape).toEqual([rows, cols]);
      expect(decoded.data.constructor).toBe(data.constructor);
      expect(Array.from(decoded.data)).toEqual(Array.from(data));
    },
  );

  it('writes multi-byte values little-endian', () => {
    const bytes = encodeNpy(Int32Array.of(-2, 0x01020304), [2]);
    const body = Array.from(bytes.subarray(bytes.length - 8));
    expect(body).toEqual([0xfe, 0xff, 0xff, 0xff, 0x04, 0x03, 0x02, 0x01]);
    const u16 = encodeNpy(Uint16Array.of(0x0102), [1]);
    expect(Array.from(u16.subarray(u16.length - 2))).toEqual([0x02, 0x01]);
  });

  it('refuses a shape that does not match the data, and corrupt files', () => {
    expect(() => encodeNpy(new Uint8Array(6), [4, 2])).toThrow(/holds 8 values but data has 6/);
    expect(() => decodeNpy(new Uint8Array(20))).toThrow(/magic/);
    const good = encodeNpy(new Uint8Array(6), [2, 3]);
    expect(() => decodeNpy(good.subarray(0, good.length - 1))).toThrow(/data bytes/);
  });
});

describe.runIf(HAS_NUMPY)('numpy reads what we write', () => {
  it('np.load gives the same dtype, shape and values', () => {
    const dir = tempDir('npy');
    const cases = {
      u1: { data: Uint8Array.from({ length: 12 }, (_, i) => (i * 37) % 256), shape: [3, 4], dtype: 'uint8' },
      u2: { data: Uint16Array.from({ length: 10 }, (_, i) => 60000 - i * 999), shape: [2, 5], dtype: 'uint16' },
      i4: { data: Int32Array.of(-7, 0, 2147483647, -2147483648, 5), shape: [5], dtype: 'int32' },
      f8: { data: Float64Array.of(0.1, -1e-300, 1e300, Math.PI), shape: [2, 2], dtype: 'float64' },
      empty: { data: new Uint8Array(0), shape: [0, 4], dtype: 'uint8' },
    };
    for (const [name, c] of Object.entries(cases)) writeFileSync(join(dir, `${name}.npy`), encodeNpy(c.data, c.shape));
    const script = [
      'import json, sys, numpy as np',
      'out = {}',
      `for name in ${JSON.stringify(Object.keys(cases))}:`,
      `    a = np.load(sys.argv[1] + '/' + name + '.npy', allow_pickle=False)`,
      '    out[name] = {"dtype": str(a.dtype), "shape": list(a.shape), "c": bool(a.flags.c_contiguous), "values": a.ravel().tolist()}',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as Record<string, { dtype: string; shape: number[]; c: boolean; values: number[] }>;
    for (const [name, c] of Object.entries(cases)) {
      expect(got[name].dtype).toBe(c.dtype);
      expect(got[name].shape).toEqual(c.shape);
      expect(got[name].c).toBe(true);
      expect(got[name].values).toEqual(Array.from(c.data));
    }
  });
});
