/**
 * Training seeds as the statistical unit. A learned claim of the form "a training seed misses the target with
 * probability at most q" is checked on n seeds by counting the misses and failing when more than `allowed` miss; its
 * false-failure rate is the binomial tail P(Bin(n, q) > allowed), and its power against a configuration that misses
 * with probability q₁ is P(Bin(n, q₁) > allowed).
 */
import { binomialTailAtLeast } from '../statistics/binomial.js';

/** A seed-count check: n seeds, at most `allowed` misses, under the claim each misses with probability ≤ q. */
export interface SeedTail {
  readonly seeds: number;
  readonly allowed: number;
  readonly q: number;
}

/** Probability that the check fails when the claim holds (each seed misses with probability exactly q). */
export function seedTailFalseFailure(t: SeedTail): number {
  return binomialTailAtLeast(t.allowed + 1, t.seeds, t.q);
}

/** Probability that the check fails when each seed misses with probability q1 (its power against q1). */
export function seedTailPower(t: SeedTail, q1: number): number {
  return binomialTailAtLeast(t.allowed + 1, t.seeds, q1);
}

/**
 * Resolution of a seed-count check: the smallest per-seed miss probability q₁ that it detects with probability
 * `power` (P(Bin(n, q₁) > allowed) ≥ power), by bisection (the tail is increasing in q₁).
 */
export function seedTailResolution(t: SeedTail, power = 0.8): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (seedTailPower(t, mid) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The resolution entry (`ctx.resolution`) of a per-model seed-count check: its resolution and what it means.
 * `what` names the miss ("missing", "a slope above −aMin", …).
 */
export function seedCountResolution(t: SeedTail, what = 'missing', label = 'seed counts per model'): { label: string; value: number; note: string } {
  return {
    label,
    value: seedTailResolution(t),
    note: `the per-seed probability of ${what} that one model's seed count detects with probability 0.8: only near-certain failures are caught per model (training seeds are costly)`,
  };
}
