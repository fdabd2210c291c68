/**
 * `npm run bench -- bp [--json]`: throughput of the exact core on the `paper` preset (p = 0.2, seed 1; depth 4,
 * 3 children, 10 states, 81 leaves per tree).
 *
 * Measures, for batches of 1 000 and 10 000 pairs, the root posteriors of BOTH trees (one pair = 2 trees):
 * - serial: root-posterior-fast.ts `rootPosteriors` (bottom-node tables + the WebAssembly SIMD kernel);
 * - parallel: parallel-root-posteriors.ts pool (calling thread + 1 worker);
 * - for reference, the same fast path forced onto its generated JavaScript kernel and onto its generic kernel, and
 *   belief-propagation.ts (the slow twin);
 * the per-sample exact inference of the CDM and VLM Bayes risks (one sample = one image–text pair: CDM = posterior
 * means of the 81 noisy image leaves given the text; VLM = next-token cross-entropy of the 81 text leaves given the
 * image), fast path (leaf-posterior-means-fast.ts, next-token-fast.ts) against the path the risks used before
 * (belief-propagation.ts `leafMarginals`; next-token.ts), with the speed-up;
 * and the sampling throughput of sampling.ts `samplePairs`. Each figure is the median (and best) of RUNS timed
 * runs after WARMUP untimed ones; the CPU time of the process (all threads) is reported next to wall time, and the
 * load average is printed, because the machine is shared and wall time depends on what else runs.
 */
import { loadavg, availableParallelism } from 'node:os';
import type { BpBenchArgs } from './specs.js';
import { generatePreset } from '../theory/generators.js';
import { Rng } from '../theory/random.js';
import { type PairBatch, samplePairs } from '../theory/sampling.js';
import { buildRootPosteriorPlan, rootPosteriors, rootPosteriorsWithPlan } from '../theory/root-posterior-fast.js';
import { createRootPosteriorPool } from '../theory/parallel-root-posteriors.js';
import { gaussianEvidence, leafMarginals, observedEvidence, posteriorMeans, rootMessageOf, rootPosteriorsFromEvidence } from '../theory/belief-propagation.js';
import { gaussianLeafPosteriorMeans } from '../theory/leaf-posterior-means-fast.js';
import { nextTokenCrossEntropy } from '../theory/next-token.js';
import { nextTokenCrossEntropyFast } from '../theory/next-token-fast.js';
import { noisyLeaves } from '../theory/monte-carlo.js';

const RUNS = 7;
const CDM_FAST = 'CDM posterior means, fast path (leaf-posterior-means-fast.ts)';
const CDM_GENERAL = 'CDM posterior means, general BP (before; slow twin)';
const VLM_FAST = 'VLM next-token cross-entropy, fast path (next-token-fast.ts)';
const VLM_GENERAL = 'VLM next-token cross-entropy, next-token.ts (before; slow twin)';
const WARMUP = 3;
const BATCHES = [1000, 10000] as const;
const SEED = 1;
const P = 0.2;

/** One measured figure. */
interface Figure {
  name: string;
  batch: number;
  /** Trees (or pairs for sampling) per call. */
  items: number;
  unit: 'trees' | 'pairs';
  medianMs: number;
  bestMs: number;
  /** Items per second at the median wall time. */
  perSecondMedian: number;
  /** Items per second at the best wall time. */
  perSecondBest: number;
  /** Items per CPU-second (all threads of the process), median over runs. */
  perCpuSecond: number;
}

async function measure(name: string, batch: number, items: number, unit: Figure['unit'], fn: () => unknown | Promise<unknown>, runs = RUNS): Promise<Figure> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    wall.push(dt);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const medianMs = med(wall);
  const bestMs = Math.min(...wall);
  return {
    name,
    batch,
    items,
    unit,
    medianMs,
    bestMs,
    perSecondMedian: (items / medianMs) * 1000,
    perSecondBest: (items / bestMs) * 1000,
    perCpuSecond: (items / Math.max(1e-3, med(cpu))) * 1000,
  };
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** Speed-ups of the CDM and VLM fast paths over the general paths at batch 1000 (median wall and per CPU-second). */
function speedups(figures: Figure[]): { task: string; fastPerSecond: number; generalPerSecond: number; wall: number; cpu: number }[] {
  const at = (name: string) => figures.find((f) => f.name === name && f.batch === 1000);
  const out = [];
  for (const [task, fast, general] of [['CDM', CDM_FAST, CDM_GENERAL], ['VLM', VLM_FAST, VLM_GENERAL]] as const) {
    const f = at(fast);
    const g = at(general);
    if (!f || !g) continue;
    out.push({ task, fastPerSecond: Math.round(f.perSecondMedian), generalPerSecond: Math.round(g.perSecondMedian), wall: f.perSecondMedian / g.perSecondMedian, cpu: f.perCpuSecond / g.perCpuSecond });
  }
  return out;
}

