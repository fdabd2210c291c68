/**
 * `clip-theory train`: CLIP training of two transformer encoders on a JGHM (models/training.ts), with periodic test
 * evaluation next to the exact Bayes loss, checkpoints, resume and Ctrl-C handling.
 *
 * Run folder (--out DIR): config.json (the resolved training configuration, model file and its hash),
 * metrics.jsonl (one JSON object per line: {"type":"step",…} or {"type":"eval",…}), checkpoint/ (atomic, see
 * models/checkpoint.ts), summary.json (status, final evaluation, backend + version, wall time). SIGINT saves a
 * checkpoint, writes summary.json with status "interrupted" and exits with code 130; `--resume` continues from the
 * checkpoint exactly (same backend → bit-identical) with the saved configuration.
 */
import { type ArgsOf, bool, choice, defineCommand, defineSpec, float, int, kebab, path, string } from '../args.js';
import { UsageError } from '../errors.js';
import { loadModelInput, maxCellsFlag } from '../model-input.js';
import { formatDuration } from '../../reports/format-number.js';
// the run folder has no tfjs: it is opened and checked before the heavy imports
import { RunFolder, RunFolderError } from '../../models/training/run-folder.js';
import type { Jghm } from '../../theory/model.js';
import { rerunWithFilteredStderr, stderrAlreadyFiltered, stderrIsTty } from '../native-stderr-filter.js';
import { projectEngineRefusal, runProjectSweep } from './train-sweep.js';
import { checkHeadTask, runHeadTask } from './train-heads.js';

/** The command's flags. */
export const spec = defineSpec({
  name: 'train',
  summary: 'train CLIP encoders on a JGHM (test loss vs the exact Bayes loss)',
  flags: {
    model: path({ role: 'input-file', help: 'JGHM file (jghm/v1 JSON)', required: true }),
    task: choice(['clip', 'zsc', 'vlm', 'cdm'] as const, { help: 'clip: train CLIP encoders; zsc | vlm | cdm: zero-shot classifier, VLM decoder or CDM denoiser on frozen features (--encoders or --features)', default: 'clip' }),
    encoders: string({ help: 'with --task zsc|vlm|cdm: a finished `train --task clip` run folder whose encoders are frozen and used', placeholder: 'RUNDIR' }),
    features: choice(['bp'] as const, { help: 'with --task zsc|vlm|cdm: use the exact BP root posterior (log π; similarity = PMI) instead of --encoders' }),
    headSamples: int({ help: 'vlm/cdm: head training sample size (pairs; cdm: triples) (default 20000 vlm, 1000 cdm)', placeholder: 'N', min: 1, max: 100_000_000 }),
    headSteps: int({ help: 'vlm/cdm: full-batch Adam steps of the head (default 200 vlm, 100 cdm)', placeholder: 'N', min: 0, max: 1_000_000 }),
    headLr: float({ help: 'vlm/cdm: Adam learning rate of the head (default 0.05)', placeholder: 'X' }),
    ridge: float({ help: 'vlm/cdm: ridge on the head\'s non-bias weights (default 1e-4)', placeholder: 'X', min: 0 }),
    sigma: float({ help: 'cdm: noise level σ of z = x + σ·g (default 1)', placeholder: 'X' }),
    draws: int({ help: 'cdm: noise draws per (x, y) pair in the population evaluation (default 2)', placeholder: 'N', min: 2, max: 10_000 }),
    classLeaf: int({ help: 'zsc: the text leaf that is the class (default 0)', placeholder: 'I', min: 0 }),
    out: path({ role: 'output-dir', help: 'run folder (config.json, metrics.jsonl, checkpoint/, summary.json)', required: true }),
    layers: int({ help: 'transformer blocks per encoder (default: image depth + 1)', placeholder: 'N', min: 1, max: 64 }),
    width: int({ help: 'residual width', placeholder: 'N', default: 32, min: 1, max: 4096 }),
    heads: int({ help: 'attention heads (must divide width)', placeholder: 'N', default: 1, min: 1, max: 256 }),
    mlp: int({ help: 'MLP hidden size (default 4·width)', placeholder: 'N', min: 1, max: 65536 }),
    outDim: int({ help: "embedding dimension p of each encoder's output (default: the number of states S, the paper's readout)", placeholder: 'P', min: 1, max: 65536 }),
    attention: choice(['softmax', 'relu'] as const, { help: 'attention activation', default: 'softmax' }),
    outputProjection: bool({ help: "attention output projection Wo (default false: none, as in the paper's encoder)" }),
    embeddingStd: float({ help: "std of the token/positional embedding init (default 1: PyTorch's nn.Embedding, the paper's)", placeholder: 'X', default: 1 }),
    steps: int({ help: 'training steps (cosine horizon)', placeholder: 'N', default: 1000, min: 1, max: 10_000_000 }),
    batch: int({ help: 'matched pairs per direction B (B(K+1) sequences per modality)', placeholder: 'B', default: 128, min: 1, max: 1_000_000 }),
    k: int({ help: 'candidates per anchor K (K−1 fresh negatives)', placeholder: 'K', default: 4, min: 2, max: 1024 }),
    loss: choice(['paper', 'in-batch'] as const, { help: 'paper K-sample loss or open_clip in-batch loss', default: 'paper' }),
    similarity: choice(['dot', 'cosine'] as const, { help: 'raw inner product (paper) or cosine with learnable clamped logit scale', default: 'dot' }),
    lr: float({ help: 'peak learning rate', placeholder: 'X', default: 1e-3, min: 0 }),
    lrMin: float({ help: 'final learning rate of the cosine schedule', placeholder: 'X', default: 1e-5, min: 0 }),
    weightDecay: float({ help: 'AdamW decoupled weight decay', placeholder: 'X', default: 1e-3, min: 0 }),
    gradClip: float({ help: 'max global gradient norm', placeholder: 'X', default: 1 }),
    datasetSize: int({ help: 'train on a fixed dataset of N pairs (default: fresh samples every step)', placeholder: 'N', min: 2 }),
    evalEvery: int({ help: 'evaluate every N steps (0: only at the end)', placeholder: 'N', default: 0, min: 0 }),
    testPairs: int({ help: 'test pairs for the test loss vs Bayes', placeholder: 'N', default: 2000, min: 2, max: 10_000_000 }),
    checkpointEvery: int({ help: 'save a checkpoint every N steps (0: only at the end / on Ctrl-C)', placeholder: 'N', default: 0, min: 0 }),
    guided: bool({ help: 'guided training: pull residual slices toward exact BP messages' }),
    guidedWeight: float({ help: 'penalty weight of guided training', placeholder: 'X', default: 1e-3, min: 0 }),
    backend: choice(['wasm', 'cpu', 'auto', 'tensorflow', 'webgpu'] as const, { help: 'tfjs backend (auto: the fastest working one: tensorflow, webgpu, wasm, cpu)', default: 'auto' }),
    seed: int({ help: 'root seed', placeholder: 'S', default: 224, min: 0 }),
    resume: bool({ help: 'continue the run in --out from its checkpoint (saved configuration)' }),
    engine: choice(['tfjs', 'project'] as const, { help: 'tfjs (the backends above) or project (the WGSL engine, models/webgpu-engine/)', default: 'tfjs' }),
    models: int({ help: 'with --engine project: train N models (seeds seed..seed+N−1) in one program', placeholder: 'N', default: 1, min: 1, max: 65535 }),
    maxCells: maxCellsFlag,
  },
  details: 'Example: clip-theory train --model m.json --layers 4 --width 32 --steps 2000 --batch 128 --k 4 --eval-every 500 --test-pairs 20000 --out runs/a',
});

