/**
 * `npm run bench -- train [--json] [--backends wasm,cpu,...] [--workloads W1,W2,W2-sweep] [--steps N] [--warmup N]
 * [--cpu-steps N] [--w2-steps N] [--w2-pairs P] [--sweep M] [--device-optimizer fused|per-variable] [--cpu-w2]
 * [--profile]`: training-step time of the CLIP
 * encoders per available backend. Set CLIP_THEORY_WASM_KERNELS=stock to measure tfjs's stock wasm kernels instead of
 * the project's.
 *
 * On webgpu (`--backends webgpu`) each row also reports GPU dispatches, compute passes and queue submits per step,
 * counted at the Dawn API (`gpu-dispatch-counter.ts`, so any engine is counted alike), and, where the adapter has
 * `timestamp-query`, the GPU time per step: the sum of every kernel's GPU time from tfjs's timestamp queries over
 * one extra step (that step runs its kernels one submit each, so it is not timed for ms/step). The step is the
 * device one: DeviceAdamW with clipping on the device, no synchronous read, one asynchronous read of the loss.
 * `W2-sweep` (default on webgpu only) trains `--sweep` independent W2 models (`--w2-pairs` pairs each) per step,
 * one after the other: tfjs has no way to batch them into one program. `--w2-pairs` (default 128) shrinks W2 for
 * software Vulkan; the dispatch count does not depend on it (lavapipe: 1 421 at 2, 4 and 5 pairs, the last past the
 * 2 000-long reductions where tfjs would switch weight-gradient matMuls to split-K, which the project turns off).
 *
 * - W1: two encoders (vocab 16, 16 tokens, width 64, 2 layers, 4 heads, MLP 128, mean readout, outDim 64),
 *   batch 256, in-batch symmetric loss with a learnable logit scale, AdamW + clipping.
 * - W2: the paper's preset shape: depth-4 ternary trees (81 tokens), vocab 10, width 128, 5 layers, 4 heads,
 *   MLP 512, paper readout to 10 dims, 128 pairs with K = 4 (640 sequences per encoder), paper loss, AdamW.
 * Reports the median ms/step of `--steps` steps (default 20; cpu: `--cpu-steps`, default 3; W2: `--w2-steps`,
 * default 3, since one W2 step is ~0.9 TFLOP with the chunked recomputation) after `--warmup`
 * (default 2) warm-up steps, wall time and this process's CPU time (the machine may be shared: the load average is
 * reported with each row). Random tokens (the step cost does not depend on their values). W2 uses memory-bounded
 * gradients (`chunkedClipGrads`, 64 rows per chunk): its activations (~7 GB) exceed the 4 GiB wasm heap otherwise.
 * `--profile` prints the per-kernel time of one W1 step (tf.profile) for each backend.
 * `--engine project` runs the project WebGPU engine instead (`bench/train-engine.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import { cpus, loadavg } from 'node:os';
import { Rng } from '../theory/random.js';
import {
  AdamW,
  BACKEND_NAMES,
  type BackendName,
  BackendUnavailableError,
  DeviceAdamW,
  type EncoderConfig,
  TransformerEncoder,
  chunkedClipGrads,
  clipByGlobalNormAsync,
  dawnWillLoad,
  describeAdapter,
  inBatchClipLoss,
  initBackend,
  isHostBackend,
  paperClipLoss,
  probeWebGpuAdapter,
  softwareWebGpuAllowed,
} from '../models/index.js';
import type { TrainBenchArgs } from './specs.js';
import { countGpuWork } from './gpu-dispatch-counter.js';
import { rerunWithFilteredStderr, stderrAlreadyFiltered } from '../cli/native-stderr-filter.js';

/** One benchmark workload: encoder shape, batch rows per encoder, and the loss. */
interface Workload {
  id: 'W1' | 'W2' | 'W2-sweep';
  description: string;
  encoder: EncoderConfig;
  rows: number;
  loss: 'in-batch' | 'paper';
  k?: number;
  /** Rows per chunk for memory-bounded gradients (`chunkedClipGrads`) on host backends; undefined: one pass. */
  chunkRows?: number;
  /** Independent models trained per step (the sweep); default 1. */
  models?: number;
  /** Device backends: DeviceAdamW's fused flat update (default) or its per-variable twin. */
  fusedOptimizer?: boolean;
}

