import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NumpyLegacyRandom } from '../../theory/numpy-legacy-random.js';
import { generateAuthorsJghm } from '../../theory/generators.js';

// Values printed by NumPy 2.4 (`np.random.seed(42)` then the calls below, in order).
describe('NumPy legacy RandomState port', () => {
  it('reproduces np.random.seed(42) streams: permutation, normal, random_sample', () => {
    const r = new NumpyLegacyRandom(42);
    expect(Array.from(r.permutation(10))).toEqual([8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
    const z = r.normal(0, 1, 6);
    const expected = [0.2790412922001377, 1.0105152848065264, -0.580878134023515, -0.5251698071781478, -0.5713801657541415, -0.9240828377471049];
    expected.forEach((v, i) => expect(Math.abs(z[i] - v)).toBeLessThan(1e-15));
    expect(r.randomSample()).toBe(0.5247564316322378);
    expect(Array.from(r.permutation(7))).toEqual([1, 4, 6, 2, 5, 0, 3]);
  });

  it("reproduces the authors' seed-42 kernels (text tree drawn first)", () => {
    const m = generateAuthorsJghm({ p: 0.2 });
    const textRow = [0.023350939605377957, 0.0485265570425609, 0.00988202842775926, 0.010448162482833385, 0.0099763347705711, 0.0070112296083464955, 0.00129569459541068, 0.04569393672796339, 0.8399664763758337, 0.003848640363343179];
    const imageRow = [0.035574471677268994, 0.007296231838115872, 0.019756256305421896, 0.01699073353241302, 0.8253386345697249, 0.013978150587602017, 0.017735171730957424, 0.04620414619116203, 0.013069197554636914, 0.004057006012696951];
    textRow.forEach((v, i) => expect(Math.abs(m.text.kernels[0][i] - v)).toBeLessThan(1e-15));
    imageRow.forEach((v, i) => expect(Math.abs(m.image.kernels[3][2 * 100 + 90 + i] - v)).toBeLessThan(1e-15));
  });

  const py = spawnSync('python3', ['-c', 'import numpy as np; np.random.seed(123); print(list(np.random.permutation(13)), list(np.random.normal(0, 2.5, 5)))'], { encoding: 'utf8' });
  it.skipIf(py.status !== 0)('matches live NumPy (skipped when python3 + numpy are not installed; the constants above still hold)', () => {
    const r = new NumpyLegacyRandom(123);
    const perm = Array.from(r.permutation(13));
    const nums = Array.from(r.normal(0, 2.5, 5));
    const [p, n] = py.stdout.trim().replace(/np\.(int64|float64)\(([^)]*)\)/g, '$2').split('] [');
    expect(perm).toEqual(JSON.parse(`${p}]`));
    JSON.parse(`[${n}`).forEach((v: number, i: number) => expect(Math.abs(nums[i] - v)).toBeLessThan(1e-14));
  });

  it('rejects bad seeds', () => {
    expect(() => new NumpyLegacyRandom(-1)).toThrow(/seed/);
  });
});
