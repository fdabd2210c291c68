/** Word wrapping of axis titles. */
import { describe, expect, it } from 'vitest';
import { charsThatFit, wrapLabel } from '../../reports/wrap-label.js';

describe('wrapLabel', () => {
  it('breaks at spaces, keeping every line within the limit and every word', () => {
    const text = 'CLIP risk (K = 4, sum of both directions)';
    const lines = wrapLabel(text, 27);
    expect(lines).toEqual(['CLIP risk (K = 4, sum of', 'both directions)']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(27);
    expect(lines.join(' ')).toBe(text);
  });
  it('leaves a short label on one line and cuts a word longer than the limit', () => {
    expect(wrapLabel('risk', 27)).toEqual(['risk']);
    expect(wrapLabel('abcdefgh ij', 3)).toEqual(['abc', 'def', 'gh', 'ij']);
    expect(wrapLabel('', 5)).toEqual(['']);
  });
  it('counts characters, not UTF-16 units', () => {
    expect(wrapLabel('𝔼𝔼𝔼 x', 3)).toEqual(['𝔼𝔼𝔼', 'x']);
  });
  it('refuses a non-positive limit', () => {
    expect(() => wrapLabel('a', 0)).toThrow('wrapLabel: maxChars');
  });
});

describe('charsThatFit', () => {
  it('uses Vega\'s Node estimate of 0.8 × font size per character', () => {
    expect(charsThatFit(260, 12)).toBe(27);
    expect(charsThatFit(1, 12)).toBe(1);
  });
});
