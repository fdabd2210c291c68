/**
 * `clip-theory train --task zsc|vlm|cdm`: bad input is one line naming the flag with exit code 2 and nothing written;
 * with `--features bp` (the exact root posterior) and with `--encoders` (a finished tiny `train --task clip` run) each
 * task writes config.json and summary.json with the head's excess, the Bayes risk, the CLIP excess and the bound.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputErrorLine, runMain, snapshot, tempDir } from './run-cli.js';
import { generatePaperJghm } from '../../theory/generators.js';
import { jghmToJson } from '../../theory/model-format.js';

const dir = tempDir('train-heads');
const modelFile = join(dir, 'model.json');
const otherModel = join(dir, 'other.json');
const bigModel = join(dir, 'big.json');
writeFileSync(modelFile, JSON.stringify(jghmToJson(generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.2, seed: 5 }))));
writeFileSync(otherModel, JSON.stringify(jghmToJson(generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.1, seed: 6 }))));
// 3^8 configurations per modality: 43 million (x, y) pairs, refused from the shape
writeFileSync(bigModel, JSON.stringify(jghmToJson(generatePaperJghm({ states: 3, imageBranching: [2, 2, 2], p: 0.2, seed: 5 }))));
const clipRun = join(dir, 'clip');
const fast = ['--head-steps', '20'];

function summaryOf(out: string): Record<string, number | string | boolean> {
  for (const f of ['config.json', 'summary.json']) expect(existsSync(join(out, f))).toBe(true);
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}

beforeAll(async () => {
  const r = await runMain(['train', '--model', modelFile, '--layers', '2', '--width', '8', '--batch', '4', '--k', '3', '--test-pairs', '40', '--backend', 'wasm', '--seed', '3', '--steps', '2', '--out-dim', '4', '--out', clipRun]);
  expect(r.code).toBe(0);
}, 120_000);

describe('train --task zsc|vlm|cdm: bad input → one line naming the flag, exit 2, nothing written', () => {
  const unfinished = join(dir, 'unfinished');
  mkdirSync(unfinished, { recursive: true });
  writeFileSync(join(unfinished, 'config.json'), JSON.stringify({ config: {}, modelFile, modelSha256: 'x', command: 'train', task: 'clip' }));
  writeFileSync(join(unfinished, 'summary.json'), JSON.stringify({ status: 'interrupted' }));
  const empty = join(dir, 'empty');
  mkdirSync(empty, { recursive: true });
  const cases: [string, string[], RegExp][] = [
    ['no feature source', ['--task', 'vlm', '--model', modelFile], /--encoders: --task vlm needs exactly one of --encoders RUNDIR .* or --features bp/],
    ['both feature sources', ['--task', 'cdm', '--model', modelFile, '--features', 'bp', '--encoders', clipRun], /--encoders: --task cdm needs exactly one of/],
    ['--encoders not a run folder', ['--task', 'vlm', '--model', modelFile, '--encoders', empty], /--encoders: .* is not a training run folder/],
    ['--encoders not finished', ['--task', 'vlm', '--model', modelFile, '--encoders', unfinished], /--encoders: .* is not finished \(status "interrupted"/],
    ['--encoders trained on another model', ['--task', 'zsc', '--model', otherModel, '--encoders', clipRun], /--encoders: .* was trained on another model than --model/],
    ['a model too large to enumerate', ['--task', 'vlm', '--model', bigModel, '--features', 'bp'], /--model: 3\^8 × 3\^8 leaf configurations exceed/],
    ['--sigma with vlm', ['--task', 'vlm', '--model', modelFile, '--features', 'bp', '--sigma', '2'], /--sigma: only with --task cdm/],
    ['--class-leaf with cdm', ['--task', 'cdm', '--model', modelFile, '--features', 'bp', '--class-leaf', '1'], /--class-leaf: only with --task zsc/],
    ['--class-leaf beyond the text leaves', ['--task', 'zsc', '--model', modelFile, '--features', 'bp', '--class-leaf', '4'], /--class-leaf: must be < 4/],
    ['--sigma not positive', ['--task', 'cdm', '--model', modelFile, '--features', 'bp', '--sigma', '0'], /--sigma: must be > 0/],
    ['--draws below 2', ['--task', 'cdm', '--model', modelFile, '--features', 'bp', '--draws', '1'], /--draws: must be ≥ 2/],
    ['--features with task clip', ['--model', modelFile, '--features', 'bp'], /--features: only with --task zsc, vlm or cdm/],
    ['--resume with a head task', ['--task', 'vlm', '--model', modelFile, '--features', 'bp', '--resume'], /--resume: only with --task clip/],
    ['unknown --features', ['--task', 'vlm', '--model', modelFile, '--features', 'pmi'], /--features: must be one of/],
  ];
  for (const [name, argv, re] of cases) {
    it(name, async () => {
      const out = join(dir, `bad-${name.replace(/\W+/g, '-')}`);
      const before = snapshot(dir);
      const r = await runMain(['train', ...argv, '--out', out]);
      expect(inputErrorLine(r, 'train')).toMatch(re);
      expect(existsSync(out)).toBe(false);
      expect(snapshot(dir)).toEqual(before);
    });
  }
  it('a non-empty --out', async () => {
    const out = join(dir, 'busy');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'file'), 'x');
    const r = await runMain(['train', '--task', 'zsc', '--model', modelFile, '--features', 'bp', '--out', out]);
    expect(inputErrorLine(r, 'train')).toMatch(/--out: .*not empty/);
  });
});

describe('train --task zsc|vlm|cdm --features bp: the ideal sufficient statistic', () => {
  it('zsc: the PMI classifier is Bayes (excess 0 to rounding), CLIP excess 0', async () => {
    const out = join(dir, 'bp-zsc');
    expect((await runMain(['train', '--task', 'zsc', '--model', modelFile, '--features', 'bp', '--out', out])).code).toBe(0);
    const s = summaryOf(out);
    expect(Math.abs(s.zscExcess as number)).toBeLessThan(1e-12);
    expect(s.clipExcessImage).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).config).toMatchObject({ task: 'zsc', features: 'bp', classLeaf: 0 });
  });
  it('vlm: a trained head, its excess over H(y | x) is its own bound', async () => {
    const out = join(dir, 'bp-vlm');
    expect((await runMain(['train', '--task', 'vlm', '--model', modelFile, '--features', 'bp', ...fast, '--out', out])).code).toBe(0);
    const s = summaryOf(out);
    expect(s.headExcess).toBeGreaterThan(0);
    expect(s.bayesRisk).toBeGreaterThan(0);
    expect(Math.abs((s.headRisk as number) - (s.bayesRisk as number) - (s.headExcess as number))).toBeLessThan(1e-12);
    expect(s.bound).toBe(s.headExcess);
  });
  it('cdm: a trained denoiser, its gap with a standard error', async () => {
    const out = join(dir, 'bp-cdm');
    expect((await runMain(['train', '--task', 'cdm', '--model', modelFile, '--features', 'bp', ...fast, '--head-samples', '200', '--out', out])).code).toBe(0);
    const s = summaryOf(out);
    expect(s.headGap).toBeGreaterThan(0);
    expect(s.headGapSe).toBeGreaterThan(0);
    expect(s.constant).toBe(8); // ½D², D² = 4 leaves × (3 − 1)²
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).config).toMatchObject({ headSamples: 200, headSteps: 20, sigma: 1, draws: 2 });
  });
});

describe('train --task zsc|vlm|cdm --encoders RUNDIR: frozen trained encoders', () => {
  for (const task of ['zsc', 'vlm', 'cdm'] as const) {
    it(`${task}: summary with the encoders' CLIP excess and the bound`, async () => {
      const out = join(dir, `enc-${task}`);
      const r = await runMain(['train', '--task', task, '--model', modelFile, '--encoders', clipRun, '--backend', 'wasm', ...(task === 'zsc' ? [] : fast), '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const s = summaryOf(out);
      expect(s.encoders).toBe(clipRun);
      expect(typeof s.holds).toBe('boolean');
      if (task === 'zsc') expect(s.bound).toBe(s.clipExcessImage);
      if (task === 'vlm') expect(Math.abs((s.bound as number) - (s.clipExcessImage as number) - (s.idealHeadExcess as number))).toBeLessThan(1e-12);
      if (task === 'cdm') expect(Math.abs((s.bound as number) - 8 * (s.clipExcessText as number) - (s.idealHeadGap as number))).toBeLessThan(1e-12);
      expect((s.clipExcessImage ?? s.clipExcessText) as number).toBeGreaterThan(0); // two training steps: far from Bayes
    }, 60_000);
  }
});
