/**
 * The NumPy `.npy` format, version 1.0 (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * magic `\x93NUMPY`, version bytes 1 0, a little-endian uint16 header length, then an ASCII Python-dict header
 * `{'descr': …, 'fortran_order': False, 'shape': (…), }` padded with spaces and ended by `\n` so that the data starts
 * at a multiple of 64 bytes, then the array in C order. Multi-byte values are written little-endian through a
 * DataView whatever the host's byte order. `decodeNpy` is the reader twin used to check the writer.
 */

/** Element types written here, by NumPy descr. */
export type NpyDescr = '|u1' | '<u2' | '<i4' | '<f8';

/** Typed arrays that map onto an NpyDescr. */
export type NpyData = Uint8Array | Uint16Array | Int32Array | Float64Array;

/** A decoded .npy array. */
export interface NpyArray {
  /** NumPy dtype descr. */
  readonly descr: NpyDescr;
  /** Shape (C order). */
  readonly shape: readonly number[];
  /** The values, row-major. */
  readonly data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The descr of a typed array. */
export function descrOf(data: NpyData): NpyDescr {
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Uint16Array) return '<u2';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof Float64Array) return '<f8';
  throw new TypeError('descrOf: unsupported array type');
}

function itemSize(descr: NpyDescr): number {
  return { '|u1': 1, '<u2': 2, '<i4': 4, '<f8': 8 }[descr];
}

/** The Python tuple literal of a shape: `()`, `(3,)`, `(3, 4)`. */
export function shapeLiteral(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The full v1.0 preamble (magic, version, header length, padded header ending in `\n`); length is a multiple of 64. */
export function npyHeader(descr: NpyDescr, shape: readonly number[]): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeLiteral(shape)}, }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1; // + the final newline
  const total = Math.ceil(unpadded / 64) * 64;
  const headerLen = total - (MAGIC.length + 4);
  if (headerLen > 0xffff) throw new RangeError(`npyHeader: header of ${headerLen} bytes does not fit format 1.0`);
  const header = dict + ' '.repeat(total - unpadded) + '\n';
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = headerLen & 0xff;
  out[9] = headerLen >>> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  return out;
}

/** Encodes an array of the given shape (C order) as a complete .npy file. */
export function encodeNpy(data: NpyData, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new RangeError(`encodeNpy: shape ${shapeLiteral(shape)} must hold non-negative integers`);
  if (count !== data.length) throw new RangeError(`encodeNpy: shape ${shapeLiteral(shape)} holds ${count} values but data has ${data.length}`);
  const descr = descrOf(data);
  const header = npyHeader(descr, shape);
  const size = itemSize(descr);
  const out = new Uint8Array(header.length + count * size);
  out.set(header, 0);
  const view = new DataView(out.buffer, header.length);
  if (data instanceof Uint8Array) out.set(data, header.length);
  else if (data instanceof Uint16Array) for (let i = 0; i < count; i++) view.setUint16(2 * i, data[i], true);
  else if (data instanceof Int32Array) for (let i = 0; i < count; i++) view.setInt32(4 * i, data[i], true);
  else for (let i = 0; i < count; i++) view.setFloat64(8 * i, data[i], true);
  return out;
}

/**
 * Decodes a .npy file written with one of the NpyDescr types (version 1.0 or 2.0, C order). Throws an Error naming
 * what is wrong for anything else.
 */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  const fail = (msg: string): never => {
    throw new Error(`decodeNpy: ${msg}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('missing \\x93NUMPY magic');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2) {
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    return fail(`unsupported version ${major}.${bytes[7]}`);
  }
  const dataStart = start + headerLen;
  if (dataStart > bytes.length) fail('header runs past the end of the file');
  const header = String.fromCharCode(...bytes.subarray(start, dataStart));
  if (!header.endsWith('\n')) fail('header does not end with a newline');
  const descrMatch = /'descr':\s*'([^']+)'/.exec(header);
  const fortranMatch = /'fortran_order':\s*(True|False)/.exec(header);
  const shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descrMatch || !fortranMatch || !shapeMatch) return fail(`malformed header ${JSON.stringify(header)}`);
  if (fortranMatch[1] !== 'False') fail('Fortran order is not supported');
  const descr = descrMatch[1] as NpyDescr;
  if (!['|u1', '<u2', '<i4', '<f8'].includes(descr)) fail(`unsupported descr ${descr}`);
  const shape = shapeMatch[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`malformed shape (${shapeMatch[1]})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const size = itemSize(descr);
  if (bytes.length - dataStart !== count * size) fail(`expected ${count * size} data bytes, found ${bytes.length - dataStart}`);
  let data: NpyData;
  if (descr === '|u1') data = bytes.slice(dataStart);
  else if (descr === '<u2') {
    data = new Uint16Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getUint16(dataStart + 2 * i, true);
  } else if (descr === '<i4') {
    data = new Int32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getInt32(dataStart + 4 * i, true);
  } else {
    data = new Float64Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat64(dataStart + 8 * i, true);
  }
  return { descr, shape, data };
}
