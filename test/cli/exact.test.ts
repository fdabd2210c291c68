/**
 * `clip-theory exact`: the golden toy values (toy-jghm.expected.json, an independent numpy implementation) to 1e-9
 * through the CLI, the optional-leaf semantics of rootPosterior / pmi, and one-line errors naming the flag for every
 * bad input (leaf count, leaf range, encoder names, K, enumeration too large).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceExpected, referenceToyPath } from '../../properties/data/reference-toys.js';
import { inputErrorLine, runMain, tempDir } from './run-cli.js';

const TOY = referenceToyPath('toy-jghm');
const EXPECTED = loadReferenceExpected('toy-jghm');

/** Asserts every number in `expected` is matched in `actual` to `tol` (absolute), recursively; returns the count. */
function expectClose(actual: unknown, expected: unknown, tol: number, path = ''): number {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
    return 1;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length === expected.length, path).toBe(true);
    return expected.reduce((n: number, v, i) => n + expectClose((actual as unknown[])[i], v, tol, `${path}[${i}]`), 0);
  }
  if (expected !== null && typeof expected === 'object') {
    let n = 0;
    for (const [k, v] of Object.entries(expected)) {
      expect(actual, path).toHaveProperty([k]);
      n += expectClose((actual as Record<string, unknown>)[k], v, tol, `${path}.${k}`);
    }
    return n;
  }
  expect(actual, path).toEqual(expected);
  return 0;
}

const KEYS = ['mutualInformation', 'bayesClipLoss', 'bayesClipLossByDirection', 'rootPosterior', 'pmi', 'sufficiency', 'zeroShotBayesCrossEntropy', 'leafConfigurations', 'diagnostics'];

