/** Splitting statements at top-level conjunctions, for one condition per line in the HTML report. */
import { describe, expect, it } from 'vitest';
import { splitConjuncts } from '../../reports/split-conjuncts.js';

describe('splitConjuncts', () => {
  it('splits at top-level \\wedge only', () => {
    expect(splitConjuncts('{R^2}\\geq{R^2_{\\min}}\\wedge\\left|{\\hat a}-{\\mathrm{CE}(\\infty)}\\right|\\leq{\\tau_a}+{\\delta_a}')).toEqual([
      '{R^2}\\geq{R^2_{\\min}}',
      '\\left|{\\hat a}-{\\mathrm{CE}(\\infty)}\\right|\\leq{\\tau_a}+{\\delta_a}',
    ]);
  });
  it('keeps conjunctions inside braces, \\left…\\right and environments', () => {
    expect(splitConjuncts('{a\\wedge b}\\leq c')).toEqual(['{a\\wedge b}\\leq c']);
    expect(splitConjuncts('x\\wedge\\left(a\\wedge b\\right)')).toEqual(['x', '\\left(a\\wedge b\\right)']);
    expect(splitConjuncts('\\begin{cases}a\\wedge b\\end{cases}')).toEqual(['\\begin{cases}a\\wedge b\\end{cases}']);
  });
  it('does not split when a lower-precedence connective sits at the top level (planted: A ∨ B ∧ C)', () => {
    expect(splitConjuncts('A\\vee B\\wedge C')).toEqual(['A\\vee B\\wedge C']);
    expect(splitConjuncts('A\\wedge\\left(B\\vee C\\right)')).toEqual(['A', '\\left(B\\vee C\\right)']);
  });
  it('does not mistake longer command names or escaped braces', () => {
    expect(splitConjuncts('a\\wedgeq b')).toEqual(['a\\wedgeq b']);
    expect(splitConjuncts('\\{a\\}\\wedge b')).toEqual(['\\{a\\}', 'b']);
  });
  it('returns unbalanced or degenerate input whole', () => {
    expect(splitConjuncts('{a\\wedge b')).toEqual(['{a\\wedge b']);
    expect(splitConjuncts('\\wedge b')).toEqual(['\\wedge b']);
    expect(splitConjuncts('a \\le b')).toEqual(['a \\le b']);
  });
});
