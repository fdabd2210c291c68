/**
 * `npm run bench -- train [--json] [--backends wasm,cpu,...] [--workloads W1,W2] [--steps N] [--warmup N]
 * [--cpu-steps N] [--w2-steps N] [--cpu-w2] [--profile]`: training-step time of the CLIP encoders per available
 * backend. Set CLIP_THEORY_WASM_KERNELS=stock to measure tfjs's stock wasm kernels instead of the project's.
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
 */
import * as tf from '@tensorflow/tfjs';
import { cpus, loadavg } from 'node:os';
import { Rng } from '../theory/random.js';
import {
  AdamW,
  BACKEND_NAMES,
  type BackendName,
  BackendUnavailableError,
  type EncoderConfig,
  TransformerEncoder,
  chunkedClipGrads,
  clipByGlobalNorm,
  inBatchClipLoss,
  initBackend,
  paperClipLoss,
} from '../models/index.js';

/** One benchmark workload: encoder shape, batch rows per encoder, and the loss. */
interface Workload {
  id: 'W1' | 'W2';
  description: string;
  encoder: EncoderConfig;
  rows: number;
  loss: 'in-batch' | 'paper';
  k?: number;
  /** Rows per chunk for memory-bounded gradients (`chunkedClipGrads`); undefined: one pass over the batch. */
  chunkRows?: number;
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
];

/** A ready-to-run training step on random data (for benchmarks and profiling). */
export interface BenchStep {
  step(): number;
  dispose(): void;
  parameters: number;
}

