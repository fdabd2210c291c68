/**
 * `clip-theory generate`: the output is exactly the library generator's model (jghm/v1, round-trips through the
 * parser), deterministic in its flags, written atomically with --out; bad flags give one line and no file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAuthorsJghm, generateDirichletJghm, generatePaperJghm, generatePreset } from '../../theory/generators.js';
import { jghmToJson, parseJghmText } from '../../theory/model-format.js';
import { inputErrorLine, runMain, tempDir } from './run-cli.js';

async function generate(args: string[]): Promise<string> {
  const r = await runMain(['generate', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('generate', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('generate');
  });

  it('--preset small equals generatePreset and round-trips through the parser', async () => {
    const text = await generate(['--preset', 'small', '--p', '0.2', '--seed', '1']);
    expect(text.endsWith('\n')).toBe(true);
    const expected = jghmToJson(generatePreset('small', { p: 0.2, seed: 1 }));
    expect(JSON.parse(text)).toEqual(expected);
    expect(jghmToJson(parseJghmText(text))).toEqual(expected);
  });

  it('--preset paper with --per-edge, --p-text and --flip-scale passes every option through', async () => {
    const text = await generate(['--preset', 'paper', '--p', '0.1', '--p-text', '0.3', '--flip-scale', '2', '--per-edge', '--seed', '5']);
    const expected = jghmToJson(generatePreset('paper', { p: 0.1, pText: 0.3, flipScale: 2, perEdge: true, seed: 5 }));
    expect(JSON.parse(text)).toEqual(expected);
    expect(expected.trees.image.edgeKernels?.[3].length).toBe(81);
  });

  it("--authors gives the authors' exact kernels (NumPy seed = --seed) for the paper preset or a uniform custom shape", async () => {
    const text = await generate(['--preset', 'paper', '--authors', '--p', '0.2', '--seed', '42']);
    expect(JSON.parse(text)).toEqual(jghmToJson(generateAuthorsJghm({ p: 0.2 })));
    const custom = await generate(['--states', '4', '--branching', '2,2,2', '--authors', '--p', '0.2', '--seed', '42']);
    expect(JSON.parse(custom)).toEqual(jghmToJson(generateAuthorsJghm({ p: 0.2, states: 4, depth: 3, children: 2 })));
    const uneven = await runMain(['generate', '--states', '4', '--branching', '2,3', '--authors', '--p', '0.2', '--seed', '42']);
    expect(uneven.code).toBe(2);
    expect(inputErrorLine(uneven, 'generate')).toMatch(/--branching/);
    const bad = await runMain(['generate', '--preset', 'small', '--authors', '--p', '0.2', '--seed', '42']);
    expect(bad.code).toBe(2);
    expect(inputErrorLine(bad, 'generate')).toMatch(/--authors/);
  });

  it('custom shapes: --states/--branching/--text-branching, and --dirichlet', async () => {
    const paper = await generate(['--states', '4', '--branching', '2,3', '--text-branching', '3', '--p', '0.4', '--seed', '9', '--name', 'mine']);
    expect(JSON.parse(paper)).toEqual(
      jghmToJson(generatePaperJghm({ states: 4, imageBranching: [2, 3], textBranching: [3], p: 0.4, seed: 9, name: 'mine' })),
    );
    const dir = await generate(['--states', '3', '--branching', '2,2', '--dirichlet', '0.5', '--seed', '4', '--name', 'd']);
    expect(JSON.parse(dir)).toEqual(jghmToJson(generateDirichletJghm({ states: 3, imageBranching: [2, 2], alpha: 0.5, seed: 4, name: 'd' })));
  });

  it('is deterministic in its flags; the seed matters; --out writes the same bytes atomically', async () => {
    const a = await generate(['--preset', 'small', '--p', '0.2', '--seed', '1']);
    expect(await generate(['--seed', '1', '--p', '0.2', '--preset', 'small'])).toBe(a);
    expect(await generate(['--preset', 'small', '--p', '0.2', '--seed', '2'])).not.toBe(a);
    const file = join(dir, 'sub', 'model.json');
    const r = await runMain(['generate', '--preset', 'small', '--p', '0.2', '--seed', '1', '--out', file]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(a);
  });

  it('prints help with every flag', async () => {
    const r = await runMain(['generate', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--preset', '--states', '--branching', '--p', '--p-text', '--flip-scale', '--per-edge', '--dirichlet', '--seed', '--out']) {
      expect(r.stdout).toContain(f);
    }
  });

  const bad: [string, string[], string][] = [
    ['missing --seed', ['--preset', 'small', '--p', '0.2'], '--seed: required'],
    ['missing --p', ['--preset', 'small', '--seed', '1'], '--p: required'],
    ['missing shape', ['--p', '0.2', '--seed', '1'], '--preset: required'],
    ['--states without --branching', ['--states', '3', '--p', '0.2', '--seed', '1'], '--branching: required'],
    ['unknown preset', ['--preset', 'huge', '--p', '0.2', '--seed', '1'], '--preset: must be one of paper, small'],
    ['p above 1', ['--preset', 'small', '--p', '1.5', '--seed', '1'], '--p: must be ≤ 1'],
    ['p not numeric', ['--preset', 'small', '--p', 'abc', '--seed', '1'], '--p: expected a number, got "abc"'],
    ['p-text negative', ['--preset', 'small', '--p', '0.1', '--p-text', '-0.1', '--seed', '1'], '--p-text: must be ≥ 0'],
    ['negative seed', ['--preset', 'small', '--p', '0.2', '--seed', '-1'], '--seed: must be ≥ 0'],
    ['fractional seed', ['--preset', 'small', '--p', '0.2', '--seed', '1.5'], '--seed: expected an integer'],
    ['unsafe seed', ['--preset', 'small', '--p', '0.2', '--seed', '1e20'], '--seed: must be a safe integer'],
    ['unknown flag', ['--preset', 'small', '--p', '0.2', '--seed', '1', '--bogus', '3'], 'unknown flag --bogus'],
    ['states < 2', ['--states', '1', '--branching', '2', '--p', '0.2', '--seed', '1'], '--states: must be ≥ 2'],
    ['branching < 1', ['--states', '3', '--branching', '2,0', '--p', '0.2', '--seed', '1'], '--branching: must be ≥ 1'],
    ['preset with --states', ['--preset', 'small', '--states', '4', '--p', '0.2', '--seed', '1'], '--states: cannot be combined with --preset'],
    ['dirichlet with --p', ['--preset', 'small', '--dirichlet', '1', '--p', '0.2', '--seed', '1'], '--p: cannot be combined with --dirichlet'],
    ['dirichlet alpha 0', ['--preset', 'small', '--dirichlet', '0', '--seed', '1'], '--dirichlet: ALPHA must be > 0'],
    ['flip-scale not numeric', ['--preset', 'small', '--p', '0.2', '--flip-scale', 'NaN', '--seed', '1'], '--flip-scale: expected a number'],
    ['model too large', ['--states', '10', '--branching', '100,100,100', '--per-edge', '--p', '0.2', '--seed', '1'], '--branching: the model would be too large: ≈2.22·10^8 cells (S = 10; image: 1 010 100 nodes, 1 010 100 kernels; text: 1 010 100 nodes, 1 010 100 kernels), above the limit of 20000000 cells (raise it with --max-cells)'],
  ];

  it.each(bad)('%s: one line naming the flag, exit 2, --out not created', async (_name, args, message) => {
    const file = join(dir, `bad-${_name.replace(/\W+/g, '_')}.json`);
    const r = await runMain(['generate', ...args, '--out', file]);
    expect(inputErrorLine(r, 'generate')).toContain(message);
    expect(existsSync(file)).toBe(false);
  });

  it('a failed run leaves an existing --out file intact', async () => {
    const file = join(dir, 'keep.json');
    writeFileSync(file, 'previous contents');
    const r = await runMain(['generate', '--preset', 'small', '--p', '2', '--seed', '1', '--out', file]);
    inputErrorLine(r, 'generate');
    expect(readFileSync(file, 'utf8')).toBe('previous contents');
  });
});
