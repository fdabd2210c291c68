/**
 * `npm run bench -- train --engine project [--workloads W1,W2,W2x16] [--steps N] [--warmup N] [--pairs P]
 * [--models M] [--json]`: the project WebGPU engine (`models/webgpu-engine/`) on the `bench train` workloads
 * (same shapes as bench/train.ts):
 * - W1: 2 encoders (vocab 16, T 16, D 64, 2 layers, 4 heads, MLP 128, mean readout, outDim 64), 256 pairs, in-batch
 *   loss with a learnable logit scale (cosine), AdamW + clipping;
 * - W2: vocab 10, T 81, D 128, 5 layers, 4 heads, MLP 512, paper readout to 10 dims, 128 pairs with K = 4 (640
 *   rows per encoder), paper loss, AdamW + clipping;
 * - W2x16: a sweep of `--models` (default 16) independent W2-sized models, trained together on the model axis.
 * Reports the median ms/step (wall, submit to GPU completion, after `--warmup` steps), the dispatches per step
 * counted while encoding (`dispatchWorkgroups` calls), and the GPU time per step from timestamp queries when the
 * adapter has them. `--pairs P` replaces the pairs per step (e.g. on software Vulkan, whose storage bindings are
 * too small for W2) but keeps the full batch's split-K slices, so the program and its dispatch count are those of
 * the full batch. On a software adapter the times mean nothing.
 */
import type { TrainBenchArgs } from './specs.js';
import { cpus, loadavg } from 'node:os';
import { Rng } from '../theory/random.js';
import { type EncoderConfig, WgslClipSweep, acquireGpu, initialParameters, modelsPerProgram, resolveEngineOptions, splitKSlices } from '../models/index.js';

interface EngineWorkload {
  id: string;
  description: string;
  encoder: EncoderConfig;
  pairs: number;
  loss: 'paper' | 'in-batch';
  k: number;
  similarity: 'dot' | 'cosine';
  models: number;
}