const WORKLOADS: Workload[] = [
  {
    id: 'W1',
    description: 'vocab 16, T=16, D=64, 2 layers, 4 heads, MLP 128, B=256, in-batch loss',
    encoder: { vocab: 16, length: 16, width: 64, layers: 2, heads: 4, mlp: 128, outDim: 64, attention: 'softmax', readout: 'mean' },
    rows: 256,
    loss: 'in-batch',
  },
  {
    id: 'W2',
    description: 'vocab 10, T=81, D=128, 5 layers, 4 heads, MLP 512, 128 pairs K=4 (640 rows), paper loss',
    encoder: { vocab: 10, length: 81, width: 128, layers: 5, heads: 4, mlp: 512, outDim: 10, attention: 'softmax', readout: 'paper' },
    rows: 128 * 5,
    loss: 'paper',
    k: 4,
    // the whole batch needs ~7 GB of activations, over the 4 GiB wasm heap: gradient caching, 64 rows at a time
    chunkRows: 64,
  },
  {
    id: 'W2-sweep',
    description: 'vocab 10, T=81, D=128, 5 layers, 4 heads, MLP 512, 128 pairs K=4 (640 rows), paper loss',
    encoder: { vocab: 10, length: 81, width: 128, layers: 5, heads: 4, mlp: 512, outDim: 10, attention: 'softmax', readout: 'paper' },
    rows: 128 * 5,
    loss: 'paper',
    k: 4,
    chunkRows: 64,
    models: 4,
  },
];

/** A ready-to-run training step on random data (for benchmarks and profiling). */
export interface BenchStep {
  /** One step; resolves to the loss (read asynchronously). */
  step(): Promise<number>;
  /**
   * Device backends: enqueues one step without reading anything and returns the loss tensors (the caller reads and
   * disposes them); undefined on host backends.
   */
  enqueue?: () => tf.Scalar[];
  dispose(): void;
  parameters: number;
}

/** A workload with `pairs` pairs per direction (W2: B(K+1) rows) and `models` models per step. */
function resized(w: Workload, pairs: number, models: number): Workload {
  if (w.id === 'W1') return w;
  return { ...w, rows: pairs * (w.k! + 1), models: w.id === 'W2-sweep' ? models : 1, description: w.description.replace(/128 pairs K=4 \(640 rows\)/, `${pairs} pairs K=4 (${pairs * (w.k! + 1)} rows)`) + (w.id === 'W2-sweep' ? `; ${models} independent models per step` : '') };
}

/** Builds encoders, AdamW and a step function for a workload on the current backend (a sweep: several of each). */
export function makeStep(w: Workload, seed = 1): BenchStep {
  const n = w.models ?? 1;
  if (n === 1) return makeOneStep(w, seed);
  const parts = Array.from({ length: n }, (_, i) => makeOneStep(w, seed + i, `${w.id}-${i}`));
  return {
    parameters: parts.reduce((s, p) => s + p.parameters, 0),
    enqueue: parts.every((p) => p.enqueue) ? () => parts.flatMap((p) => p.enqueue!()) : undefined,
    async step() {
      let loss = 0;
      for (const p of parts) loss += await p.step();
      return loss / n;
    },
    dispose() {
      for (const p of parts) p.dispose();
    },
  };
}

