/**
 * TransformerEncoder: shapes, naming, seeded determinism, float64 reference parity (forward and hidden states),
 * causal masking, and a finite-difference gradient check of a tiny encoder against the float64 reference.
 * Deterministic (fixed seeds): no statistical false-failure rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TEST_SEED } from '../../setup.js';
import { Rng } from '../../../theory/random.js';
import { initBackend } from '../../../models/backends/backend.js';
import { TransformerEncoder, type EncoderConfig } from '../../../models/encoders/transformer.js';
import { referenceEncoderForward } from '../../../models/encoders/transformer-reference.js';

const tiny: EncoderConfig = { vocab: 5, length: 6, width: 8, layers: 2, heads: 2, mlp: 12, outDim: 3, attention: 'softmax', readout: 'paper' };

function tokens(rng: Rng, b: number, cfg: EncoderConfig): Int32Array {
  const a = new Int32Array(b * cfg.length);
  for (let i = 0; i < a.length; i++) a[i] = rng.int(cfg.vocab);
  return a;
}

function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    err = Math.max(err, Math.abs(a[i] - b[i]));
  }
  return err / Math.max(scale, 1e-12);
}

describe.each(['wasm', 'cpu'] as const)('TransformerEncoder on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('has stable, uniquely named variables and the right output shapes', () => {
    const enc = new TransformerEncoder(tiny, Rng.fromSeed(TEST_SEED), `${backend}-enc`);
    const names = enc.variables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 3)).toEqual([`${backend}-enc/tok_emb`, `${backend}-enc/pos_emb`, `${backend}-enc/block0/ln1/gamma`]);
    expect(names.at(-1)).toBe(`${backend}-enc/pool/b`);
    const ids = tf.tensor2d(tokens(Rng.fromSeed(1), 4, tiny), [4, tiny.length], 'int32');
    const { out, hidden } = enc.applyWithHidden(ids);
    expect(out.shape).toEqual([4, 3]);
    expect(hidden.map((h) => h.shape)).toEqual([
      [4, 6, 8],
      [4, 6, 8],
    ]);
    tf.dispose([ids, out, ...hidden]);
    enc.dispose();
  });

  it('is deterministic in the seed and differs across seeds', () => {
    const a = new TransformerEncoder(tiny, Rng.fromSeed(TEST_SEED), `${backend}-a`);
    const b = new TransformerEncoder(tiny, Rng.fromSeed(TEST_SEED), `${backend}-b`);
    const c = new TransformerEncoder(tiny, Rng.fromSeed(TEST_SEED + 1), `${backend}-c`);
    const pa = [...a.parameterMap().values()];
    const pb = [...b.parameterMap().values()];
    const pc = [...c.parameterMap().values()];
    expect(pa).toEqual(pb);
    expect(pa[0]).not.toEqual(pc[0]);
    [a, b, c].forEach((e) => e.dispose());
  });

  it('embeddingStd scales exactly the token and positional embeddings (same draws), nothing else', () => {
    const a = new TransformerEncoder(tiny, Rng.fromSeed(TEST_SEED), `${backend}-e1`);
    const s = new TransformerEncoder({ ...tiny, embeddingStd: 0.25 }, Rng.fromSeed(TEST_SEED), `${backend}-e2`);
    const pa = a.parameterMap();
    const ps = s.parameterMap();
    for (const [name, va] of pa) {
      const vs = ps.get(name)!;
      // 0.25 is a power of two: the scaled float32 values are exact
      const expected = name === 'tok_emb' || name === 'pos_emb' ? va.map((x) => 0.25 * x) : va;
      expect([name, [...vs]]).toEqual([name, [...expected]]);
    }
    expect(() => new TransformerEncoder({ ...tiny, embeddingStd: 0 }, Rng.fromSeed(1), `${backend}-e3`)).toThrow(/config\.embeddingStd/);
    [a, s].forEach((e) => e.dispose());
  });

  it.each([
    ['softmax', 'paper', false],
    ['relu', 'mean', false],
    ['softmax', 'mean', true],
    ['relu', 'paper', true],
  ] as const)('matches the float64 reference (attention %s, readout %s, causal %s)', (attention, readout, causal) => {
    const cfg: EncoderConfig = { ...tiny, attention, readout, causal };
    const enc = new TransformerEncoder(cfg, Rng.fromSeed(TEST_SEED).split(`${attention}${readout}${causal}`), `${backend}-ref`);
    const B = 3;
    const ids = tokens(Rng.fromSeed(7), B, cfg);
    const t = tf.tensor2d(ids, [B, cfg.length], 'int32');
    const { out, hidden } = enc.applyWithHidden(t);
    const got = out.arraySync();
    const gotHidden = hidden.map((h) => h.arraySync());
    const params = enc.parameterMap();
    for (let b = 0; b < B; b++) {
      const ref = referenceEncoderForward(cfg, params, ids.subarray(b * cfg.length, (b + 1) * cfg.length));
      expect(maxRelErr(got[b], ref.out)).toBeLessThan(1e-5);
      for (let l = 0; l < cfg.layers; l++) {
        expect(maxRelErr(gotHidden[l][b].flat(), ref.hidden[l].flatMap((r) => [...r]))).toBeLessThan(1e-5);
      }
    }
    tf.dispose([t, out, ...hidden]);
    enc.dispose();
  });

  it('without the output projection: no wo variables, float64 reference parity, and equal to a block with Wo = I', () => {
    const cfg: EncoderConfig = { ...tiny, outputProjection: false };
    const noWo = new TransformerEncoder(cfg, Rng.fromSeed(TEST_SEED).split('nowo'), `${backend}-nowo`);
    const withWo = new TransformerEncoder({ ...tiny, outputProjection: true }, Rng.fromSeed(TEST_SEED).split('nowo'), `${backend}-wo`);
    expect(noWo.variables.some((v) => v.name.endsWith('/attn/wo'))).toBe(false);
    expect(withWo.parameterCount - noWo.parameterCount).toBe(tiny.layers * tiny.width * tiny.width);
    // every other parameter is drawn from its own named stream, so the two encoders share them exactly
    const pNo = noWo.parameterMap();
    for (const [name, v] of withWo.parameterMap()) if (!name.endsWith('attn/wo')) expect(pNo.get(name)).toEqual(v);
    const eye = tf.eye(tiny.width);
    for (const v of withWo.variables) if (v.name.endsWith('/attn/wo')) v.assign(eye);
    eye.dispose();
    const B = 3;
    const ids = tokens(Rng.fromSeed(11), B, cfg);
    const t = tf.tensor2d(ids, [B, cfg.length], 'int32');
    const a = noWo.apply(t);
    const b = withWo.apply(t);
    const got = a.arraySync();
    expect(maxRelErr(got.flat(), b.arraySync().flat())).toBeLessThan(1e-6);
    for (let r = 0; r < B; r++) {
      const ref = referenceEncoderForward(cfg, pNo, ids.subarray(r * cfg.length, (r + 1) * cfg.length));
      expect(maxRelErr(got[r], ref.out)).toBeLessThan(1e-5);
    }
    tf.dispose([t, a, b]);
    noWo.dispose();
    withWo.dispose();
  });

  it('causal: the hidden state at position i does not depend on later tokens', () => {
    const cfg: EncoderConfig = { ...tiny, causal: true };
    const enc = new TransformerEncoder(cfg, Rng.fromSeed(TEST_SEED), `${backend}-causal`);
    const ids = tokens(Rng.fromSeed(3), 1, cfg);
    const changed = Int32Array.from(ids);
    changed[4] = (changed[4] + 1) % cfg.vocab; // change position 4 only
    const run = (x: Int32Array) => {
      const t = tf.tensor2d(x, [1, cfg.length], 'int32');
      const { out, hidden } = enc.applyWithHidden(t);
      const h = hidden.at(-1)!.arraySync()[0];
      tf.dispose([t, out, ...hidden]);
      return h;
    };
    const h0 = run(ids);
    const h1 = run(changed);
    for (let i = 0; i < 4; i++) expect(h1[i]).toEqual(h0[i]);
    expect(h1[4]).not.toEqual(h0[4]);
    enc.dispose();
  });

  it('rejects bad configs and tokens with one-line errors naming the field', () => {
    expect(() => new TransformerEncoder({ ...tiny, heads: 3 }, Rng.fromSeed(1), `${backend}-x`)).toThrow(/config\.heads/);
    expect(() => new TransformerEncoder({ ...tiny, width: 0 }, Rng.fromSeed(1), `${backend}-x`)).toThrow(/config\.width/);
    expect(() => new TransformerEncoder({ ...tiny, attention: 'tanh' as 'relu' }, Rng.fromSeed(1), `${backend}-x`)).toThrow(/config\.attention/);
    expect(() => new TransformerEncoder({ ...tiny, outputProjection: 1 as unknown as boolean }, Rng.fromSeed(1), `${backend}-x`)).toThrow(/config\.outputProjection/);
    const enc = new TransformerEncoder(tiny, Rng.fromSeed(1), `${backend}-x`);
    const bad = tf.zeros([2, 5], 'int32') as tf.Tensor2D;
    expect(() => enc.apply(bad)).toThrow(/tokens must have shape/);
    bad.dispose();
    enc.dispose();
  });
});

describe('TransformerEncoder gradients (cpu, finite differences on the float64 reference)', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it.each(['softmax', 'relu'] as const)('tfjs gradient of a scalar readout matches central differences (%s attention)', (attention) => {
    // Scalar objective L = Σ_b Σ_o c_o · out[b][o] with fixed random c. The FD derivative is computed in float64 on
    // the reference forward (step 1e-6, truncation error O(h²) ≈ 1e-12, far below the float32 gradient's ~1e-6
    // relative error), so the tolerance 2e-3 relative to the largest gradient entry only has to absorb float32
    // rounding in tfjs.
    const cfg: EncoderConfig = { ...tiny, attention, causal: attention === 'relu' };
    const rng = Rng.fromSeed(TEST_SEED).split(`fd-${attention}`);
    const enc = new TransformerEncoder(cfg, rng.split('init'), 'fd');
    const B = 2;
    const ids = tokens(rng.split('tokens'), B, cfg);
    const coef = Array.from({ length: cfg.outDim }, () => rng.normal());
    const t = tf.tensor2d(ids, [B, cfg.length], 'int32');
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(enc.apply(t), tf.tensor1d(coef))) as tf.Scalar, enc.variables);
    const params = enc.parameterMap();
    const objective = (p: Map<string, Float64Array>) => {
      let s = 0;
      for (let b = 0; b < B; b++) {
        const o = referenceEncoderForward(cfg, p, ids.subarray(b * cfg.length, (b + 1) * cfg.length)).out;
        for (let k = 0; k < o.length; k++) s += coef[k] * o[k];
      }
      return s;
    };
    const pick = rng.split('pick');
    let checked = 0;
    for (const v of enc.variables) {
      const part = v.name.slice('fd/'.length);
      const g = grads[v.name].dataSync();
      const values = params.get(part)!;
      const scale = Math.max(...Array.from(g, Math.abs), 1e-3);
      for (let r = 0; r < 3; r++) {
        const i = pick.int(values.length);
        const h = 1e-6;
        const orig = values[i];
        values[i] = orig + h;
        const up = objective(params);
        values[i] = orig - h;
        const down = objective(params);
        values[i] = orig;
        const fd = (up - down) / (2 * h);
        expect(Math.abs(g[i] - fd) / scale, `${part}[${i}]: tfjs ${g[i]} vs FD ${fd}`).toBeLessThan(2e-3);
        checked++;
      }
    }
    expect(checked).toBe(enc.variables.length * 3);
    tf.dispose([t, ...Object.values(grads)]);
    enc.dispose();
  });
});
