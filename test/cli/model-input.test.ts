/**
 * Bad `--model` files through the CLI: every case gives exit code 2, one stderr line naming --model and the offending
 * field, no stack trace, and no output (a `sample --out DIR` target keeps its previous contents; an `exact --out FILE`
 * target is not created).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceToyPath } from '../../properties/data/reference-toys.js';
import { fieldPath, loadModel, valueAtField } from '../../cli/model-input.js';
import { inputErrorLine, runMain, snapshot, tempDir } from './run-cli.js';

const TOY = referenceToyPath('toy-jghm');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function toy(): Json {
  return JSON.parse(readFileSync(TOY, 'utf8')) as Json;
}

/** name → [file text, substrings the error line must contain]. */
function cases(): [string, string, string[]][] {
  const list: [string, string, string[]][] = [];
  const add = (name: string, mutate: (m: Json) => void, expected: string[]): void => {
    const m = toy();
    mutate(m);
    list.push([name, JSON.stringify(m), expected]);
  };
  list.push(['malformed JSON', '{"format": "jghm/v1", "states": 3,', ['malformed JSON']]);
  list.push(['not an object', '[1, 2, 3]', ['(root)', 'JSON object']]);
  add('wrong format tag', (m) => (m.format = 'jghm/v2'), ['format', 'jghm/v1', 'jghm/v2']);
  add('missing format tag', (m) => delete m.format, ['format']);
  add('row sums to 1 + 2e-9', (m) => (m.trees.image.kernels[1][0][2][0] += 2e-9), ['trees.image.kernels[1][0][2]', 'sum to 1']);
  add('row sums to 0.9', (m) => (m.trees.text.kernels[0][1][0] = [0.5, 0.3, 0.1]), ['trees.text.kernels[0][1][0]', 'sum to 1']);
  add('negative entry', (m) => (m.trees.image.kernels[0][0][1] = [1.1, -0.1, 0]), ['trees.image.kernels[0][0][1][1]', 'non-negative']);
  add('"NaN" string entry', (m) => (m.trees.image.kernels[0][1][2][0] = 'NaN'), ['trees.image.kernels[0][1][2][0]', 'not a number', '"NaN"']);
  add('null entry (NaN written by JSON.stringify)', (m) => (m.trees.text.kernels[1][1][0][2] = null), ['trees.text.kernels[1][1][0][2]', 'not a number', 'null']);
  add('"NaN" in the root prior', (m) => (m.rootPrior[1] = 'NaN'), ['rootPrior[1]', 'not a number']);
  add('root prior does not sum to 1', (m) => (m.rootPrior = [0.5, 0.3, 0.3]), ['rootPrior', 'sum to 1']);
  add('root prior of the wrong length', (m) => (m.rootPrior = [0.5, 0.5]), ['rootPrior', '3']);
  add('row of the wrong length', (m) => (m.trees.image.kernels[0][0][0] = [0.5, 0.5]), ['trees.image.kernels[0][0][0]', 'row of 3']);
  add('kernel count wrong for the branching', (m) => m.trees.image.kernels[1].pop(), ['trees.image.kernels[1]', 'needs 2 kernels']);
  add('layer count wrong', (m) => m.trees.text.kernels.pop(), ['trees.text.kernels', '2 layers']);
  add('branching < 1', (m) => (m.trees.image.branching = [0, 2]), ['trees.image.branching[0]', '≥ 1']);
  add('branching not an integer', (m) => (m.trees.text.branching = [2, 1.5]), ['trees.text.branching[1]']);
  add('states < 2', (m) => (m.states = 1), ['states', '≥ 2']);
  add('states not a number', (m) => (m.states = '3'), ['states', 'not a number']);
  add('missing text tree', (m) => delete m.trees.text, ['trees.text', 'missing']);
  add('both kernels and edgeKernels', (m) => (m.trees.image.edgeKernels = []), ['trees.image', 'exactly one']);
  return list;
}

describe('loading --model', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('model-input');
  });

  it('accepts the golden toy and a row sum off by 5e-10 (inside the 1e-9 tolerance)', () => {
    expect(loadModel(TOY).states).toBe(3);
    const m = toy();
    m.trees.image.kernels[1][0][2][0] += 5e-10;
    const f = join(dir, 'near.json');
    writeFileSync(f, JSON.stringify(m));
    expect(loadModel(f).image.leaves).toBe(4);
  });

  it('resolves error fields to JSON values', () => {
    expect(fieldPath('trees.image.kernels[1][0][2]')).toEqual(['trees', 'image', 'kernels', 1, 0, 2]);
    expect(valueAtField(toy(), 'rootPrior[2]')).toBe(0.2);
    expect(valueAtField(toy(), 'trees.nope[3]')).toBeUndefined();
  });

  it('a missing file: one line naming --model and the path, no output directory', async () => {
    const out = join(dir, 'never');
    const r = await runMain(['sample', '--model', join(dir, 'missing.json'), '--n', '3', '--seed', '1', '--out', out]);
    const line = inputErrorLine(r, 'sample');
    expect(line).toContain('--model');
    expect(line).toContain('missing.json');
    expect(line).toContain('no such file');
    expect(existsSync(out)).toBe(false);
  });

  it.each(cases())('%s: exit 2, one line naming the field; earlier output intact', async (name, text, expected) => {
    const f = join(dir, `${name.replace(/\W+/g, '_')}.json`);
    writeFileSync(f, text);
    // `sample` over an earlier output: that output must survive the failed run byte for byte.
    const out = join(dir, `out-${name.replace(/\W+/g, '_')}`);
    expect((await runMain(['sample', '--model', TOY, '--n', '4', '--seed', '2', '--out', out])).code).toBe(0);
    const before = snapshot(out);
    const r = await runMain(['sample', '--model', f, '--n', '4', '--seed', '2', '--out', out]);
    const line = inputErrorLine(r, 'sample');
    expect(line).toContain(`--model ${f}`);
    for (const s of expected) expect(line).toContain(s);
    expect(snapshot(out)).toEqual(before);
    // `exact --out FILE`: the file is never created.
    const file = join(dir, `exact-${name.replace(/\W+/g, '_')}.json`);
    const r2 = await runMain(['exact', '--model', f, '--k', '2', '--out', file]);
    expect(inputErrorLine(r2, 'exact')).toBe(line.replace('clip-theory sample:', 'clip-theory exact:'));
    expect(existsSync(file)).toBe(false);
  });

  it('failed runs leave no staging or temporary files behind', () => {
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
