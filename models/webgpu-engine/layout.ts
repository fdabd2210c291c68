/**
 * The flat parameter layout of one encoder: every `TransformerEncoder` variable, in the same order and with the
 * same part names (`tok_emb`, `block0/attn/wq`, …), at an offset in one Float32Array. Wq, Wk, Wv are contiguous
 * ([3][D][D]) so that one batched matMul projects all three.
 */
import type { EncoderConfig } from '../encoders/index.js';

/** One variable's place in the flat buffer. */
export interface LayoutEntry {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/** Offsets of one block's parameters. */
export interface BlockOffsets {
  ln1g: number;
  ln1b: number;
  wqkv: number;
  wo?: number;
  ln2g: number;
  ln2b: number;
  w1: number;
  b1: number;
  w2: number;
  b2: number;
}

/** The layout of one encoder: entries in variable order, total size, and named offsets. */
export interface EncoderLayout {
  entries: LayoutEntry[];
  size: number;
  tok: number;
  pos: number;
  blocks: BlockOffsets[];
  readoutW: number;
  readoutB: number;
  poolW?: number;
  poolB?: number;
}

/** Builds the layout of an encoder with this configuration (outputProjection defaults to true, as the encoder). */
export function encoderLayout(config: EncoderConfig): EncoderLayout {
  const { vocab: V, length: T, width: D, layers, mlp: F, outDim: O } = config;
  const entries: LayoutEntry[] = [];
  let offset = 0;
  const add = (name: string, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    entries.push({ name, shape, offset, size });
    offset += size;
    return offset - size;
  };
  const tok = add('tok_emb', [V, D]);
  const pos = add('pos_emb', [T, D]);
  const blocks: BlockOffsets[] = [];
  for (let l = 0; l < layers; l++) {
    const p = `block${l}`;
    const ln1g = add(`${p}/ln1/gamma`, [D]);
    const ln1b = add(`${p}/ln1/beta`, [D]);
    const wqkv = add(`${p}/attn/wq`, [D, D]);
    add(`${p}/attn/wk`, [D, D]);
    add(`${p}/attn/wv`, [D, D]);
    const wo = config.outputProjection === false ? undefined : add(`${p}/attn/wo`, [D, D]);
    const ln2g = add(`${p}/ln2/gamma`, [D]);
    const ln2b = add(`${p}/ln2/beta`, [D]);
    const w1 = add(`${p}/mlp/w1`, [D, F]);
    const b1 = add(`${p}/mlp/b1`, [F]);
    const w2 = add(`${p}/mlp/w2`, [F, D]);
    const b2 = add(`${p}/mlp/b2`, [D]);
    blocks.push({ ln1g, ln1b, wqkv, ...(wo === undefined ? {} : { wo }), ln2g, ln2b, w1, b1, w2, b2 });
  }
  const readoutW = add('readout/w', [D, O]);
  const readoutB = add('readout/b', [O]);
  const out: EncoderLayout = { entries, size: 0, tok, pos, blocks, readoutW, readoutB };
  if (config.readout === 'paper') {
    out.poolW = add('pool/w', [T]);
    out.poolB = add('pool/b', [1]);
  }
  out.size = offset;
  return out;
}

/** Packs parameters by part name (e.g. `TransformerEncoder.parameterMap()`) into a flat Float32Array. */
export function packParameters(layout: EncoderLayout, params: Map<string, ArrayLike<number>>): Float32Array {
  const flat = new Float32Array(layout.size);
  for (const e of layout.entries) {
    const v = params.get(e.name);
    if (!v) throw new RangeError(`packParameters: missing parameter '${e.name}'`);
    if (v.length !== e.size) throw new RangeError(`packParameters: parameter '${e.name}' has ${v.length} values, expected ${e.size}`);
    flat.set(v, e.offset);
  }
  if (params.size !== layout.entries.length) throw new RangeError(`packParameters: got ${params.size} parameters, the layout has ${layout.entries.length}`);
  return flat;
}

/** Splits a flat buffer back into parameters by part name (float64 copies). */
export function unpackParameters(layout: EncoderLayout, flat: ArrayLike<number>): Map<string, Float64Array> {
  const m = new Map<string, Float64Array>();
  for (const e of layout.entries) m.set(e.name, Float64Array.from(Array.prototype.slice.call(flat, e.offset, e.offset + e.size) as number[]));
  return m;
}