describe('exact', () => {
  let dir: string;
  let paper: string;
  beforeAll(async () => {
    dir = tempDir('exact');
    paper = join(dir, 'paper.json');
    expect((await runMain(['generate', '--preset', 'paper', '--p', '0.2', '--seed', '1', '--out', paper])).code).toBe(0);
  });

  it('reproduces toy-jghm.expected.json to 1e-9 (all four encoders of the reference input)', async () => {
    const input = EXPECTED.input;
    const args = ['exact', '--model', TOY, '--image-leaves', input.imageLeaves.join(','), '--text-leaves', input.textLeaves.join(','), '--k', input.k.join(',')];
    for (const e of input.encoders as string[]) args.push('--encoder', e);
    const r = await runMain(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    for (const k of KEYS) expect(got).toHaveProperty([k]);
    let compared = 0;
    for (const k of KEYS) compared += expectClose(got[k], EXPECTED[k], 1e-9, k);
    // every number of the reference file was compared: MI 1 + CLIP 2 + by-direction 4 + posteriors 6 + pmi 1
    // + sufficiency 4 + ZSC 1 + configurations 2 + diagnostics 4
    expect(compared).toBe(25);
    expect(Object.keys(got.sufficiency)).toEqual(input.encoders);
  });

  it('rootPosterior holds only the sides whose leaves are given; pmi needs both', async () => {
    const none = JSON.parse((await runMain(['exact', '--model', TOY, '--k', '2'])).stdout);
    expect(none.rootPosterior).toEqual({});
    expect(none.pmi).toBeNull();
    expect(none.sufficiency).toEqual({});
    expectClose(none.mutualInformation, EXPECTED.mutualInformation, 1e-9);
    expect(Object.keys(none.bayesClipLoss)).toEqual(['2']);
    const image = JSON.parse((await runMain(['exact', '--model', TOY, '--k', '2', '--image-leaves', '0,1,2,0'])).stdout);
    expect(Object.keys(image.rootPosterior)).toEqual(['image']);
    expectClose(image.rootPosterior.image, EXPECTED.rootPosterior.image, 1e-9);
    expect(image.pmi).toBeNull();
    const text = JSON.parse((await runMain(['exact', '--model', TOY, '--k', '2', '--text-leaves', '1,1,0,2'])).stdout);
    expect(Object.keys(text.rootPosterior)).toEqual(['text']);
    expect(text.pmi).toBeNull();
  });

  it('--out writes the same JSON as stdout', async () => {
    const args = ['exact', '--model', TOY, '--k', '2', '--encoder', 'text:root-map'];
    const stdout = (await runMain(args)).stdout;
    const file = join(dir, 'out.json');
    expect(await runMain([...args, '--out', file])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(stdout);
  });

  const bad: [string, string[], string][] = [
    ['too few image leaves', ['--image-leaves', '0,1,2'], '--image-leaves: the image tree has 4 leaves, got 3 values'],
    ['too many text leaves', ['--text-leaves', '0,1,2,0,1'], '--text-leaves: the text tree has 4 leaves, got 5 values'],
    ['leaf value = S', ['--image-leaves', '0,1,3,0'], '--image-leaves: leaf 2 must be an integer in 0..2 (got 3)'],
    ['negative leaf value', ['--text-leaves', '0,-1,0,0'], '--text-leaves: leaf 1 must be an integer in 0..2 (got -1)'],
    ['fractional leaf value', ['--image-leaves', '0,1.5,0,0'], '--image-leaves: expected an integer, got "1.5"'],
    ['non-numeric leaf value', ['--image-leaves', '0,a,0,0'], '--image-leaves: expected an integer, got "a"'],
    ['empty leaf list', ['--image-leaves', ''], '--image-leaves: expected a comma-separated list'],
    ['unknown encoder kind', ['--encoder', 'image:root-mean'], '--encoder: unknown encoder "image:root-mean"'],
    ['unknown modality', ['--encoder', 'audio:leaf:0'], '--encoder: "audio:leaf:0" must start with image: or text:'],
    ['encoder leaf out of range', ['--encoder', 'text:leaf:4'], '--encoder: "text:leaf:4": leaf index must be an integer in 0..3'],
    ['encoder leaf not a number', ['--encoder', 'image:leaf:x'], '--encoder: "image:leaf:x": leaf index'],
    ['duplicate encoder', ['--encoder', 'image:leaf:0', '--encoder', 'image:leaf:0'], '--encoder: "image:leaf:0" given more than once'],
    ['k = 1', ['--k', '1'], '--k: must be ≥ 2'],
    ['k not numeric', ['--k', '2,x'], '--k: expected an integer, got "x"'],
    ['duplicate k', ['--k', '2,2'], '--k: 2 given more than once'],
    ['k too expensive', ['--k', '5'], '--k: exact K=5 loss too large'],
    ['max-configurations below the toy', ['--max-configurations', '80'], '--max-configurations: enumeration too large'],
    ['max-configurations zero', ['--max-configurations', '0'], '--max-configurations: must be ≥ 1'],
    ['unknown flag', ['--leaves', '0,0,0,0'], 'unknown flag --leaves'],
  ];

  it.each(bad)('%s: one line naming the flag, exit 2, no --out file', async (_name, args, message) => {
    const file = join(dir, `bad-${_name.replace(/\W+/g, '_')}.json`);
    const r = await runMain(['exact', '--model', TOY, ...args, '--out', file]);
    expect(inputErrorLine(r, 'exact')).toContain(message);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses the paper preset (10^81 configurations) at once, naming --max-configurations', async () => {
    const t0 = Date.now();
    const r = await runMain(['exact', '--model', paper]);
    expect(inputErrorLine(r, 'exact')).toContain('--max-configurations: enumeration too large: the image tree has 10^81');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('--help lists every flag', async () => {
    const r = await runMain(['exact', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--model', '--image-leaves', '--text-leaves', '--encoder', '--k', '--max-configurations', '--out']) expect(r.stdout).toContain(f);
  });

  it('missing --model is reported', async () => {
    expect(inputErrorLine(await runMain(['exact', '--k', '2']), 'exact')).toContain('--model: required');
  });
});
