/**
 * Specs, cells and shards, in-process: validation names the field; the spec's training fields are exactly
 * TrainConfig's; the registered experiments expand (learning-curve: 32 distinct cells); a cell's key follows its
 * content (config, model, code version) and not its labels; shards partition the cells and differ in size by at most one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRAIN_SETTING_FIELDS, codeVersion, expandCells, loadSpec, loadSpecs, parseShard, shardCells, validateSpec, ExperimentError } from '../../experiments/index.js';
import { DEFAULT_TRAIN_CONFIG, resolveTrainConfig } from '../../models/index.js';
import { generatePaperJghm } from '../../theory/index.js';
import { TINY_SPEC } from './tiny-spec.js';

const clone = () => JSON.parse(JSON.stringify(TINY_SPEC)) as Record<string, any>;

describe('validateSpec', () => {
  it('accepts the tiny spec', () => {
    expect(validateSpec(clone(), 'tiny').name).toBe('tiny');
  });
  const cases: [string, (s: Record<string, any>) => void, RegExp][] = [
    ['unknown top-level field', (s) => (s.seed = 1), /spec t\.seed: unknown field/],
    ['empty seeds', (s) => (s.seeds = []), /spec t\.seeds: must be a non-empty array/],
    ['duplicate seed', (s) => (s.seeds = [1, 1]), /spec t\.seeds: duplicate value 1/],
    ['negative seed', (s) => (s.seeds = [-1]), /spec t\.seeds\[0\]: must be an integer/],
    ['bad name', (s) => (s.name = 'Has Space'), /spec t\.name: must match/],
    ['unknown model kind', (s) => (s.models[0].value.kind = 'magic'), /spec t\.models\[0\]\.value\.kind: must be 'authors' or 'paper'/],
    ['p out of range', (s) => (s.models[0].value.p = 2), /spec t\.models\[0\]\.value\.p: must be a number in \[0, 1\]/],
    ['typo in a training field', (s) => (s.train.widht = 8), /spec t\.train\.widht: unknown field/],
    ['seed set as a training field', (s) => (s.encoders[0].value.seed = 3), /spec t\.encoders\[0\]\.value\.seed: unknown field/],
    ['duplicate encoder labels', (s) => (s.encoders[1].label = 'L1'), /spec t\.encoders labels: duplicate value "L1"/],
    ['sample size 1', (s) => (s.sampleSizes = [1]), /spec t\.sampleSizes\[0\]: must be an integer in \[2/],
    ['table without evalSteps', (s) => (s.table = {}), /spec t\.table\.evalSteps: must be a non-empty array/],
    ['target without maxGap', (s) => (s.table.targets = [{ step: 20 }]), /spec t\.table\.targets\[0\]\.maxGap: must be a finite number/],
  ];
  for (const [name, edit, re] of cases) {
    it(`refuses: ${name}`, () => {
      const s = clone();
      edit(s);
      expect(() => validateSpec(s, 't')).toThrow(ExperimentError);
      expect(() => validateSpec(s, 't')).toThrow(re);
    });
  }
  it('a value resolveTrainConfig refuses is an ExperimentError naming the cell', async () => {
    const s = clone();
    s.encoders[1].value.heads = 3; // does not divide width 8
    await expect(expandCells(validateSpec(s, 't'), 'v')).rejects.toThrow(/spec tiny: cell s3\/L2\/online\/60 seed 1: TrainConfig\.heads \(3\) must divide width/);
  });
  it('TRAIN_SETTING_FIELDS = the fields of TrainConfig but seed, steps and data', () => {
    const all = Object.keys(resolveTrainConfig(generatePaperJghm({ states: 3, imageBranching: [2], p: 0.2, seed: 1 }), {})).sort();
    expect([...TRAIN_SETTING_FIELDS].sort()).toEqual(all.filter((k) => !['seed', 'steps', 'data'].includes(k)));
    expect(Object.keys(DEFAULT_TRAIN_CONFIG).length).toBeGreaterThan(10);
  });
});

describe('registered experiments', () => {
  it('every spec file loads, and its name is its file name', async () => {
    const names = (await loadSpecs()).map((s) => s.name);
    expect(names).toContain('learning-curve');
    expect(names).toContain('learning-curve-smoke');
  });
  it("learning-curve: 4 encoders × 8 seeds = 32 distinct cells with the README's settings", async () => {
    const { cells } = await expandCells(await loadSpec('learning-curve'), codeVersion());
    expect(cells).toHaveLength(32);
    expect(new Set(cells.map((c) => c.key)).size).toBe(32);
    const c = cells.find((x) => x.labels.encoder === 'L4-p16' && x.labels.seed === 225)!;
    expect(c.config).toMatchObject({ layers: 4, width: 32, heads: 1, outDim: 16, steps: 2000, batch: 128, k: 4, lr: 1e-3, lrMin: 1e-5, weightDecay: 1e-3, gradClip: 1, evalEvery: 250, testPairs: 20000, outputProjection: false, seed: 225 });
    expect(cells.find((x) => x.labels.encoder === 'L1-pS')!.config.outDim).toBe(4);
  });
  it('an unknown name is an ExperimentError listing the experiments', async () => {
    await expect(loadSpec('nope')).rejects.toThrow(/unknown experiment "nope" \(experiments: .*learning-curve/);
  });
});

describe('cell identity', () => {
  const keysOf = async (s: Record<string, any>, version = 'v1') => (await expandCells(validateSpec(s, 't'), version)).cells.map((c) => c.key);
  it('is stable, and ignores labels and titles', async () => {
    const a = await keysOf(clone());
    expect(await keysOf(clone())).toEqual(a);
    const s = clone();
    s.encoders[0].label = 'one-layer';
    s.encoders[0].title = 'renamed';
    s.models[0].label = 'other';
    s.name = 'renamed-experiment';
    expect(await keysOf(s)).toEqual(a);
  });
  it('changes with the code version, a training setting, a default made explicit differently, or the model', async () => {
    const a = await keysOf(clone());
    expect(await keysOf(clone(), 'v2')).not.toEqual(a);
    const lr = clone();
    lr.train.lr = 2e-3;
    expect((await keysOf(lr)).some((k) => a.includes(k))).toBe(false);
    const model = clone();
    model.models[0].value.p = 0.3;
    expect((await keysOf(model)).some((k) => a.includes(k))).toBe(false);
    // a default written out explicitly is the same run
    const explicit = clone();
    explicit.train.lrMin = 1e-5; // DEFAULT_TRAIN_CONFIG.lrMin
    expect(await keysOf(explicit)).toEqual(a);
  });
  it('the code version is src-<16 hex> and reproducible', () => {
    expect(codeVersion()).toMatch(/^src-[0-9a-f]{16}$/);
    expect(codeVersion()).toBe(codeVersion());
  });
});

describe('--shard', () => {
  it('parses i/n and refuses the rest naming --shard', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/2', '3/2', '1/0', 'x', '1/2/3', '-1/2', '']) expect(() => parseShard(bad)).toThrow(/^--shard: /);
  });
  it('shards partition the cells, each once, sizes within one (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{8}$/), { minLength: 0, maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (keys, n) => {
        const cells = keys.map((key) => ({ key }));
        const parts = Array.from({ length: n }, (_, i) => shardCells(cells, { index: i + 1, count: n }));
        const all = parts.flat().map((c) => c.key).sort();
        const sizes = parts.map((p) => p.length);
        return JSON.stringify(all) === JSON.stringify([...keys].sort()) && Math.max(...sizes) - Math.min(...sizes) <= 1;
      }),
    );
  });
  it('twin: a shard of a different count is a different subset', () => {
    const cells = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}` }));
    expect(shardCells(cells, { index: 1, count: 2 })).not.toEqual(shardCells(cells, { index: 1, count: 3 }));
  });
});
