/**
 * `clip-theory train --task zsc|vlm|cdm`: downstream use of frozen encoders (theory.md §3.1–3.3).
 *
 * The features are either the encoders of a finished `train --task clip` run (`--encoders RUNDIR`: its saved
 * configuration and checkpoint, frozen; image embeddings f(x) and text embeddings g(y) of every leaf configuration)
 * or the exact BP root posterior (`--features bp`: log π, the ideal sufficient statistic, with the PMI as similarity).
 * - zsc: the zero-shot classifier of the similarity (class = text leaf --class-leaf), nothing to train: its exact
 *   excess cross-entropy E KL(p(c | x) ‖ p̂_S(c | x)) and the bound, the image-anchor K = ∞ CLIP excess;
 * - vlm: the linear-softmax decoder on f (models/heads), trained on --head-samples pairs; its exact excess over the
 *   Bayes VLM risk H(y | x), and the bound ΔCLIP→ + the same head's excess on log π (trained on the same sample);
 * - cdm: the mixture denoiser on g, trained on --head-samples triples at noise --sigma; its gap over the Bayes
 *   denoiser (enumeration over (x, y), --draws noise draws per pair, with a standard error) and the bound
 *   ½D²·ΔCLIP← + the same head's gap on log π.
 * Writes config.json then summary.json (atomically) in --out; bad input is refused from its shape before anything is
 * written or allocated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { RunFolder, RunFolderError, modelTextSha256 } from '../../models/training/run-folder.js';
import type { Jghm } from '../../theory/model.js';

/** Largest nx·ny table the heads enumerate (the VLM head stores and sweeps nx × ny × (d + 1) every step). */
export const MAX_HEAD_TABLE = 1 << 20;

/** What the head tasks read from the parsed flags. */
export interface HeadTaskArgs {
  readonly task: 'zsc' | 'vlm' | 'cdm';
  readonly model: string;
  readonly out: string;
  readonly encoders?: string;
  readonly features?: 'bp';
  readonly headSamples?: number;
  readonly headSteps?: number;
  readonly headLr?: number;
  readonly ridge?: number;
  readonly sigma?: number;
  readonly draws?: number;
  readonly classLeaf?: number;
  readonly seed: number;
  readonly backend: string;
}

/** Task defaults (those of the quick tier of learned-downstream-heads-bounded). */
const DEFAULTS = {
  vlm: { headSamples: 20_000, headSteps: 200, headLr: 0.05, ridge: 1e-4 },
  cdm: { headSamples: 1_000, headSteps: 100, headLr: 0.05, ridge: 1e-4, sigma: 1, draws: 2 },
} as const;

/** A finished CLIP run folder: its saved configuration and the model hash, checked from the files alone. */
interface EncoderRun {
  readonly dir: string;
  readonly config: Record<string, unknown>;
  readonly modelSha256: string;
}

