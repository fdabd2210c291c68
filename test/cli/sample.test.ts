/**
 * `clip-theory sample`: the files hold exactly samplePairs(model, n, Rng.fromSeed(seed).split('sample')) in the
 * documented layout (checked with the reader twin and with numpy when installed), the directory is replaced
 * atomically, and bad input leaves earlier output intact.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceToyPath } from '../../properties/data/reference-toys.js';
import { decodeNpy } from '../../cli/npy.js';
import { loadModel } from '../../cli/model-input.js';
import { Rng } from '../../theory/random.js';
import { samplePairs } from '../../theory/sampling.js';
import { inputErrorLine, runMain, snapshot, tempDir } from './run-cli.js';

const TOY = referenceToyPath('toy-jghm');
const HAS_NUMPY = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

function rowsOf(data: ArrayLike<number>, n: number, width: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: width }, (_, t) => data[i * width + t]));
}

describe('sample', () => {
  let dir: string;
  let big: string; // a model with S = 300 > 256 states (uint16 leaves)
  beforeAll(async () => {
    dir = tempDir('sample');
    big = join(dir, 'big.json');
    const r = await runMain(['generate', '--states', '300', '--branching', '2', '--p', '0.5', '--seed', '3', '--out', big]);
    expect(r.code).toBe(0);
  });

  it('npy: image/text/roots equal samplePairs on the split("sample") stream', async () => {
    const out = join(dir, 'npy');
    const r = await runMain(['sample', '--model', TOY, '--n', '50', '--seed', '7', '--out', out]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(out).sort()).toEqual(['image.npy', 'meta.json', 'roots.npy', 'text.npy']);
    const want = samplePairs(loadModel(TOY), 50, Rng.fromSeed(7).split('sample'));
    const image = decodeNpy(readFileSync(join(out, 'image.npy')));
    const text = decodeNpy(readFileSync(join(out, 'text.npy')));
    const roots = decodeNpy(readFileSync(join(out, 'roots.npy')));
    expect([image.descr, image.shape]).toEqual(['|u1', [50, 4]]);
    expect([text.descr, text.shape]).toEqual(['|u1', [50, 4]]);
    expect([roots.descr, roots.shape]).toEqual(['<i4', [50]]);
    expect(Array.from(image.data)).toEqual(Array.from(want.image.data));
    expect(Array.from(text.data)).toEqual(Array.from(want.text.data));
    expect(Array.from(roots.data)).toEqual(Array.from(want.roots));
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ format: 'jghm-samples-meta/v1', model: TOY, n: 50, seed: 7, states: 3, leaves: { image: 4, text: 4 }, sampleFormat: 'npy' });
    expect(meta.stream).toBe("Rng.fromSeed(7).split('sample')");
    expect(meta.modelSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('json: samples.json holds the same draws; re-running replaces the directory wholesale', async () => {
    const out = join(dir, 'json');
    expect((await runMain(['sample', '--model', TOY, '--n', '3', '--seed', '7', '--out', out])).code).toBe(0);
    const r = await runMain(['sample', '--model', TOY, '--n', '20', '--seed', '7', '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['meta.json', 'samples.json']);
    const s = JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8'));
    const want = samplePairs(loadModel(TOY), 20, Rng.fromSeed(7).split('sample'));
    expect(s).toEqual({
      format: 'jghm-samples/v1',
      seed: 7,
      n: 20,
      image: rowsOf(want.image.data, 20, 4),
      text: rowsOf(want.text.data, 20, 4),
      roots: Array.from(want.roots),
    });
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('S > 256 gives uint16 (<u2) leaves', async () => {
    const out = join(dir, 'big-out');
    expect((await runMain(['sample', '--model', big, '--n', '6', '--seed', '1', '--out', out])).code).toBe(0);
    const image = decodeNpy(readFileSync(join(out, 'image.npy')));
    expect([image.descr, image.shape]).toEqual(['<u2', [6, 2]]);
    const want = samplePairs(loadModel(big), 6, Rng.fromSeed(1).split('sample'));
    expect(Array.from(image.data)).toEqual(Array.from(want.image.data));
    expect(Math.max(...Array.from(want.image.data))).toBeGreaterThan(0);
  });

  it.runIf(HAS_NUMPY)('numpy loads the arrays with the documented dtypes and shapes', async () => {
    const small = join(dir, 'npy-small');
    const wide = join(dir, 'npy-wide');
    expect((await runMain(['sample', '--model', TOY, '--n', '9', '--seed', '2', '--out', small])).code).toBe(0);
    expect((await runMain(['sample', '--model', big, '--n', '4', '--seed', '2', '--out', wide])).code).toBe(0);
    const script = [
      'import json, sys, numpy as np',
      'out = {}',
      'for d in sys.argv[1:]:',
      '    for f in ["image", "text", "roots"]:',
      '        a = np.load(d + "/" + f + ".npy", allow_pickle=False)',
      '        out[d + ":" + f] = [str(a.dtype), list(a.shape), a.ravel().tolist()]',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, small, wide], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as Record<string, [string, number[], number[]]>;
    const a = samplePairs(loadModel(TOY), 9, Rng.fromSeed(2).split('sample'));
    const b = samplePairs(loadModel(big), 4, Rng.fromSeed(2).split('sample'));
    expect(got[`${small}:image`]).toEqual(['uint8', [9, 4], Array.from(a.image.data)]);
    expect(got[`${small}:text`]).toEqual(['uint8', [9, 4], Array.from(a.text.data)]);
    expect(got[`${small}:roots`]).toEqual(['int32', [9], Array.from(a.roots)]);
    expect(got[`${wide}:image`]).toEqual(['uint16', [4, 2], Array.from(b.image.data)]);
    expect(got[`${wide}:text`]).toEqual(['uint16', [4, 2], Array.from(b.text.data)]);
    expect(got[`${wide}:roots`]).toEqual(['int32', [4], Array.from(b.roots)]);
  });

  const bad: [string, string[], string][] = [
    ['n = 0', ['--n', '0', '--seed', '1'], '--n: must be ≥ 1'],
    ['n negative', ['--n', '-3', '--seed', '1'], '--n: must be ≥ 1'],
    ['n not numeric', ['--n', 'ten', '--seed', '1'], '--n: expected an integer, got "ten"'],
    ['n fractional', ['--n', '2.5', '--seed', '1'], '--n: expected an integer'],
    ['missing --n', ['--seed', '1'], '--n: required'],
    ['missing --seed', ['--n', '5'], '--seed: required'],
    ['bad format', ['--n', '5', '--seed', '1', '--format', 'csv'], '--format: must be one of npy, json'],
    ['unknown flag', ['--n', '5', '--seed', '1', '--samples', '5'], 'unknown flag --samples'],
    ['json too large', ['--n', '3000000', '--seed', '1', '--format', 'json'], '--n: 3000000 pairs make'],
  ];

  it.each(bad)('%s: one line naming the flag, earlier output intact', async (_name, args, message) => {
    const out = join(dir, 'keep');
    if (!existsSync(out)) expect((await runMain(['sample', '--model', TOY, '--n', '2', '--seed', '1', '--out', out])).code).toBe(0);
    const before = snapshot(out);
    const r = await runMain(['sample', '--model', TOY, ...args, '--out', out]);
    expect(inputErrorLine(r, 'sample')).toContain(message);
    expect(snapshot(out)).toEqual(before);
    const fresh = join(dir, `never-${_name.replace(/\W+/g, '_')}`);
    inputErrorLine(await runMain(['sample', '--model', TOY, ...args, '--out', fresh]), 'sample');
    expect(existsSync(fresh)).toBe(false);
  });

  it('--help lists every flag', async () => {
    const r = await runMain(['sample', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--model', '--n', '--seed', '--format', '--out']) expect(r.stdout).toContain(f);
  });

  it('missing --model and --out are reported', async () => {
    expect(inputErrorLine(await runMain(['sample', '--n', '5', '--seed', '1', '--out', join(dir, 'x')]), 'sample')).toContain('--model: required');
    expect(inputErrorLine(await runMain(['sample', '--model', TOY, '--n', '5', '--seed', '1']), 'sample')).toContain('--out: required');
  });

  it('refuses to replace a file or a directory that is not an earlier sample output', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'data');
    expect(inputErrorLine(await runMain(['sample', '--model', TOY, '--n', '2', '--seed', '1', '--out', file]), 'sample')).toContain('not a directory');
    expect(readFileSync(file, 'utf8')).toBe('data');
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    expect(inputErrorLine(await runMain(['sample', '--model', TOY, '--n', '2', '--seed', '1', '--out', other]), 'sample')).toContain('refusing to replace it');
    expect(snapshot(other)).toEqual({ 'notes.txt': Buffer.from('mine').toString('base64') });
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect((await runMain(['sample', '--model', TOY, '--n', '2', '--seed', '1', '--out', empty])).code).toBe(0);
    expect(readdirSync(empty)).toHaveLength(4);
  });
});