/** Builds two encoders, AdamW and a step function for a workload on the current backend. */
export function makeStep(w: Workload, seed = 1): BenchStep {
  const rng = Rng.fromSeed(seed);
  const im = new TransformerEncoder(w.encoder, rng.split('image'), `bench-${w.id}-image`);
  const tx = new TransformerEncoder(w.encoder, rng.split('text'), `bench-${w.id}-text`);
  const logitScale = w.loss === 'in-batch' ? tf.variable(tf.scalar(Math.log(1 / 0.07)), true, `bench-${w.id}-logit-scale`) : undefined;
  const vars = [...im.variables, ...tx.variables, ...(logitScale ? [logitScale] : [])];
  const opt = new AdamW(vars, { lr: 1e-3, weightDecay: 1e-3 });
  const data = rng.split('data');
  const tokens = () => {
    const a = new Int32Array(w.rows * w.encoder.length);
    for (let i = 0; i < a.length; i++) a[i] = data.int(w.encoder.vocab);
    return tf.tensor2d(a, [w.rows, w.encoder.length], 'int32');
  };
  return {
    parameters: vars.reduce((s, v) => s + v.size, 0),
    step(): number {
      const ti = tokens();
      const tt = tokens();
      const lossFn = (ei: tf.Tensor2D, et: tf.Tensor2D) =>
        w.loss === 'in-batch' ? inBatchClipLoss(ei, et, logitScale as unknown as tf.Scalar) : paperClipLoss(ei, et, w.k!);
      let loss: number;
      let grads: tf.NamedTensorMap;
      if (w.chunkRows !== undefined) {
        ({ loss, grads } = chunkedClipGrads(im, tx, ti, tt, lossFn, w.chunkRows, logitScale ? [logitScale] : []));
      } else {
        const r = tf.variableGrads(() => lossFn(im.apply(ti), tx.apply(tt)), vars);
        loss = (r.value.dataSync() as Float32Array)[0];
        r.value.dispose();
        grads = r.grads;
      }
      const clipped = clipByGlobalNorm(grads, 1.0);
      opt.step(clipped.grads, 1e-3);
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

function flag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

function intFlag(argv: string[], name: string, dflt: number): number {
  const raw = flag(argv, name);
  if (raw === undefined) return dflt;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`bench train: --${name} must be a non-negative integer, got '${raw}'`);
  return v;
}

/**
 * Per-kernel CPU time of `steps` training steps (this process's CPU time around every kernel call, which is less
 * distorted by other processes than wall time), sorted by total, top `top` entries; matMuls are keyed by shape and
 * transposes. `otherMs` is the step CPU time outside kernels (autodiff bookkeeping, JS, optimizer loops).
 */
export function profileStep(s: BenchStep, steps = 3, top = 16): { stepCpuMs: number; kernelMs: number; otherMs: number; kernels: { name: string; ms: number; calls: number }[] } {
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
    for (let i = 0; i < steps; i++) s.step();
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
export async function run(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  let backends: BackendName[];
  let workloads: Workload[];
  let steps: number;
  let warmup: number;
  let cpuSteps: number;
  let w2Steps: number;
  try {
    const b = flag(argv, 'backends');
    backends = b === undefined ? [...BACKEND_NAMES] : (b.split(',') as BackendName[]);
    for (const x of backends) if (!BACKEND_NAMES.includes(x)) throw new RangeError(`bench train: --backends has unknown backend '${x}'`);
    const wl = flag(argv, 'workloads');
    workloads = wl === undefined ? WORKLOADS : wl.split(',').map((id) => {
      const w = WORKLOADS.find((x) => x.id === id);
      if (!w) throw new RangeError(`bench train: --workloads has unknown workload '${id}' (W1, W2)`);
      return w;
    });
    steps = intFlag(argv, 'steps', 20);
    warmup = intFlag(argv, 'warmup', 2);
    cpuSteps = intFlag(argv, 'cpu-steps', 3);
    w2Steps = intFlag(argv, 'w2-steps', 3);
    if (steps < 1 || cpuSteps < 1 || w2Steps < 1) throw new RangeError('bench train: --steps, --cpu-steps and --w2-steps must be >= 1');
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
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
    try {
      info = await initBackend(name);
    } catch (e) {
      if (!(e instanceof BackendUnavailableError)) throw e;
      results.push({ backend: name, available: false, reason: e.reason });
      log(`${name}: unavailable (${e.reason})`);
      continue;
    }
    log(`${name}: ${info.version}; ${info.details}`);
    for (const w of workloads) {
      const n = name === 'cpu' ? cpuSteps : w.id === 'W2' ? w2Steps : steps;
      if (name === 'cpu' && w.id === 'W2' && !argv.includes('--cpu-w2')) {
        results.push({ backend: name, workload: w.id, skipped: 'cpu W2 takes minutes per step; pass --cpu-w2 to run it' });
        log(`  ${w.id}: skipped on cpu (minutes per step; --cpu-w2 runs it)`);
        continue;
      }
      const s = makeStep(w);
      const times: number[] = [];
      const cpuTimes: number[] = [];
      let loss = NaN;
      for (let i = 0; i < warmup + n; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        loss = s.step();
        const c = process.cpuUsage(c0);
        const dt = performance.now() - t0;
        if (i >= warmup) {
          times.push(dt);
          cpuTimes.push((c.user + c.system) / 1000);
        }
      }
      const row: Record<string, unknown> = {
        backend: name,
        version: info.version,
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
        chunkRows: w.chunkRows ?? null,
        lastLoss: loss,
        numTensors: tf.memory().numTensors,
      };
      if (argv.includes('--profile') && w.id === 'W1') {
        row.profile = profileStep(s);
      }
      s.dispose();
      results.push(row);
      log(
        `  ${w.id} (${w.description}; ${s.parameters} params): median ${row.medianMs} ms/step wall (min ${row.minMs}, max ${row.maxMs}), ` +
          `${row.medianCpuMs} ms/step CPU, over ${n} steps; load average ${row.loadAverage1m}`,
      );
      if (row.profile) {
        const p = row.profile as ReturnType<typeof profileStep>;
        log(`    profile (CPU ms per step): step ${p.stepCpuMs}, kernels ${p.kernelMs}, outside kernels ${p.otherMs}; top kernels (ms, calls):`);
        for (const k of p.kernels) log(`      ${k.ms.toFixed(2).padStart(8)}  ${String(k.calls).padStart(4)}  ${k.name}`);
      }
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ suite: 'train', results }, null, 2)}\n`);
  return 0;
}
