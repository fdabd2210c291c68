/**
 * Exact binomial tails, by direct summation of the probability mass function in log space. Used to size the
 * slack of "observed frequency ≤ rate" checks (how many failures out of N runs a calibrated test may show before the
 * check itself fails, at a stated probability) and for Bernoulli-rate claims. Relative accuracy ~1e-10 for
 * n ≤ 1e6 (limited by ln Γ of large arguments).
 */
import { logGamma } from './gamma-functions.js';
import { checkInteger, checkRate } from './validate.js';

function checkP(p: number, where: string): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${where}: p must be in [0, 1], got ${String(p)}`);
}

/** ln P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
function logPmf(k: number, n: number, p: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  checkInteger(n, 'n', 'binomialPmf');
  checkP(p, 'binomialPmf');
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logPmf(k, n, p));
}

/** P(X ≥ k) for X ~ Binomial(n, p) (k may be any integer; k ≤ 0 gives 1, k > n gives 0). */
export function binomialTailAtLeast(k: number, n: number, p: number): number {
  checkInteger(n, 'n', 'binomialTailAtLeast');
  checkP(p, 'binomialTailAtLeast');
  if (!Number.isInteger(k)) throw new RangeError(`binomialTailAtLeast: k must be an integer, got ${String(k)}`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const mode = Math.floor((n + 1) * p);
  let sum = 0;
  for (let j = k; j <= n; j++) {
    const term = Math.exp(logPmf(j, n, p));
    sum += term;
    if (j > mode && term <= sum * 1e-17) break;
  }
  return Math.min(1, sum);
}

/** P(X ≤ k) for X ~ Binomial(n, p) (k < 0 gives 0, k ≥ n gives 1). */
export function binomialTailAtMost(k: number, n: number, p: number): number {
  checkInteger(n, 'n', 'binomialTailAtMost');
  checkP(p, 'binomialTailAtMost');
  if (!Number.isInteger(k)) throw new RangeError(`binomialTailAtMost: k must be an integer, got ${String(k)}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  const mode = Math.floor((n + 1) * p);
  let sum = 0;
  for (let j = k; j >= 0; j--) {
    const term = Math.exp(logPmf(j, n, p));
    sum += term;
    if (j < mode && term <= sum * 1e-17) break;
  }
  return Math.min(1, sum);
}

/**
 * The smallest count k with P(X ≥ k) ≤ rate for X ~ Binomial(n, p): if a procedure fails with probability ≤ p per
 * run, then over n independent runs "observed failures < k" holds except with probability ≤ rate (the tail is
 * increasing in p, so the bound holds for every true failure probability ≤ p). Returns n + 1 when even k = n is
 * too likely (the check can then never fail).
 */
export function binomialUpperCriticalCount(n: number, p: number, rate: number): number {
  checkInteger(n, 'n', 'binomialUpperCriticalCount', 1);
  checkP(p, 'binomialUpperCriticalCount');
  checkRate(rate, 'rate', 'binomialUpperCriticalCount');
  if (p === 0) return 1;
  if (p === 1) return n + 1;
  let tail = 0;
  for (let k = n; k >= 0; k--) {
    tail += Math.exp(logPmf(k, n, p));
    if (tail > rate) return k + 1;
  }
  return 0;
}

/**
 * The largest count k with P(X ≤ k) ≤ rate for X ~ Binomial(n, p): observed counts ≤ k are evidence (at level
 * rate) that the true probability is below p. Returns −1 when even k = 0 is too likely (the check can never fail).
 */
export function binomialLowerCriticalCount(n: number, p: number, rate: number): number {
  checkInteger(n, 'n', 'binomialLowerCriticalCount', 1);
  checkP(p, 'binomialLowerCriticalCount');
  checkRate(rate, 'rate', 'binomialLowerCriticalCount');
  if (p === 0) return -1;
  if (p === 1) return n - 1;
  let tail = 0;
  for (let k = 0; k <= n; k++) {
    tail += Math.exp(logPmf(k, n, p));
    if (tail > rate) return k - 1;
  }
  return n;
}
