/**
 * The real program (`node --import tsx cli/main.ts`, as `npm run cli` and the installed bin run it): exit codes 0 / 2,
 * exactly one stderr line without a stack trace for bad input, stdin models, and files on disk. The other CLI tests
 * call `main(argv)` in-process; these few subprocess runs (~0.5–1 s each) prove the process-level behaviour.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceExpected, referenceToyPath } from '../../properties/data/reference-toys.js';
import { decodeNpy } from '../../cli/npy.js';
import { inputErrorLine, runProcess, runProcessAsync, tempDir } from './run-cli.js';

const TOY = referenceToyPath('toy-jghm');
const EXPECTED = loadReferenceExpected('toy-jghm');

describe('the CLI as a process', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('subprocess');
  });

  it('exact --model - reads the model from stdin', () => {
    const r = runProcess(['exact', '--model', '-', '--k', '2'], readFileSync(TOY, 'utf8'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(Math.abs(got.mutualInformation - EXPECTED.mutualInformation)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(got.bayesClipLoss['2'] - EXPECTED.bayesClipLoss['2'])).toBeLessThanOrEqual(1e-9);
  });

  it('sample writes the npy directory', () => {
    const out = join(dir, 'samples');
    const r = runProcess(['sample', '--model', TOY, '--n', '10', '--seed', '4', '--out', out]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(decodeNpy(readFileSync(join(out, 'image.npy'))).shape).toEqual([10, 4]);
  });

  it('bad input: exit 2, one line on stderr, no stack trace, no output', async () => {
    const bad = JSON.parse(readFileSync(TOY, 'utf8'));
    bad.trees.image.kernels[0][0][0][0] = 'NaN';
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify(bad));
    const out = join(dir, 'never');
    const cases: [string[], string][] = [
      [['exact', '--model', join(dir, 'missing.json')], '--model: cannot read'],
      [['exact', '--model', badFile, '--out', out], 'trees.image.kernels[0][0][0][0]: must be a number; got the string "NaN", which is not a number'],
      [['generate', '--preset', 'small', '--p', '0.2', '--seed', '1', '--bogus'], 'unknown flag --bogus'],
    ];
    const results = await Promise.all(cases.map(([argv]) => runProcessAsync(argv)));
    results.forEach((r, i) => expect(inputErrorLine(r, cases[i][0][0])).toContain(cases[i][1]));
    expect(existsSync(out)).toBe(false);
  });
});