function makeOneStep(w: Workload, seed: number, label: string = w.id): BenchStep {
  const rng = Rng.fromSeed(seed);
  const im = new TransformerEncoder(w.encoder, rng.split('image'), `bench-${label}-image`);
  const tx = new TransformerEncoder(w.encoder, rng.split('text'), `bench-${label}-text`);
  const logitScale = w.loss === 'in-batch' ? tf.variable(tf.scalar(Math.log(1 / 0.07)), true, `bench-${label}-logit-scale`) : undefined;
  const vars = [...im.variables, ...tx.variables, ...(logitScale ? [logitScale] : [])];
  const host = isHostBackend();
  const opt = host ? new AdamW(vars, { lr: 1e-3, weightDecay: 1e-3 }) : new DeviceAdamW(vars, { lr: 1e-3, weightDecay: 1e-3, fused: w.fusedOptimizer ?? true });
  const data = rng.split('data');
  const tokens = () => {
    const a = new Int32Array(w.rows * w.encoder.length);
    for (let i = 0; i < a.length; i++) a[i] = data.int(w.encoder.vocab);
    return tf.tensor2d(a, [w.rows, w.encoder.length], 'int32');
  };
  const lossFn = (ei: tf.Tensor2D, et: tf.Tensor2D) =>
    w.loss === 'in-batch' ? inBatchClipLoss(ei, et, logitScale as unknown as tf.Scalar) : paperClipLoss(ei, et, w.k!);
  /** Device step: gradients, clipping and AdamW enqueued; nothing read. */
  const enqueue = (): tf.Scalar[] => {
    const ti = tokens();
    const tt = tokens();
    const { value, grads } = tf.variableGrads(() => lossFn(im.apply(ti), tx.apply(tt)), vars);
    const { norm } = (opt as DeviceAdamW).step(grads, 1e-3, 1.0);
    tf.dispose([ti, tt, norm, ...Object.values(grads)]);
    return [value];
  };
  return {
    parameters: vars.reduce((s, v) => s + v.size, 0),
    enqueue: host ? undefined : enqueue,
    async step(): Promise<number> {
      if (!host) {
        const [value] = enqueue();
        const loss = ((await value.data()) as Float32Array)[0];
        value.dispose();
        return loss;
      }
      const ti = tokens();
      const tt = tokens();
      let loss: number;
      let grads: tf.NamedTensorMap;
      if (w.chunkRows !== undefined) {
        // host backends only (its loss read is synchronous: a memory copy there)
        ({ loss, grads } = chunkedClipGrads(im, tx, ti, tt, lossFn, w.chunkRows, logitScale ? [logitScale] : []));
      } else {
        const r = tf.variableGrads(() => lossFn(im.apply(ti), tx.apply(tt)), vars);
        loss = ((await r.value.data()) as Float32Array)[0];
        r.value.dispose();
        grads = r.grads;
      }
      const clipped = await clipByGlobalNormAsync(grads, 1.0);
      await (opt as AdamW).stepAsync(clipped.grads, 1e-3);
      tf.dispose([ti, tt, ...Object.values(grads), ...Object.values(clipped.grads)]);
      return loss;
    },
    dispose(): void {
      im.dispose();
      tx.dispose();
      logitScale?.dispose();
      opt.dispose();
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Per-kernel CPU time of `steps` training steps (this process's CPU time around every kernel call, which is less
 * distorted by other processes than wall time), sorted by total, top `top` entries; matMuls are keyed by shape and
 * transposes. `otherMs` is the step CPU time outside kernels (autodiff bookkeeping, JS, optimizer loops).
 */
export async function profileStep(s: BenchStep, steps = 3, top = 16): Promise<{ stepCpuMs: number; kernelMs: number; otherMs: number; kernels: { name: string; ms: number; calls: number }[] }> {
  const configs = tf.getKernelsForBackend(tf.getBackend());
  const originals = configs.map((k) => k.kernelFunc);
  const by = new Map<string, { us: number; calls: number }>();
  configs.forEach((k, i) => {
    const f = originals[i];
    (k as { kernelFunc: tf.KernelFunc }).kernelFunc = ((args: { inputs: Record<string, tf.TensorInfo>; attrs?: Record<string, unknown> }) => {
      const c0 = process.cpuUsage();
      const r = f(args as never);
      const c = process.cpuUsage(c0);
      const key =
        k.kernelName === 'BatchMatMul'
          ? `BatchMatMul [${args.inputs.a.shape}]${args.attrs?.transposeA ? 'ᵀ' : ''}·[${args.inputs.b.shape}]${args.attrs?.transposeB ? 'ᵀ' : ''}`
          : k.kernelName;
      const e = by.get(key) ?? { us: 0, calls: 0 };
      e.us += c.user + c.system;
      e.calls += 1;
      by.set(key, e);
      return r;
    }) as unknown as tf.KernelFunc;
  });
  const c0 = process.cpuUsage();
  try {
    for (let i = 0; i < steps; i++) await s.step();
  } finally {
    configs.forEach((k, i) => ((k as { kernelFunc: tf.KernelFunc }).kernelFunc = originals[i]));
  }
  const c = process.cpuUsage(c0);
  const stepCpuMs = (c.user + c.system) / 1000 / steps;
  let kernelUs = 0;
  for (const e of by.values()) kernelUs += e.us;
  const kernels = [...by.entries()]
    .map(([name, e]) => ({ name, ms: Math.round((e.us / 1000 / steps) * 100) / 100, calls: e.calls / steps }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
  const kernelMs = kernelUs / 1000 / steps;
  return { stepCpuMs: Math.round(stepCpuMs * 10) / 10, kernelMs: Math.round(kernelMs * 10) / 10, otherMs: Math.round((stepCpuMs - kernelMs) * 10) / 10, kernels };
}

/** Entry point for `npm run bench -- train`. Returns the exit code. */
export async function run(args: TrainBenchArgs): Promise<number> {
  if (args.engine === 'project') {
    // no adapter: say so without loading Dawn (which prints its own errors); else measure in a child process whose
    // stderr is filtered (Dawn writes warnings from native code)
    const probe = probeWebGpuAdapter();
    if (!probe.ok) {
      if (args.json) process.stdout.write(`${JSON.stringify({ suite: 'train', engine: 'project', available: false, reason: probe.reason })}\n`);
      else process.stdout.write(`project engine: unavailable (${probe.reason})\n`);
      return 0;
    }
    if (!stderrAlreadyFiltered() && dawnWillLoad('webgpu')) return rerunWithFilteredStderr();
    return (await import('./train-engine.js')).runEngineBench(args);
  }
  if (args.workloads?.includes('W2x16')) {
    process.stderr.write("--workloads: W2x16 is a workload of --engine project (the tfjs path's sweep is W2-sweep)\n");
    return 2;
  }
  const { json, steps, warmup, cpuSteps, w2Steps, w2Pairs, sweep } = args;
  const fused = args.deviceOptimizer === 'fused';
  const b = args.backends;
  const backends: readonly BackendName[] = b ?? BACKEND_NAMES;
  const workloads = args.workloads === undefined ? undefined : WORKLOADS.filter((w) => args.workloads?.includes(w.id as 'W1'));
  // Dawn writes warnings from native code: run in a child process whose stderr is filtered
  // without --backends, a software WebGPU adapter (lavapipe: seconds per step) is skipped, as by `auto`
  const softwareSkipped = (): string | undefined => {
    const p = probeWebGpuAdapter();
    return b === undefined && p.ok && p.adapter.software && !softwareWebGpuAllowed()
      ? `only a software adapter (${describeAdapter(p.adapter)}); name it with --backends webgpu to measure it`
      : undefined;
  };
  if (backends.includes('webgpu') && !stderrAlreadyFiltered() && dawnWillLoad(b === undefined ? 'auto' : 'webgpu')) return rerunWithFilteredStderr();
  const results: Record<string, unknown>[] = [];
  const log = (s: string) => {
    if (!json) process.stdout.write(`${s}\n`);
  };
  log(
    `bench train: median ms/step after ${warmup} warm-up steps (node ${process.version}, ${process.platform}/${process.arch}, ` +
      `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0].toFixed(2)})`,
  );
  for (const name of backends) {
    let info;
    const skipSoftware = name === 'webgpu' ? softwareSkipped() : undefined;
    if (skipSoftware) {
      results.push({ backend: name, available: false, reason: skipSoftware });
      log(`${name}: skipped (${skipSoftware})`);
      continue;
    }
    try {
      info = await initBackend(name);
    } catch (e) {
      if (!(e instanceof BackendUnavailableError)) throw e;
      results.push({ backend: name, available: false, reason: e.reason });
      log(`${name}: unavailable (${e.reason})`);
      continue;
    }
    log(`${name}: ${info.version}; ${info.details}`);
    const device = !isHostBackend(name);
    const list = workloads ?? WORKLOADS.filter((w) => device || w.id !== 'W2-sweep');
    for (const base of list) {
      const w = resized(base, w2Pairs, sweep);
      const n = name === 'cpu' ? cpuSteps : w.id === 'W1' ? steps : w2Steps;
      if (name === 'cpu' && w.id !== 'W1' && !args.cpuW2) {
        results.push({ backend: name, workload: w.id, skipped: 'cpu W2 takes minutes per step; pass --cpu-w2 to run it' });
        log(`  ${w.id}: skipped on cpu (minutes per step; --cpu-w2 runs it)`);
        continue;
      }
      // chunked gradients only where memory is the 4 GiB wasm heap; a GPU step takes the whole batch at once
      const s = makeStep(device ? { ...w, chunkRows: undefined, fusedOptimizer: fused } : w);
      const times: number[] = [];
      const cpuTimes: number[] = [];
      let loss = NaN;
      let counter: ReturnType<typeof countGpuWork>;
      for (let i = 0; i < warmup + n; i++) {
        if (i === warmup && device) counter = countGpuWork();
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        loss = await s.step();
        const c = process.cpuUsage(c0);
        const dt = performance.now() - t0;
        if (i >= warmup) {
          times.push(dt);
          cpuTimes.push((c.user + c.system) / 1000);
        }
      }
      const work = counter ? { dispatches: counter.dispatches / n, passes: counter.passes / n, submits: counter.submits / n } : undefined;
      counter?.stop();
      let gpuMs: number | null | undefined;
      let gpuNote: string | undefined;
      if (device && s.enqueue) {
        // GPU time: tfjs's timestamp queries around one more step (kernels submitted one by one, so not timed above)
        let values: tf.Scalar[] = [];
        const t = await tf.time(() => {
          values = s.enqueue!();
        });
        for (const v of values) await v.data();
        tf.dispose(values);
        gpuMs = typeof t.kernelMs === 'number' && t.kernelMs > 0 ? Math.round(t.kernelMs * 10) / 10 : null;
        if (gpuMs === null) gpuNote = 'no timestamp-query on this adapter';
      }
      const row: Record<string, unknown> = {
        backend: name,
        version: info.version,
        details: info.details,
        workload: w.id,
        description: w.description,
        parameters: s.parameters,
        steps: n,
        medianMs: Math.round(median(times) * 10) / 10,
        minMs: Math.round(Math.min(...times) * 10) / 10,
        maxMs: Math.round(Math.max(...times) * 10) / 10,
        // CPU time of this process per step: less sensitive than wall time to other processes on a shared machine
        medianCpuMs: Math.round(median(cpuTimes) * 10) / 10,
        loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
        chunkRows: device ? null : w.chunkRows ?? null,
        lastLoss: loss,
        ...(device ? { deviceOptimizer: fused ? 'fused' : 'per-variable' } : {}),
        numTensors: tf.memory().numTensors,
        ...(work ? { dispatchesPerStep: work.dispatches, computePassesPerStep: work.passes, submitsPerStep: work.submits } : {}),
        ...(gpuMs !== undefined ? { gpuMsPerStep: gpuMs } : {}),
        ...(gpuNote ? { gpuNote } : {}),
      };
      if (args.profile && w.id === 'W1') {
        row.profile = await profileStep(s);
      }
      s.dispose();
      results.push(row);
      log(
        `  ${w.id} (${w.description}; ${s.parameters} params): median ${row.medianMs} ms/step wall (min ${row.minMs}, max ${row.maxMs}), ` +
          `${row.medianCpuMs} ms/step CPU, over ${n} steps; load average ${row.loadAverage1m}` +
          (work ? `; ${work.dispatches} dispatches, ${work.passes} compute passes, ${work.submits} submits per step` : '') +
          (gpuMs !== undefined ? `; GPU time ${gpuMs === null ? `n/a (${gpuNote})` : `${gpuMs} ms`} per step (sum of kernel times)` : ''),
      );
      if (row.profile) {
        const p = row.profile as Awaited<ReturnType<typeof profileStep>>;
        log(`    profile (CPU ms per step): step ${p.stepCpuMs}, kernels ${p.kernelMs}, outside kernels ${p.otherMs}; top kernels (ms, calls):`);
        for (const k of p.kernels) log(`      ${k.ms.toFixed(2).padStart(8)}  ${String(k.calls).padStart(4)}  ${k.name}`);
      }
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ suite: 'train', results }, null, 2)}\n`);
  return 0;
}
