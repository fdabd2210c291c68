/**
 * `clip-theory bayes`: the JSON is exactly bayesRisks(model, {n, seed, k}) (so a seed replays it), the Monte Carlo
 * CLIP and ZSC risks agree with the exact values of the golden toy within their standard errors, and bad flags give
 * one line naming the flag.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceExpected, referenceToyPath } from '../../properties/data/reference-toys.js';
import { bayesRisks } from '../../theory/monte-carlo.js';
import { loadModel } from '../../cli/model-input.js';
import { TEST_SEED } from '../setup.js';
import { inputErrorLine, runMain, tempDir } from './run-cli.js';

const TOY = referenceToyPath('toy-jghm');
const EXPECTED = loadReferenceExpected('toy-jghm');

describe('bayes', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('bayes');
  });

  it('prints exactly bayesRisks(model, {n, seed, k}) with mean, se and n for clip, zsc, cdm and vlm', async () => {
    const r = await runMain(['bayes', '--model', TOY, '--n', '300', '--seed', '5', '--k', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got).toEqual(JSON.parse(JSON.stringify(bayesRisks(loadModel(TOY), { n: 300, seed: 5, k: 3 }))));
    for (const task of ['clip', 'zsc', 'cdm', 'vlm']) {
      expect(got[task].n).toBe(300);
      expect(Number.isFinite(got[task].mean)).toBe(true);
      expect(got[task].se).toBeGreaterThan(0);
    }
    expect(got.clip.k).toBe(3);
    const file = join(dir, 'out.json');
    expect(await runMain(['bayes', '--model', TOY, '--n', '300', '--seed', '5', '--k', '3', '--out', file])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(r.stdout);
  });

  it('--task and --sigma select what is estimated', async () => {
    const got = JSON.parse((await runMain(['bayes', '--model', TOY, '--n', '50', '--seed', '1', '--task', 'cdm', '--sigma', '0.5'])).stdout);
    expect(Object.keys(got).sort()).toEqual(['cdm', 'format', 'seed']);
    expect(got.cdm.sigma).toBe(0.5);
  });

  // Statistical check, seed TEST_SEED (replay with CLIP_THEORY_SEED): |MC mean − exact| ≤ 4 se for the K = 2 CLIP
  // risk and the ZSC cross-entropy. Under the normal approximation (n = 4000) each comparison fails by chance with
  // probability 6.3e-5, so the false-failure rate of this test is ≤ 1.3e-4.
  it(`Monte Carlo CLIP (K = 2) and ZSC risks match the exact toy values within 4 se (seed ${TEST_SEED})`, async () => {
    const r = await runMain(['bayes', '--model', TOY, '--n', '4000', '--seed', String(TEST_SEED), '--k', '2', '--task', 'clip', '--task', 'zsc']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    const clipZ = (got.clip.mean - EXPECTED.bayesClipLoss['2']) / got.clip.se;
    const zscZ = (got.zsc.mean - EXPECTED.zeroShotBayesCrossEntropy) / got.zsc.se;
    console.log(`[bayes CLI, seed ${TEST_SEED}] clip z = ${clipZ.toFixed(2)}, zsc z = ${zscZ.toFixed(2)} (threshold 4)`);
    expect(Math.abs(clipZ)).toBeLessThanOrEqual(4);
    expect(Math.abs(zscZ)).toBeLessThanOrEqual(4);
  });

  const bad: [string, string[], string][] = [
    ['n = 1', ['--n', '1', '--seed', '1'], '--n: must be ≥ 2'],
    ['n = 0', ['--n', '0', '--seed', '1'], '--n: must be ≥ 2'],
    ['n not numeric', ['--n', '1e', '--seed', '1'], '--n: expected an integer, got "1e"'],
    ['n too large', ['--n', '100000000', '--seed', '1'], '--n: must be ≤ 10000000'],
    ['missing --n', ['--seed', '1'], '--n: required'],
    ['missing --seed', ['--n', '10'], '--seed: required'],
    ['negative seed', ['--n', '10', '--seed', '-4'], '--seed: must be ≥ 0'],
    ['k = 1', ['--n', '10', '--seed', '1', '--k', '1'], '--k: must be ≥ 2'],
    ['sigma = 0', ['--n', '10', '--seed', '1', '--sigma', '0'], '--sigma: must be > 0'],
    ['sigma not numeric', ['--n', '10', '--seed', '1', '--sigma', 'big'], '--sigma: expected a number'],
    ['unknown task', ['--n', '10', '--seed', '1', '--task', 'vqa'], '--task: must be one of clip, zsc, cdm, vlm'],
    ['duplicate task', ['--n', '10', '--seed', '1', '--task', 'zsc', '--task', 'zsc'], '--task: a task is given more than once'],
    ['unknown flag', ['--n', '10', '--seed', '1', '--samples', '3'], 'unknown flag --samples'],
  ];

  it.each(bad)('%s: one line naming the flag, exit 2, no --out file', async (_name, args, message) => {
    const file = join(dir, `bad-${_name.replace(/\W+/g, '_')}.json`);
    const r = await runMain(['bayes', '--model', TOY, ...args, '--out', file]);
    expect(inputErrorLine(r, 'bayes')).toContain(message);
    expect(existsSync(file)).toBe(false);
  });

  it('--help lists every flag', async () => {
    const r = await runMain(['bayes', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--model', '--n', '--seed', '--k', '--task', '--sigma', '--out']) expect(r.stdout).toContain(f);
  });

  it('a bad model is reported before any sampling', async () => {
    const r = await runMain(['bayes', '--model', join(dir, 'nope.json'), '--n', '10', '--seed', '1']);
    expect(inputErrorLine(r, 'bayes')).toContain('--model: cannot read');
  });
});
