/** Number formatting used by every report: deterministic and compact. */
import { describe, expect, it } from 'vitest';
import { formatDuration, formatInterval, formatNumber, formatRate } from '../../reports/format-number.js';

describe('formatNumber', () => {
  it('prints integers in full and other numbers with significant digits', () => {
    expect(formatNumber(10000)).toBe('10000');
    expect(formatNumber(0.0123)).toBe('0.0123');
    expect(formatNumber(0.012345678, 6)).toBe('0.0123457');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(-1 / 3)).toBe('-0.3333');
    expect(formatNumber(0)).toBe('0');
  });
  it('switches to scientific notation outside [1e-3, 1e6)', () => {
    expect(formatNumber(1e-4)).toBe('1e-4');
    expect(formatNumber(2.5e-4, 3)).toBe('2.5e-4');
    expect(formatNumber(1234567.5)).toBe('1.235e6');
    expect(formatNumber(-3.2e-12)).toBe('-3.2e-12');
  });
  it('prints non-finite values', () => {
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
  it('formats intervals, rates and durations', () => {
    expect(formatInterval([0.0101, 0.0145])).toBe('[0.0101, 0.0145]');
    expect(formatRate(0.05)).toBe('0.05');
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(12345)).toBe('12.3 s');
    expect(formatDuration(59_949)).toBe('59.9 s');
    expect(formatDuration(59_950)).toBe('1m00s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_900_000)).toBe('1h05m');
    expect(formatDuration(Infinity)).toBe('?');
    expect(formatDuration(NaN)).toBe('?');
  });
});