/** Runs the suite; returns the exit code. */
export async function run(args: BpBenchArgs): Promise<number> {
  const json = args.json;
  const model = generatePreset('paper', { p: P, seed: SEED });
  const rng = Rng.fromSeed(SEED).split('bench-bp');
  const figures: Figure[] = [];
  const pool = createRootPosteriorPool(model, { threads: 2 });
  const plansWithout = (o: { wasm?: boolean; generate?: boolean }) => ({
    image: buildRootPosteriorPlan(model, 'image', o),
    text: buildRootPosteriorPlan(model, 'text', o),
  });
  const jsPlans = plansWithout({ wasm: false });
  const genericPlans = plansWithout({ wasm: false, generate: false });
  try {
    for (const batch of BATCHES) {
      const pairs: PairBatch = samplePairs(model, batch, rng.split(`pairs-${batch}`));
      const trees = 2 * batch;
      const outImage = new Float64Array(batch * model.states);
      const outText = new Float64Array(batch * model.states);
      figures.push(
        await measure('root posteriors, serial (fast path: WebAssembly SIMD)', batch, trees, 'trees', () => {
          rootPosteriors(model, 'image', pairs.image, outImage);
          rootPosteriors(model, 'text', pairs.text, outText);
        }),
      );
      figures.push(
        await measure(`root posteriors, parallel (${pool.threads} threads)`, batch, trees, 'trees', async () => {
          await pool.rootPosteriors('image', pairs.image);
          await pool.rootPosteriors('text', pairs.text);
        }),
      );
      figures.push(
        await measure('root posteriors, serial (generated JavaScript, no WebAssembly)', batch, trees, 'trees', () => {
          rootPosteriorsWithPlan(jsPlans.image, pairs.image, outImage, 'image');
          rootPosteriorsWithPlan(jsPlans.text, pairs.text, outText, 'text');
        }),
      );
      figures.push(
        await measure('root posteriors, serial (generic kernel + tables, no codegen)', batch, trees, 'trees', () => {
          rootPosteriorsWithPlan(genericPlans.image, pairs.image, outImage, 'image');
          rootPosteriorsWithPlan(genericPlans.text, pairs.text, outText, 'text');
        }),
      );
      if (batch === 1000) {
        figures.push(
          await measure('root posteriors, belief-propagation.ts (slow twin)', batch, trees, 'trees', () => {
            rootPosteriorsFromEvidence(model, 'image', observedEvidence(model.states, pairs.image));
            rootPosteriorsFromEvidence(model, 'text', observedEvidence(model.states, pairs.text));
          }, 5),
        );
      }
      const z = noisyLeaves(pairs.image, 1, rng.split(`noise-${batch}`));
      figures.push(await measure(CDM_FAST, batch, batch, 'pairs', () => gaussianLeafPosteriorMeans(model, 'image', z, 1, pairs.text)));
      figures.push(await measure(VLM_FAST, batch, batch, 'pairs', () => nextTokenCrossEntropyFast(model, 'text', pairs.text, pairs.image, 1)));
      if (batch === 1000) {
        figures.push(
          await measure(CDM_GENERAL, batch, batch, 'pairs', () =>
            posteriorMeans(model.states, leafMarginals(model, 'image', gaussianEvidence(model.states, model.image.leaves, z, 1), rootMessageOf(model, 'text', pairs.text))),
          5),
        );
        figures.push(
          await measure(VLM_GENERAL, batch, batch, 'pairs', () => nextTokenCrossEntropy(model, 'text', pairs.text, rootMessageOf(model, 'image', pairs.image), 1), 5),
        );
      }
      figures.push(await measure('sampling, samplePairs', batch, batch, 'pairs', () => samplePairs(model, batch, rng.split('timed')), 5));
    }
  } finally {
    await pool.close();
  }
  const target = 1_000_000;
  const best10k = Math.max(...figures.filter((f) => f.batch === 10000 && f.unit === 'trees' && (f.name.includes('fast path') || f.name.includes('parallel'))).map((f) => f.perSecondMedian));
  const result = {
    suite: 'bp',
    model: { preset: 'paper', p: P, seed: SEED, states: model.states, leavesPerTree: model.image.leaves },
    runs: RUNS,
    warmup: WARMUP,
    cores: availableParallelism(),
    loadAverage1m: loadavg()[0],
    node: process.version,
    targetTreesPerSecond: target,
    bestMedianTreesPerSecondAt10k: best10k,
    speedups: speedups(figures),
    figures: figures.map((f) => ({ ...f, perSecondMedian: Math.round(f.perSecondMedian), perSecondBest: Math.round(f.perSecondBest), perCpuSecond: Math.round(f.perCpuSecond) })),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const lines = [
    `bench bp — paper preset (p=${P}, seed=${SEED}, S=${model.states}, ${model.image.leaves} leaves/tree); median of ${RUNS} runs after ${WARMUP} warm-up`,
    `${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)} (wall-time figures drop when other processes share the CPU; per-CPU-s is less sensitive)`,
    '',
    `${'what'.padEnd(72)} ${'batch'.padStart(6)} ${'median ms'.padStart(10)} ${'/s (median)'.padStart(12)} ${'/s (best)'.padStart(12)} ${'/CPU-s'.padStart(12)}`,
  ];
  for (const f of figures) {
    lines.push(
      `${`${f.name} [${f.unit}]`.padEnd(72)} ${String(f.batch).padStart(6)} ${f.medianMs.toFixed(2).padStart(10)} ${fmt(f.perSecondMedian).padStart(12)} ${fmt(f.perSecondBest).padStart(12)} ${fmt(f.perCpuSecond).padStart(12)}`,
    );
  }
  for (const sp of speedups(figures)) {
    lines.push(`  ${sp.task} at batch 1000: fast ${fmt(sp.fastPerSecond)} vs before ${fmt(sp.generalPerSecond)} samples/s — ${sp.wall.toFixed(1)}× (wall, median), ${sp.cpu.toFixed(1)}× (per CPU-s)`);
  }
  const samp = figures.filter((f) => f.unit === 'pairs' && f.name.startsWith('sampling'));
  for (const f of samp) lines.push(`  sampling at batch ${f.batch}: ${fmt(f.perSecondMedian)} pairs/s = ${fmt(2 * f.perSecondMedian)} trees/s (median)`);
  lines.push('', `target ≥ ${fmt(target)} trees/s at batch 10000: best median ${fmt(best10k)} trees/s — ${best10k >= target ? 'met' : 'NOT met'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
