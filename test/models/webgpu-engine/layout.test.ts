/**
 * The flat layout and the tfjs-free initialisation against `TransformerEncoder` (cpu backend, no GPU needed): same
 * variable names, order and sizes; `initialParameters` equals the encoder's initial values exactly (same Rng
 * streams, same float32 rounding). Planted twin: another seed gives different values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../models/backends/index.js';
import { TransformerEncoder, type EncoderConfig } from '../../../models/encoders/index.js';
import { encoderLayout, initialParameters, packParameters, unpackParameters } from '../../../models/webgpu-engine/index.js';
import { Rng } from '../../../theory/random.js';

const CONFIGS: EncoderConfig[] = [
  { vocab: 5, length: 6, width: 8, layers: 2, heads: 2, mlp: 12, outDim: 4, attention: 'softmax', readout: 'paper' },
  { vocab: 3, length: 4, width: 4, layers: 1, heads: 1, mlp: 6, outDim: 2, attention: 'relu', readout: 'mean', outputProjection: false, embeddingStd: 0.1 },
];

describe('webgpu-engine layout and initialisation', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  for (const [i, c] of CONFIGS.entries()) {
    it(`config ${i}: layout = encoder variables; initialParameters = the encoder's initial values`, () => {
      const enc = new TransformerEncoder(c, Rng.fromSeed(11).split('x'), `layout-${i}`);
      try {
        const layout = encoderLayout(c);
        expect(layout.entries.map((e) => `${enc.name}/${e.name}`)).toEqual(enc.variables.map((v) => v.name));
        expect(layout.entries.map((e) => e.size)).toEqual(enc.variables.map((v) => v.size));
        expect(layout.size).toBe(enc.parameterCount);
        const packed = packParameters(layout, enc.parameterMap());
        expect(Array.from(initialParameters(c, Rng.fromSeed(11).split('x')))).toEqual(Array.from(packed));
        expect(Array.from(initialParameters(c, Rng.fromSeed(12).split('x')))).not.toEqual(Array.from(packed));
        const back = unpackParameters(layout, packed);
        for (const [k, v] of enc.parameterMap()) expect(Array.from(back.get(k)!)).toEqual(Array.from(v));
      } finally {
        enc.dispose();
      }
    });
  }

  it('packParameters refuses a missing or mis-sized parameter, naming it', () => {
    const layout = encoderLayout(CONFIGS[0]);
    const m = unpackParameters(layout, new Float32Array(layout.size));
    m.set('block0/attn/wq', new Float64Array(3));
    expect(() => packParameters(layout, m)).toThrow(/block0\/attn\/wq/);
    m.delete('block0/attn/wq');
    expect(() => packParameters(layout, m)).toThrow(/missing parameter 'block0\/attn\/wq'/);
  });
});
