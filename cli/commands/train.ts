/**
 * `clip-theory train`: CLIP training of two transformer encoders on a JGHM (models/training/trainer.ts), with periodic
 * test evaluation next to the exact Bayes loss, checkpoints, resume and Ctrl-C handling.
 *
 * Run folder (--out DIR, models/training/run-folder.ts): config.json (the resolved training configuration, model
 * file and its hash), metrics.jsonl (one JSON object per line: {"type":"step",…} or {"type":"eval",…}), checkpoint/
 * (atomic), summary.json (status, final evaluation, backend + version, wall time). SIGINT saves a
 * checkpoint, writes summary.json with status "interrupted" and exits with code 130; `--resume` continues from the
 * checkpoint exactly (same backend → bit-identical) with the saved configuration.
 */
import type { CommandSpec, ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { readTextInput } from '../io.js';
// the run folder has no tfjs: it is opened and checked before the heavy imports
import { RunFolder, RunFolderError } from '../../models/training/run-folder.js';
import { parseJghmText } from '../../theory/model-format.js';
import type { Jghm } from '../../theory/model.js';
import { formatDuration } from '../../reports/format-number.js';

/** The command's flags. */
export const spec: CommandSpec = {
  name: 'train',
  summary: 'train CLIP encoders on a JGHM (test loss vs the exact Bayes loss)',
  flags: [
    { name: 'model', type: 'string', help: 'JGHM file (jghm/v1 JSON)', placeholder: 'FILE', required: true },
    { name: 'task', type: 'string', help: 'training task', choices: ['clip'], default: 'clip' },
    { name: 'out', type: 'string', help: 'run folder (config.json, metrics.jsonl, checkpoint/, summary.json)', placeholder: 'DIR', required: true },
    { name: 'layers', type: 'int', help: 'transformer blocks per encoder (default: image depth + 1)', placeholder: 'N', min: 1, max: 64 },
    { name: 'width', type: 'int', help: 'residual width', placeholder: 'N', default: 32, min: 1, max: 4096 },
    { name: 'heads', type: 'int', help: 'attention heads (must divide width)', placeholder: 'N', default: 1, min: 1, max: 256 },
    { name: 'mlp', type: 'int', help: 'MLP hidden size (default 4·width)', placeholder: 'N', min: 1, max: 65536 },
    { name: 'out-dim', type: 'int', help: "embedding dimension p of each encoder's output (default: the number of states S, the paper's readout)", placeholder: 'P', min: 1, max: 65536 },
    { name: 'attention', type: 'string', help: 'attention activation', choices: ['softmax', 'relu'], default: 'softmax' },
    { name: 'output-projection', type: 'bool', help: "attention output projection Wo (default false: none, as in the paper's encoder)" },
    { name: 'embedding-std', type: 'number', help: "std of the token/positional embedding init (default 1: PyTorch's nn.Embedding, the paper's)", placeholder: 'X', default: 1 },
    { name: 'steps', type: 'int', help: 'training steps (cosine horizon)', placeholder: 'N', default: 1000, min: 1, max: 10_000_000 },
    { name: 'batch', type: 'int', help: 'matched pairs per direction B (B(K+1) sequences per modality)', placeholder: 'B', default: 128, min: 1, max: 1_000_000 },
    { name: 'k', type: 'int', help: 'candidates per anchor K (K−1 fresh negatives)', placeholder: 'K', default: 4, min: 2, max: 1024 },
    { name: 'loss', type: 'string', help: 'paper K-sample loss or open_clip in-batch loss', choices: ['paper', 'in-batch'], default: 'paper' },
    { name: 'similarity', type: 'string', help: 'raw inner product (paper) or cosine with learnable clamped logit scale', choices: ['dot', 'cosine'], default: 'dot' },
    { name: 'lr', type: 'number', help: 'peak learning rate', placeholder: 'X', default: 1e-3, min: 0 },
    { name: 'lr-min', type: 'number', help: 'final learning rate of the cosine schedule', placeholder: 'X', default: 1e-5, min: 0 },
    { name: 'weight-decay', type: 'number', help: 'AdamW decoupled weight decay', placeholder: 'X', default: 1e-3, min: 0 },
    { name: 'grad-clip', type: 'number', help: 'max global gradient norm', placeholder: 'X', default: 1 },
    { name: 'dataset-size', type: 'int', help: 'train on a fixed dataset of N pairs (default: fresh samples every step)', placeholder: 'N', min: 2 },
    { name: 'eval-every', type: 'int', help: 'evaluate every N steps (0: only at the end)', placeholder: 'N', default: 0, min: 0 },
    { name: 'test-pairs', type: 'int', help: 'test pairs for the test loss vs Bayes', placeholder: 'N', default: 2000, min: 2, max: 10_000_000 },
    { name: 'checkpoint-every', type: 'int', help: 'save a checkpoint every N steps (0: only at the end / on Ctrl-C)', placeholder: 'N', default: 0, min: 0 },
    { name: 'guided', type: 'bool', help: 'guided training: pull residual slices toward exact BP messages' },
    { name: 'guided-weight', type: 'number', help: 'penalty weight of guided training', placeholder: 'X', default: 1e-3, min: 0 },
    { name: 'backend', type: 'string', help: 'tfjs backend (auto: the fastest working one: tensorflow, webgpu, wasm, cpu)', choices: ['wasm', 'cpu', 'auto', 'tensorflow', 'webgpu'], default: 'auto' },
    { name: 'seed', type: 'int', help: 'root seed', placeholder: 'S', default: 224, min: 0 },
    { name: 'resume', type: 'bool', help: 'continue the run in --out from its checkpoint (saved configuration)' },
  ],
  details: 'Example: clip-theory train --model m.json --layers 4 --width 32 --steps 2000 --batch 128 --k 4 --eval-every 500 --test-pairs 20000 --out runs/a',
};

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

function configFromArgs(args: ParsedArgs, model: Jghm) {
  return {
    seed: args.seed as number,
    steps: args.steps as number,
    batch: args.batch as number,
    k: args.k as number,
    layers: (args.layers as number | undefined) ?? model.image.depth + 1,
    width: args.width as number,
    heads: args.heads as number,
    ...(args.mlp === undefined ? {} : { mlp: args.mlp as number }),
    ...(args.outDim === undefined ? {} : { outDim: args.outDim as number }),
    attention: args.attention as 'softmax' | 'relu',
    outputProjection: Boolean(args.outputProjection),
    embeddingStd: args.embeddingStd as number,
    lr: args.lr as number,
    lrMin: args.lrMin as number,
    weightDecay: args.weightDecay as number,
    gradClip: args.gradClip as number,
    loss: args.loss as 'paper' | 'in-batch',
    similarity: args.similarity as 'dot' | 'cosine',
    data: args.datasetSize === undefined ? ({ kind: 'online' } as const) : ({ kind: 'fixed', n: args.datasetSize as number } as const),
    evalEvery: args.evalEvery as number,
    testPairs: args.testPairs as number,
    guidedWeight: args.guided ? (args.guidedWeight as number) : 0,
  };
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

/** Runs the command. */
export async function run(args: ParsedArgs): Promise<number> {
  const resume = Boolean(args.resume);
  const modelPath = args.model as string;
  const folder = usage(() => RunFolder.open(args.out as string, resume));
  const saved = folder.saved;
  const ckptDir = folder.checkpointDir;
  const modelText = readTextInput(modelPath, 'model');
  const model = parseJghmText(modelText);
  const sha = usage(() => folder.checkModel(modelText, modelPath));

  // Heavy imports only now (tfjs), so that bad input fails fast.
  const { initBackend, BackendUnavailableError, ClipTrainer, resolveTrainConfig, runTraining } = await import('../../models/index.js');

  let config;
  try {
    // Runs saved before `outputProjection` existed were trained with Wo: resume them as they were.
    const savedConfig = saved ? { outputProjection: true, ...(saved.config as object) } : undefined;
    config = resolveTrainConfig(model, savedConfig ?? configFromArgs(args, model));
  } catch (e) {
    const m = /TrainConfig\.(\w+)/.exec((e as Error).message);
    throw new UsageError(m && FIELD_FLAGS[m[1]] ? `--${FIELD_FLAGS[m[1]]}: ${(e as Error).message}` : (e as Error).message);
  }
  let backend;
  try {
    backend = await initBackend(args.backend as 'wasm');
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new UsageError(`--backend: ${e.message}`);
    throw e;
  }
  if (resume && !folder.hasCheckpoint()) throw new UsageError(`--resume: no checkpoint in ${ckptDir}`);

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

  const tty = Boolean(process.stderr.isTTY);
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
  const save = () => folder.saveCheckpoint(trainer.state({ config, backend }));
  let status: 'done' | 'stopped';
  try {
    status = await runTraining(trainer, {
      shouldStop: () => stop,
      onStep: (m) => {
        lastLoss = m.loss;
        folder.appendMetrics('step', m);
        const ce = args.checkpointEvery as number;
        if (ce > 0 && m.step % ce === 0) save();
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
  save();
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
