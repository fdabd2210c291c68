/**
 * `clip-theory train --engine project [--models N]`: trains N models (seeds seed, seed+1, …, one JGHM) together on
 * the project WebGPU engine (`trainSweep`, models/webgpu-engine/), then evaluates each on its test set with the tfjs
 * backend (`ClipTrainer.evaluate`, the same code as a `train` run). Run folder: config.json (the resolved
 * configuration of model 0, the seeds and the engine), metrics.jsonl ({"type":"step","model":i,…} per model and
 * step, {"type":"eval","model":i,…} at the end), summary.json (per-model final evaluation, dispatches per step,
 * adapter, wall time). No checkpoints: --resume and --checkpoint-every are refused with --engine project.
 */
import { UsageError } from '../errors.js';
import type { RunFolder } from '../../models/training/run-folder.js';
import type { Jghm } from '../../theory/model.js';
import type { BackendInfo, TrainConfig } from '../../models/index.js';

/** Flags the project engine does not support (refused before any work), with their one-line reason. */
export function projectEngineRefusal(args: Record<string, unknown>): string | undefined {
  if (args.resume) return '--resume: not supported with --engine project (no checkpoints)';
  if (args.guided) return '--guided: not supported with --engine project';
  if ((args.checkpointEvery as number) > 0) return '--checkpoint-every: not supported with --engine project (no checkpoints)';
  return undefined;
}

/** Runs the sweep into `folder` (already opened, not started). Returns the exit code. */
export async function runProjectSweep(
  model: Jghm,
  config: TrainConfig,
  models: number,
  folder: RunFolder,
  meta: { modelFile: string; modelSha256: string; task: string; backend: BackendInfo },
): Promise<number> {
  const { acquireGpu, trainSweep, ClipTrainer } = await import('../../models/index.js');
  const tf = await import('@tensorflow/tfjs');
  const ctx = await acquireGpu();
  if (typeof ctx === 'string') throw new UsageError(`--engine: the project WebGPU engine is unavailable: ${ctx}`);
  const configs = Array.from({ length: models }, (_, i) => ({ ...config, seed: config.seed + i }));
  const t0 = performance.now();
  let result;
  try {
    result = await trainSweep(ctx, model, configs, undefined);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`--engine: ${e.message}`);
    throw e;
  }
  folder.start({
    config: { ...(config as unknown as Record<string, unknown>), engine: 'project', models, seeds: configs.map((c) => c.seed) },
    modelFile: meta.modelFile,
    modelSha256: meta.modelSha256,
    command: 'train',
    task: meta.task,
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const evals = [];
  for (let i = 0; i < models; i++) {
    const trainer = new ClipTrainer(model, configs[i]);
    try {
      const p = result.parameters[i];
      for (const [enc, params] of [[trainer.image, p.image], [trainer.text, p.text]] as const) {
        for (const v of enc.variables) {
          const values = params.get(v.name.slice(enc.name.length + 1))!;
          tf.tidy(() => v.assign(tf.tensor(Float32Array.from(values), v.shape, 'float32')));
        }
      }
      if (trainer.logitScale && p.logitScale !== undefined) {
        const ls = trainer.logitScale;
        tf.tidy(() => ls.assign(tf.scalar(p.logitScale!)));
      }
      const e = await trainer.evaluate();
      const rec = { ...e, step: config.steps, model: i, seed: configs[i].seed };
      folder.appendMetrics('eval', rec);
      evals.push(rec);
      process.stderr.write(`model ${i} (seed ${configs[i].seed}): test ${e.loss.toFixed(4)}±${e.lossSe.toFixed(4)} bayes ${e.bayes.toFixed(4)} gap ${e.gap.toFixed(4)}±${e.gapSe.toFixed(4)}\n`);
    } finally {
      trainer.dispose();
    }
  }
  const summary = {
    status: 'completed',
    step: config.steps,
    steps: config.steps,
    engine: { name: 'project-webgpu', adapter: ctx.adapter, dispatchesPerStep: result.dispatchesPerStep, programs: result.programs },
    models,
    finalEval: evals,
    backend: { name: meta.backend.name, version: meta.backend.version, details: `${meta.backend.details} (evaluation only)` },
    trainSeconds,
    wallSeconds: (performance.now() - t0) / 1000,
  };
  folder.writeSummary(summary);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}