/** Parsed flags of `train`. */
export type TrainArgs = ArgsOf<typeof spec>;

/** Maps TrainConfig field names to flags (for one-line errors). */
const FIELD_FLAGS: Record<string, string> = {
  seed: 'seed',
  steps: 'steps',
  batch: 'batch',
  k: 'k',
  layers: 'layers',
  width: 'width',
  heads: 'heads',
  mlp: 'mlp',
  outDim: 'out-dim',
  outputProjection: 'output-projection',
  embeddingStd: 'embedding-std',
  lr: 'lr',
  lrMin: 'lr-min',
  weightDecay: 'weight-decay',
  gradClip: 'grad-clip',
  evalEvery: 'eval-every',
  testPairs: 'test-pairs',
  guidedWeight: 'guided-weight',
  data: 'dataset-size',
};

function configFromArgs(args: TrainArgs, model: Jghm) {
  return {
    seed: args.seed,
    steps: args.steps,
    batch: args.batch,
    k: args.k,
    layers: args.layers ?? model.image.depth + 1,
    width: args.width,
    heads: args.heads,
    ...(args.mlp === undefined ? {} : { mlp: args.mlp }),
    ...(args.outDim === undefined ? {} : { outDim: args.outDim }),
    attention: args.attention,
    outputProjection: args.outputProjection,
    embeddingStd: args.embeddingStd,
    lr: args.lr,
    lrMin: args.lrMin,
    weightDecay: args.weightDecay,
    gradClip: args.gradClip,
    loss: args.loss,
    similarity: args.similarity,
    data: args.datasetSize === undefined ? ({ kind: 'online' } as const) : ({ kind: 'fixed', n: args.datasetSize } as const),
    evalEvery: args.evalEvery,
    testPairs: args.testPairs,
    guidedWeight: args.guided ? args.guidedWeight : 0,
  };
}

