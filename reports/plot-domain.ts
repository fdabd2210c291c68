/**
 * Axis domains computed from the data, so that every point — including the ends of its error bar or band — lies
 * inside the plot area with some room to spare (a marker at the very edge would be cut in half by the clip).
 */

/** Fraction of the data span added on each side of a linear axis (of the log span on a log axis). */
export const DOMAIN_PADDING = 0.06;

/**
 * The [min, max] of the finite `values` widened by `padding` × span on each side (in log10 space when `log`; non-positive
 * values are ignored there). A zero span is widened by 5% of |value| (or ±1 at 0; a factor 10^±0.05 on a log axis).
 * Returns undefined when no value is usable (the renderer then chooses).
 */
export function paddedDomain(values: Iterable<number>, log: boolean, padding = DOMAIN_PADDING): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    const t = log ? Math.log10(v) : v;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  if (lo > hi) return undefined;
  const pad = hi > lo ? (hi - lo) * padding : log ? 0.05 : lo === 0 ? 1 : Math.abs(lo) * 0.05;
  lo -= pad;
  hi += pad;
  return log ? [10 ** lo, 10 ** hi] : [lo, hi];
}
