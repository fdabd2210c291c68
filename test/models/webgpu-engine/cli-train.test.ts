/**
 * `clip-theory train --engine project --models N`: a sweep of N models in one engine program writes config.json,
 * metrics.jsonl (one eval per model) and summary.json (per-model evaluation against the Bayes loss, dispatches per
 * step); model i equals a `--engine tfjs` run with seed + i (its final test loss within 1e−3 relative: parameters
 * agree to ≤ steps·lr·1e−3 per entry, engine-step.test.ts, and the test loss moves by far less). Refusals: one line
 * naming the flag, exit 2, nothing written. Deterministic (seed 3).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePaperJghm } from '../../../theory/generators.js';
import { jghmToJson } from '../../../theory/model-format.js';
import { inputErrorLine, runMain, tempDir } from '../../cli/run-cli.js';
import { gpu } from './gpu.js';

const dir = tempDir('train-engine');
const modelFile = join(dir, 'model.json');
writeFileSync(modelFile, JSON.stringify(jghmToJson(generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.2, seed: 5 }))));
const tiny = ['--model', modelFile, '--layers', '1', '--width', '8', '--heads', '2', '--batch', '4', '--k', '3', '--steps', '3', '--lr', '1e-2', '--test-pairs', '40', '--backend', 'cpu', '--seed', '3'];

describe('train --engine project: refusals (one line naming the flag, exit 2)', () => {
  const cases: [string, string[], RegExp][] = [
    ['--models > 1 without --engine project', [...tiny, '--models', '2', '--out', join(dir, 'r1')], /--models: more than 1 model needs --engine project/],
    ['--resume', [...tiny, '--engine', 'project', '--resume', '--out', join(dir, 'r2')], /--resume: not supported with --engine project/],
    ['--guided', [...tiny, '--engine', 'project', '--guided', '--out', join(dir, 'r3')], /--guided: not supported/],
    ['--models 0', [...tiny, '--engine', 'project', '--models', '0', '--out', join(dir, 'r4')], /--models: must be ≥ 1/],
    ['unknown engine', [...tiny, '--engine', 'torch', '--out', join(dir, 'r5')], /--engine: must be one of/],
  ];
  for (const [name, argv, re] of cases) {
    it(name, async () => {
      const r = await runMain(['train', ...argv]);
      expect(inputErrorLine(r, 'train')).toMatch(re);
      expect(existsSync(argv[argv.length - 1])).toBe(false);
    });
  }
});

describe.skipIf(!gpu)('train --engine project --models 2', () => {
  it('trains 2 models in one program; model 1 = the tfjs run with seed 4', async () => {
    const out = join(dir, 'sweep');
    const r = await runMain(['train', ...tiny, '--engine', 'project', '--models', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.models).toBe(2);
    expect(summary.engine.dispatchesPerStep).toBe(9 + 19 * 1);
    expect(summary.finalEval).toHaveLength(2);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.config.seeds).toEqual([3, 4]);
    const evals = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(evals.filter((e) => e.type === 'eval').map((e) => e.model)).toEqual([0, 1]);
    const ref = join(dir, 'ref');
    const t = await runMain(['train', ...tiny.slice(0, -1), '4', '--out', ref]);
    expect(t.code, t.stderr).toBe(0);
    const refSummary = JSON.parse(readFileSync(join(ref, 'summary.json'), 'utf8'));
    const a = summary.finalEval[1].loss as number;
    const b = refSummary.finalEval.loss as number;
    expect(Math.abs(a - b) / b).toBeLessThan(1e-3);
    expect(Math.abs((summary.finalEval[0].loss as number) - b) / b).toBeGreaterThan(1e-3); // planted: seed 3 is another model
  });
});