/** Refuses flag combinations the training configuration rejects, naming the flags (before the model is read). */
function checkFlagCombinations(args: TrainArgs): void {
  if (args.width % args.heads !== 0) throw new UsageError(`--heads: must divide --width (${args.width}), got ${args.heads}`);
  if (args.lrMin > args.lr) throw new UsageError(`--lr-min: must be ≤ --lr (${args.lr}), got ${args.lrMin}`);
  if (args.testPairs < args.k) throw new UsageError(`--test-pairs: must be ≥ --k (${args.k}), got ${args.testPairs}`);
  if (!(args.embeddingStd > 0)) throw new UsageError(`--embedding-std: must be > 0, got ${args.embeddingStd}`);
  if (!(args.gradClip > 0)) throw new UsageError(`--grad-clip: must be > 0, got ${args.gradClip}`);
}

/**
 * A configuration error in the user's words: `TrainConfig.heads` becomes `--heads` (from the flags), or the field of
 * config.json (on --resume).
 */
function configMessage(message: string, savedFile: string | undefined): string {
  if (savedFile !== undefined) return `--resume: ${savedFile}: ${message.replace(/TrainConfig\.(\w+)/g, 'config.$1')}`;
  const first = /TrainConfig\.(\w+)/.exec(message);
  const text = message.replace(/TrainConfig\.(\w+)/g, (_, f: string) => `--${FIELD_FLAGS[f] ?? kebab(f)}`);
  return first ? `--${FIELD_FLAGS[first[1]] ?? kebab(first[1])}: ${text}` : text;
}

/** Runs `fn`, turning a run-folder refusal into a usage error naming the flag. */
function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RunFolderError) throw new UsageError(`--${e.field}: ${e.detail}`);
    throw e;
  }
}

const HEAD_FLAGS = [
  ['encoders', 'encoders'],
  ['features', 'features'],
  ['headSamples', 'head-samples'],
  ['headSteps', 'head-steps'],
  ['headLr', 'head-lr'],
  ['ridge', 'ridge'],
  ['sigma', 'sigma'],
  ['draws', 'draws'],
  ['classLeaf', 'class-leaf'],
] as const;

/** `--task zsc|vlm|cdm`: frozen features, a head (train-heads.ts). */
async function runHeads(args: TrainArgs & { task: 'zsc' | 'vlm' | 'cdm' }): Promise<number> {
  if (args.resume) throw new UsageError(`--resume: only with --task clip (a --task ${args.task} run is not resumable: it is short)`);
  if (args.engine !== 'tfjs') throw new UsageError(`--engine: only with --task clip`);
  if (args.headLr !== undefined && !(args.headLr > 0)) throw new UsageError(`--head-lr: must be > 0, got ${args.headLr}`);
  if (args.sigma !== undefined && !(args.sigma > 0)) throw new UsageError(`--sigma: must be > 0, got ${args.sigma}`);
  const { model, text } = loadModelInput(args.model, 'model', args.maxCells);
  const heads = { ...args, task: args.task };
  const enc = checkHeadTask(heads, model, text);
  return runHeadTask(heads, model, text, enc);
}

