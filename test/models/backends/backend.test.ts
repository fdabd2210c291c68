/**
 * Backend selection: wasm and cpu initialise; optional backends (tensorflow, webgpu) either work or fail with a
 * clean BackendUnavailableError; 'auto' always yields a working backend; wasm and cpu agree on a CLIP loss and its
 * gradient norm (same seeded init). Deterministic: no statistical false-failure rate.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TEST_SEED } from '../../setup.js';
import { Rng } from '../../../theory/random.js';
import { BackendUnavailableError, initBackend, type BackendName } from '../../../models/backends/backend.js';
import { TransformerEncoder, type EncoderConfig } from '../../../models/encoders/transformer.js';
import { inBatchClipLoss, paperClipLoss } from '../../../models/training/clip-losses.js';

/** Process-level error handlers before any backend was loaded in this test file. */
const baselineHandlers = process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');

describe('initBackend', () => {
  it.each(['wasm', 'cpu'] as const)('%s initialises and reports a version', async (name) => {
    const info = await initBackend(name);
    expect(info.name).toBe(name);
    expect(tf.getBackend()).toBe(name);
    expect(info.version).toMatch(/tfjs 4\.\d+\.\d+/);
  });

  it.each(['tensorflow', 'webgpu'] as const)('optional backend %s works or fails cleanly', async (name) => {
    try {
      const info = await initBackend(name);
      expect(info.name).toBe(name);
    } catch (e) {
      expect(e).toBeInstanceOf(BackendUnavailableError);
      expect((e as Error).message).toMatch(new RegExp(`^initBackend: backend '${name}' is unavailable: .+`));
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it("'auto' picks a working backend", async () => {
    const info = await initBackend('auto');
    expect(['tensorflow', 'webgpu', 'wasm', 'cpu']).toContain(info.name);
    expect(tf.getBackend()).toBe(info.name);
  });

  it('rejects unknown names', async () => {
    await expect(initBackend('gpu' as BackendName)).rejects.toThrow(/initBackend: name must be one of/);
  });

  it('errors thrown after wasm loads surface as ordinary errors (no Emscripten process handlers left)', async () => {
    await initBackend('wasm');
    const after = process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
    expect(after).toBeLessThanOrEqual(baselineHandlers);
  });
});

describe('backend parity (wasm vs cpu, same seeded init)', () => {
  const cfg: EncoderConfig = { vocab: 16, length: 16, width: 32, layers: 2, heads: 4, mlp: 64, outDim: 8, attention: 'softmax', readout: 'paper' };

  async function lossAndGradNorm(backend: BackendName, loss: 'in-batch' | 'paper'): Promise<[number, number]> {
    await initBackend(backend);
    const rng = Rng.fromSeed(TEST_SEED).split('parity');
    const im = new TransformerEncoder(cfg, rng.split('im'), `parity-${backend}-im`);
    const tx = new TransformerEncoder(cfg, rng.split('tx'), `parity-${backend}-tx`);
    const rows = 30; // 6 pairs × (K+1) for K = 4, and 30 in-batch pairs
    const data = rng.split('data');
    const ids = () => {
      const a = new Int32Array(rows * cfg.length);
      for (let i = 0; i < a.length; i++) a[i] = data.int(cfg.vocab);
      return tf.tensor2d(a, [rows, cfg.length], 'int32');
    };
    const ti = ids();
    const tt = ids();
    const scale = tf.scalar(2.0);
    const vars = [...im.variables, ...tx.variables];
    const { value, grads } = tf.variableGrads(
      () => (loss === 'paper' ? paperClipLoss(im.apply(ti), tx.apply(tt), 4) : inBatchClipLoss(im.apply(ti), tx.apply(tt), scale)),
      vars,
    );
    const norm = Math.sqrt(Object.values(grads).reduce((s, g) => s + tf.tidy(() => tf.sum(tf.square(g)).dataSync()[0]), 0));
    const l = value.dataSync()[0];
    tf.dispose([ti, tt, scale, value, ...Object.values(grads)]);
    im.dispose();
    tx.dispose();
    return [l, norm];
  }

  it.each(['in-batch', 'paper'] as const)('%s loss and gradient norm agree to 1e-5 relative', async (loss) => {
    const [lw, gw] = await lossAndGradNorm('wasm', loss);
    const [lc, gc] = await lossAndGradNorm('cpu', loss);
    expect(Number.isFinite(lw) && gw > 0).toBe(true);
    expect(Math.abs(lw - lc) / Math.abs(lc)).toBeLessThan(1e-5);
    expect(Math.abs(gw - gc) / gc).toBeLessThan(1e-5);
  });
});