const W1: EngineWorkload = {
  id: 'W1',
  description: 'vocab 16, T=16, D=64, 2 layers, 4 heads, MLP 128, B=256, in-batch loss',
  encoder: { vocab: 16, length: 16, width: 64, layers: 2, heads: 4, mlp: 128, outDim: 64, attention: 'softmax', readout: 'mean' },
  pairs: 256,
  loss: 'in-batch',
  k: 2,
  similarity: 'cosine',
  models: 1,
};
const W2: EngineWorkload = {
  id: 'W2',
  description: 'vocab 10, T=81, D=128, 5 layers, 4 heads, MLP 512, 128 pairs K=4 (640 rows), paper loss',
  encoder: { vocab: 10, length: 81, width: 128, layers: 5, heads: 4, mlp: 512, outDim: 10, attention: 'softmax', readout: 'paper' },
  pairs: 128,
  loss: 'paper',
  k: 4,
  similarity: 'dot',
  models: 1,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Entry point of `bench train --engine project`. Returns the exit code. */
export async function runEngineBench(args: TrainBenchArgs): Promise<number> {
  const { json, steps, warmup, pairs } = args;
  const sweepModels = args.models;
  const all: Record<string, EngineWorkload> = { W1, W2, W2x16: { ...W2, id: 'W2x16', description: `a sweep of ${sweepModels} W2-sized models`, models: sweepModels } };
  const ids = args.workloads ?? ['W1', 'W2', 'W2x16'];
  const unknown = ids.find((id) => !all[id]);
  if (unknown !== undefined) {
    process.stderr.write(`--workloads: '${unknown}' is not a workload of the project engine (W1, W2, W2x16)\n`);
    return 2;
  }
  const workloads = ids.map((id) => all[id]);
  const log = (s: string) => {
    if (!json) process.stdout.write(`${s}\n`);
  };
  const results: Record<string, unknown>[] = [];
  const ctx = await acquireGpu();
  if (typeof ctx === 'string') {
    log(`project engine: unavailable (${ctx})`);
    if (json) process.stdout.write(`${JSON.stringify({ suite: 'train', engine: 'project', available: false, reason: ctx })}\n`);
    return 0;
  }
  log(
    `bench train --engine project: ${ctx.adapter}; timestamps ${ctx.timestamps ? 'yes' : 'no'}; median of ${steps} steps after ${warmup} warm-up ` +
      `(node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0].toFixed(2)})`,
  );
  for (const w of workloads) {
    const p = pairs ?? w.pairs;
    const rows = w.loss === 'paper' ? p * (w.k + 1) : p;
    const fullRows = w.loss === 'paper' ? w.pairs * (w.k + 1) : w.pairs;
    const base = { encoder: w.encoder, rows, loss: w.loss, k: w.k, similarity: w.similarity, models: w.models, weightDecay: 1e-3, gradClip: 1 };
    // the full batch's split-K even under --pairs, so that the program (and its dispatch count) is the full-size one
    const opts = { ...base, splitK: splitKSlices(resolveEngineOptions({ ...base, rows: fullRows })) };
    let sweep: WgslClipSweep;
    try {
      sweep = new WgslClipSweep(ctx, opts);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      results.push({ workload: w.id, refused: e.message });
      log(`  ${w.id}: refused: ${e.message}`);
      continue;
    }
    try {
      await sweep.validate();
      const rng = Rng.fromSeed(1).split(w.id);
      for (let m = 0; m < w.models; m++) {
        sweep.setParameters(m, 'image', initialParameters(w.encoder, rng.split(`model${m}`).split('image')));
        sweep.setParameters(m, 'text', initialParameters(w.encoder, rng.split(`model${m}`).split('text')));
        if (w.similarity === 'cosine') sweep.setLogitScale(m, Math.log(1 / 0.07));
      }
      const data = rng.split('data');
      const n = w.models * rows * w.encoder.length;
      const batches = Array.from({ length: warmup + steps }, () => ({
        image: Uint32Array.from({ length: n }, () => data.int(w.encoder.vocab)),
        text: Uint32Array.from({ length: n }, () => data.int(w.encoder.vocab)),
      }));
      const times: number[] = [];
      const gpuTimes: number[] = [];
      for (let i = 0; i < warmup + steps; i++) {
        const t0 = performance.now();
        sweep.step(batches[i], 1e-3, true);
        await sweep.finish();
        const dt = performance.now() - t0;
        if (i >= warmup) {
          times.push(dt);
          const g = await sweep.lastGpuMs();
          if (g !== undefined) gpuTimes.push(g);
        }
      }
      const stats = await sweep.stats();
      const row: Record<string, unknown> = {
        engine: 'project-webgpu',
        adapter: ctx.adapter,
        workload: w.id,
        description: w.description,
        models: w.models,
        pairs: p,
        rowsPerEncoder: rows,
        programs: sweep.engines.length,
        modelsPerProgram: modelsPerProgram(ctx, { ...opts, models: 1 }),
        parametersPerModel: 2 * sweep.layout.size,
        steps,
        dispatchesPerStep: sweep.lastDispatches,
        medianMs: round(median(times)),
        medianGpuMs: gpuTimes.length ? round(median(gpuTimes), 2) : null,
        lastLoss: Array.from(stats.loss.slice(0, 4)).map((x) => round(x, 4)),
        loadAverage1m: round(loadavg()[0], 2),
      };
      results.push(row);
      log(
        `  ${w.id} (${w.description}${pairs !== undefined ? `; --pairs ${p}` : ''}; ${w.models} model(s) in ${sweep.engines.length} program(s)): ` +
          `${row.dispatchesPerStep} dispatches/step, median ${row.medianMs} ms/step wall` +
          `${row.medianGpuMs !== null ? `, ${row.medianGpuMs} ms/step GPU (timestamps)` : ''}; loss ${row.lastLoss}`,
      );
    } finally {
      sweep.dispose();
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ suite: 'train', engine: 'project', results }, null, 2)}\n`);
  return 0;
}