/** Runs the command. */
export async function run(args: TrainArgs): Promise<number> {
  if (args.task !== 'clip') return runHeads(args as TrainArgs & { task: 'zsc' | 'vlm' | 'cdm' });
  for (const [key, flag] of HEAD_FLAGS) if (args[key] !== undefined) throw new UsageError(`--${flag}: only with --task zsc, vlm or cdm`);
  const project = args.engine === 'project';
  if (!project && args.models > 1) throw new UsageError('--models: more than 1 model needs --engine project');
  const refusal = project ? projectEngineRefusal(args as unknown as Record<string, unknown>) : undefined;
  if (refusal) throw new UsageError(refusal);
  const resume = args.resume;
  const modelPath = args.model;
  const folder = usage(() => RunFolder.open(args.out, resume));
  const saved = folder.saved;
  const ckptDir = folder.checkpointDir;
  if (!resume) checkFlagCombinations(args);
  const { model, text: modelText } = loadModelInput(modelPath, 'model', args.maxCells);
  const sha = usage(() => folder.checkModel(modelText, modelPath));

  // Dawn (webgpu) writes warnings from native code: run in a child process whose stderr is filtered.
  const { dawnWillLoad } = await import('../../models/backends/webgpu-setup.js');
  if (!stderrAlreadyFiltered() && dawnWillLoad(args.backend as string)) return rerunWithFilteredStderr();

  // Heavy imports only now (tfjs), so that bad input fails fast.
  const { initBackend, BackendUnavailableError, ClipTrainer, resolveTrainConfig, runTraining } = await import('../../models/index.js');

  let config;
  try {
    // Runs saved before `outputProjection` existed were trained with Wo: resume them as they were.
    const savedConfig = saved ? { outputProjection: true, ...(saved.config as object) } : undefined;
    config = resolveTrainConfig(model, savedConfig ?? configFromArgs(args, model));
  } catch (e) {
    throw new UsageError(configMessage((e as Error).message, saved === undefined ? undefined : folder.configFile));
  }
  let backend;
  try {
    backend = await initBackend(args.backend);
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new UsageError(`--backend: ${e.message}`);
    throw e;
  }
  if (resume && !folder.hasCheckpoint()) throw new UsageError(`--resume: no checkpoint in ${ckptDir}`);
  if (project) return runProjectSweep(model, config, args.models, folder, { modelFile: modelPath, modelSha256: sha, task: args.task, backend });

  const trainer = new ClipTrainer(model, config);
  if (resume) {
    // a damaged checkpoint, or one from another configuration (e.g. config.json edited by hand): a usage error
    try {
      folder.resumeFrom((state) => trainer.restore(state));
    } catch (e) {
      trainer.dispose();
      throw e instanceof RunFolderError ? new UsageError(`--${e.field}: ${e.detail}`) : e;
    }
  } else {
    folder.start({ config: config as unknown as Record<string, unknown>, modelFile: modelPath, modelSha256: sha, command: 'train', task: args.task });
  }

  const tty = stderrIsTty();
  const t0 = performance.now();
  const startStep = trainer.step;
  let lastEval: Record<string, number> | undefined;
  let lastLine = 0;
  let lastLoss = NaN;
  const progress = (step: number) => {
    const elapsed = (performance.now() - t0) / 1000;
    const rate = (step - startStep) / Math.max(elapsed, 1e-9);
    const eta = (config.steps - step) / rate;
    const gap = lastEval ? ` gap ${lastEval.gap.toFixed(4)}±${lastEval.gapSe.toFixed(4)}` : '';
    const text = `step ${step}/${config.steps} loss ${lastLoss.toFixed(4)}${gap} ${rate.toFixed(2)} steps/s ETA ${formatDuration(eta * 1000)}`;
    if (tty) {
      const w = 24;
      const filled = Math.round((w * step) / config.steps);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(w - filled)}] ${text}\x1b[K`);
    } else {
      process.stderr.write(`${text}\n`);
    }
  };
  const every = Math.max(1, Math.round(config.steps / 20));
  let stop = false;
  const onSigint = () => {
    stop = true;
  };
  process.on('SIGINT', onSigint);
  const save = async () => folder.saveCheckpoint(await trainer.state({ config, backend }));
  let status: 'done' | 'stopped';
  try {
    status = await runTraining(trainer, {
      shouldStop: () => stop,
      onStep: async (m) => {
        lastLoss = m.loss;
        folder.appendMetrics('step', m);
        const ce = args.checkpointEvery;
        if (ce > 0 && m.step % ce === 0) await save();
        const now = performance.now();
        if (tty ? now - lastLine > 200 : m.step % every === 0 || now - lastLine > 30_000) {
          lastLine = now;
          progress(m.step);
        }
      },
      onEval: (e) => {
        lastEval = e as unknown as Record<string, number>;
        folder.appendMetrics('eval', e);
        if (!tty) process.stderr.write(`eval step ${e.step}: test ${e.loss.toFixed(4)}±${e.lossSe.toFixed(4)} bayes ${e.bayes.toFixed(4)} gap ${e.gap.toFixed(4)}±${e.gapSe.toFixed(4)} (n=${e.n})\n`);
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (trainer.step > startStep) progress(trainer.step);
  if (tty) process.stderr.write('\n');
  await save();
  const wall = (performance.now() - t0) / 1000;
  const summary = {
    status: status === 'done' ? 'completed' : 'interrupted',
    step: trainer.step,
    steps: config.steps,
    finalEval: status === 'done' ? lastEval ?? null : null,
    lastEval: lastEval ?? null,
    backend: { name: backend.name, version: backend.version, details: backend.details },
    wallSeconds: wall,
    resumedFrom: resume ? startStep : null,
    parameters: trainer.image.parameterCount + trainer.text.parameterCount,
  };
  folder.writeSummary(summary);
  trainer.dispose();
  if (status === 'stopped') {
    process.stderr.write(`interrupted at step ${trainer.step}: checkpoint saved in ${ckptDir} (continue with --resume)\n`);
    return 130;
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

/** The `train` command. */
export const command = defineCommand(spec, run);