function readJson(file: string, flag: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--${flag}: cannot read ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Refuses an --encoders folder that is not a finished `train --task clip` run. */
export function checkEncoderRun(dir: string): EncoderRun {
  const abs = resolve(dir);
  if (!existsSync(join(abs, 'config.json'))) throw new UsageError(`--encoders: ${abs} is not a training run folder (no config.json)`);
  const cfg = readJson(join(abs, 'config.json'), 'encoders');
  if ((cfg.task ?? 'clip') !== 'clip' || typeof cfg.config !== 'object' || cfg.config === null) throw new UsageError(`--encoders: ${abs} is not a \`train --task clip\` run`);
  if ((cfg.config as Record<string, unknown>).similarity === 'cosine') throw new UsageError(`--encoders: ${abs} was trained with --similarity cosine; the heads use S = ⟨f, g⟩ (--similarity dot runs only)`);
  if (!existsSync(join(abs, 'summary.json'))) throw new UsageError(`--encoders: ${abs} is not finished (no summary.json)`);
  const summary = readJson(join(abs, 'summary.json'), 'encoders');
  if (summary.status !== 'completed') throw new UsageError(`--encoders: ${abs} is not finished (status ${JSON.stringify(summary.status)}; continue it with train --resume)`);
  if (!existsSync(join(abs, 'checkpoint', 'checkpoint.json'))) throw new UsageError(`--encoders: ${abs} has no checkpoint`);
  return { dir: abs, config: cfg.config as Record<string, unknown>, modelSha256: String(cfg.modelSha256) };
}

/** Refuses flags that do not belong to the task, and a feature source other than exactly one of --encoders/--features. */
export function checkHeadFlags(a: HeadTaskArgs): void {
  if ((a.encoders === undefined) === (a.features === undefined)) throw new UsageError(`--encoders: --task ${a.task} needs exactly one of --encoders RUNDIR (a finished train --task clip run) or --features bp`);
  const only: [keyof HeadTaskArgs, string, readonly string[]][] = [
    ['headSamples', 'head-samples', ['vlm', 'cdm']],
    ['headSteps', 'head-steps', ['vlm', 'cdm']],
    ['headLr', 'head-lr', ['vlm', 'cdm']],
    ['ridge', 'ridge', ['vlm', 'cdm']],
    ['sigma', 'sigma', ['cdm']],
    ['draws', 'draws', ['cdm']],
    ['classLeaf', 'class-leaf', ['zsc']],
  ];
  for (const [key, flag, tasks] of only) if (a[key] !== undefined && !tasks.includes(a.task)) throw new UsageError(`--${flag}: only with --task ${tasks.join(' or ')}`);
}

/** Refuses, from the model's shape, a model whose leaf configurations the heads cannot enumerate. */
export function checkHeadModelSize(model: Jghm, classLeaf: number | undefined): void {
  const nx = model.states ** model.image.leaves;
  const ny = model.states ** model.text.leaves;
  if (!(nx * ny <= MAX_HEAD_TABLE)) throw new UsageError(`--model: ${model.states}^${model.image.leaves} × ${model.states}^${model.text.leaves} leaf configurations exceed the ${MAX_HEAD_TABLE} (x, y) pairs the heads enumerate`);
  if (classLeaf !== undefined && classLeaf >= model.text.leaves) throw new UsageError(`--class-leaf: must be < ${model.text.leaves} (text leaves), got ${classLeaf}`);
}

/** Checks everything that can be checked before loading anything heavy; returns the encoder run, if any. */
export function checkHeadTask(a: HeadTaskArgs, model: Jghm, modelText: string): EncoderRun | undefined {
  checkHeadFlags(a);
  checkHeadModelSize(model, a.classLeaf);
  if (a.encoders === undefined) return undefined;
  const run = checkEncoderRun(a.encoders);
  if (run.modelSha256 !== modelTextSha256(modelText)) throw new UsageError(`--encoders: ${run.dir} was trained on another model than --model ${a.model}`);
  return run;
}

/** Runs a head task (the flags, model and encoder run already checked). */
export async function runHeadTask(a: HeadTaskArgs, model: Jghm, modelText: string, enc: EncoderRun | undefined): Promise<number> {
  let folder: RunFolder;
  try {
    folder = RunFolder.open(a.out, false);
  } catch (e) {
    if (e instanceof RunFolderError) throw new UsageError(`--${e.field}: ${e.detail}`);
    throw e;
  }
  const { exactTables, pmiTable } = await import('../../theory/exact-tables.js');
  const { allConfigurations } = await import('../../theory/enumeration.js');
  const { infiniteKLoss } = await import('../../theory/clip-loss-exact.js');
  const { zeroShotClassifier, zeroShotExcess } = await import('../../theory/information.js');
  const { Rng } = await import('../../theory/random.js');
  const heads = await import('../../models/heads/index.js');
  const t0 = performance.now();
  const t = exactTables(model);
  const dimIm: { f: Float64Array; g: Float64Array; dim: number; sim: Float64Array } = enc ? await encode(enc, model, a.backend) : { f: heads.logPosteriorTable(t.postIm), g: heads.logPosteriorTable(t.postTx), dim: t.S, sim: pmiTable(t) };
  const { f, g, dim, sim } = dimIm;
  const base = infiniteKLoss(t, pmiTable(t));
  const l = infiniteKLoss(t, sim);
  const clip = { image: l.imageAnchor - base.imageAnchor, text: l.textAnchor - base.textAnchor };
  const rng = Rng.fromSeed(a.seed).split(`heads:${a.task}`);
  const source = enc ? { encoders: enc.dir } : { features: 'bp' };
  let settings: Record<string, unknown>;
  let result: Record<string, unknown>;
  if (a.task === 'zsc') {
    const classLeaf = a.classLeaf ?? 0;
    settings = { classLeaf };
    const z = zeroShotExcess(t, zeroShotClassifier(t, sim, classLeaf), classLeaf);
    result = { zscExcess: z.kl, zscTv: z.tv, clipExcessImage: clip.image, bound: clip.image, holds: z.kl <= clip.image + 1e-9 * Math.max(1, clip.image) };
  } else if (a.task === 'vlm') {
    const d = DEFAULTS.vlm;
    const s = { steps: a.headSteps ?? d.headSteps, lr: a.headLr ?? d.headLr, ridge: a.ridge ?? d.ridge };
    const n = a.headSamples ?? d.headSamples;
    settings = { headSamples: n, headSteps: s.steps, headLr: s.lr, ridge: s.ridge };
    const counts = heads.sampleJointCounts(t, n, rng.split('vlm-sample'));
    const excessOf = (table: Float64Array, cols: number) => {
      const hf = heads.headFeatures(table, t.nx, cols);
      return heads.vlmExcess(t, heads.vlmLogConditional(heads.fitVlmHead(hf, counts, t.ny, s), hf));
    };
    const head = excessOf(f, dim);
    const ideal = enc ? excessOf(heads.logPosteriorTable(t.postIm), t.S) : head;
    const bound = clip.image + ideal.excess;
    result = { headExcess: head.excess, bayesRisk: head.bayes, headRisk: head.bayes + head.excess, idealHeadExcess: ideal.excess, clipExcessImage: clip.image, bound, holds: head.excess <= bound };
  } else {
    const d = DEFAULTS.cdm;
    const sigma = a.sigma ?? d.sigma;
    const s = { steps: a.headSteps ?? d.headSteps, lr: a.headLr ?? d.headLr, ridge: a.ridge ?? d.ridge, sigma };
    const n = a.headSamples ?? d.headSamples;
    const draws = a.draws ?? d.draws;
    settings = { headSamples: n, headSteps: s.steps, headLr: s.lr, ridge: s.ridge, sigma, draws };
    const vals = Int32Array.from(allConfigurations(model, 'image').data);
    const triples = heads.sampleCdmTriples(t, vals, sigma, n, rng.split('cdm-sample'));
    const set = heads.cdmEvalSet(t, vals, sigma, draws, rng.split('eval'));
    const gapsOf = (table: Float64Array, cols: number) => {
      const hf = heads.headFeatures(table, t.ny, cols);
      return heads.cdmHeadGaps(set, heads.fitCdmHead(heads.cdmFitData(vals, t.nx, hf, triples, sigma), s), hf);
    };
    const gaps = gapsOf(g, dim);
    const idealGaps = enc ? gapsOf(heads.logPosteriorTable(t.postTx), t.S) : gaps;
    const gap = heads.stratifiedMean(set, gaps);
    const ideal = heads.stratifiedMean(set, idealGaps);
    const diff = heads.stratifiedMean(set, Float64Array.from(gaps, (v, i) => v - idealGaps[i]));
    const bayes = heads.stratifiedMean(set, set.bayesSq);
    const constant = 0.5 * model.image.leaves * (model.states - 1) ** 2;
    const bound = constant * clip.text + ideal.mean;
    result = { headGap: gap.mean, headGapSe: gap.se, bayesRisk: bayes.mean, bayesRiskSe: bayes.se, idealHeadGap: ideal.mean, differenceSe: diff.se, clipExcessText: clip.text, constant, bound, holds: gap.mean <= bound + 3.09 * diff.se };
  }
  folder.start({ config: { task: a.task, ...source, seed: a.seed, ...settings }, modelFile: a.model, modelSha256: modelTextSha256(modelText), command: 'train', task: a.task });
  const summary = { status: 'completed', task: a.task, ...source, configurations: { image: t.nx, text: t.ny }, ...result, wallSeconds: (performance.now() - t0) / 1000 };
  folder.writeSummary(summary);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

/** Restores the frozen encoders of a finished CLIP run and embeds every leaf configuration (float64 copies). */
async function encode(enc: EncoderRun, model: Jghm, backendName: string): Promise<{ f: Float64Array; g: Float64Array; dim: number; sim: Float64Array }> {
  const { initBackend, BackendUnavailableError, ClipTrainer, resolveTrainConfig, loadCheckpoint, encodeAllAsync } = await import('../../models/index.js');
  const { allConfigurations } = await import('../../theory/enumeration.js');
  try {
    await initBackend(backendName as Parameters<typeof initBackend>[0]);
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new UsageError(`--backend: ${e.message}`);
    throw e;
  }
  let trainer;
  try {
    trainer = new ClipTrainer(model, resolveTrainConfig(model, { outputProjection: true, ...enc.config }));
    trainer.restore(loadCheckpoint(join(enc.dir, 'checkpoint')));
  } catch (e) {
    trainer?.dispose();
    throw new UsageError(`--encoders: cannot restore ${enc.dir}: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const im = await encodeAllAsync(trainer.image, allConfigurations(model, 'image'));
    const tx = await encodeAllAsync(trainer.text, allConfigurations(model, 'text'));
    const dim = im.dim;
    const f = Float64Array.from(im.data);
    const g = Float64Array.from(tx.data);
    const nx = f.length / dim;
    const ny = g.length / dim;
    const sim = new Float64Array(nx * ny);
    for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) for (let k = 0; k < dim; k++) sim[i * ny + j] += f[i * dim + k] * g[j * dim + k];
    return { f, g, dim, sim };
  } finally {
    trainer.dispose();
  }
}
