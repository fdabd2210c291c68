/** False-failure budgets: union-bound bookkeeping. Deterministic. */
import { describe, expect, it } from 'vitest';
import { Budget, splitFalseFailureBudget } from '../../../properties/statistics/index.js';

describe('splitFalseFailureBudget', () => {
  it('equal and weighted shares sum to the total', () => {
    const eq = splitFalseFailureBudget(1e-3, 7);
    expect(eq).toHaveLength(7);
    expect(eq.every((v) => v === 1e-3 / 7)).toBe(true);
    const w = splitFalseFailureBudget(1e-3, [1, 3]);
    expect(w[0]).toBeCloseTo(2.5e-4, 18);
    expect(w[1]).toBeCloseTo(7.5e-4, 18);
  });
  it('rejects bad totals and parts', () => {
    expect(() => splitFalseFailureBudget(0, 3)).toThrow(/splitFalseFailureBudget: total must be in \(0, 1\)/);
    expect(() => splitFalseFailureBudget(1e-3, 0)).toThrow(/splitFalseFailureBudget: parts/);
    expect(() => splitFalseFailureBudget(1e-3, [1, -1])).toThrow(/splitFalseFailureBudget: parts\[1\]/);
  });
});

describe('Budget', () => {
  it('records spending, spends k equal shares exactly, and refuses to overspend', () => {
    const b = new Budget(1e-3, 'quick tier');
    const shares = splitFalseFailureBudget(1e-3, 10);
    shares.forEach((s, i) => expect(b.spend(`claim-${i}`, s)).toBe(s));
    expect(b.spent).toBeCloseTo(1e-3, 18);
    expect(b.entries).toHaveLength(10);
    expect(() => b.spend('one-more', 1e-9)).toThrow(/Budget\(quick tier\)\.spend: 'one-more' asks for 1e-9 but only/);
    expect(b.entries).toHaveLength(10);
  });
  it('share(k) divides what is left; labels are unique; summary lists the ledger', () => {
    const b = new Budget(1e-3);
    b.spend('a', 4e-4);
    expect(b.remaining).toBeCloseTo(6e-4, 18);
    expect(b.share(3)).toBeCloseTo(2e-4, 18);
    expect(() => b.spend('a', 1e-5)).toThrow(/label 'a' already spent budget/);
    expect(() => b.spend('b', 7e-4)).toThrow(RangeError);
    expect(b.summary()).toBe('budget: spent 0.0004 of 0.001 false-failure budget on 1 assertion(s) (a=0.0004)');
  });
  it('rejects invalid rates and totals', () => {
    expect(() => new Budget(1.5)).toThrow(/Budget: total must be in \(0, 1\)/);
    const b = new Budget(1e-3);
    expect(() => b.spend('x', 0)).toThrow(/spend: rate must be in \(0, 1\)/);
    expect(() => b.spend('', 1e-4)).toThrow(/label must be a non-empty string/);
    expect(() => b.share(0)).toThrow(/share: k/);
  });
});
