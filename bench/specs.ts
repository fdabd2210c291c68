/**
 * The flags of the benchmark suites (`npm run bench -- <suite> …`), declared with the CLI's typed parser
 * (cli/args.ts). Kept apart from the suites so that `--help` and bad flags are answered without loading tfjs.
 */
import { type ArgsOf, bool, choice, choiceList, defineSpec, int } from '../cli/args.js';
import type { BackendName } from '../models/backends/backend.js';

/** Program name of the benchmarks in help and messages. */
export const BENCH_PROGRAM = 'npm run bench --';

/** Flags of `bench bp`. */
export const bpSpec = defineSpec({
  name: 'bp',
  program: BENCH_PROGRAM,
  summary: 'throughput of the exact core (root posteriors, sampling) on the paper preset',
  flags: {
    json: bool({ help: 'print the figures as JSON instead of the table' }),
  },
});

/** Parsed flags of `bench bp`. */
export type BpBenchArgs = ArgsOf<typeof bpSpec>;

/** Flags of `bench train`. */
export const trainSpec = defineSpec({
  name: 'train',
  program: BENCH_PROGRAM,
  summary: 'training-step time of the CLIP encoders per available backend',
  flags: {
    json: bool({ help: 'print the results as JSON' }),
    backends: choiceList(['tensorflow', 'webgpu', 'wasm', 'cpu'] as const satisfies readonly BackendName[], {
      placeholder: 'B1,..',
      help: 'backends to measure (default all: tensorflow, webgpu, wasm, cpu)',
    }),
    engine: choice(['tfjs', 'project'] as const, { default: 'tfjs', help: 'tfjs (the backends) or project (the WGSL engine, models/webgpu-engine/)' }),
    workloads: choiceList(['W1', 'W2', 'W2-sweep', 'W2x16'] as const, {
      placeholder: 'W1,W2',
      help: 'workloads to measure (tfjs: W1, W2, plus W2-sweep on a device backend; project engine: W1, W2, W2x16)',
    }),
    pairs: int({ min: 1, max: 100_000, help: 'project engine: matched pairs per W2 step (default the full 128)' }),
    models: int({ min: 1, max: 65_535, default: 16, help: 'project engine: models in the W2x16 sweep' }),
    steps: int({ min: 1, max: 100_000, default: 20, help: 'timed steps per workload' }),
    warmup: int({ min: 0, max: 100_000, default: 2, help: 'untimed warm-up steps' }),
    cpuSteps: int({ min: 1, max: 100_000, default: 3, help: 'timed steps on the cpu backend' }),
    w2Steps: int({ min: 1, max: 100_000, default: 3, help: 'timed steps of W2' }),
    w2Pairs: int({ min: 1, max: 100_000, default: 128, help: 'matched pairs per W2 step (W2 and W2-sweep)' }),
    sweep: int({ min: 1, max: 1024, default: 4, help: 'models in the W2-sweep workload' }),
    deviceOptimizer: choice(['fused', 'per-variable'] as const, { default: 'fused', help: 'device AdamW on webgpu: one flat buffer (fused) or per variable' }),
    cpuW2: bool({ help: 'also run W2 on the cpu backend (minutes per step)' }),
    profile: bool({ help: 'print the per-kernel time of one W1 step for each backend' }),
  },
});

/** Parsed flags of `bench train`. */
export type TrainBenchArgs = ArgsOf<typeof trainSpec>;
