/**
 * The largest absolute entrywise difference of two arrays; Infinity when the lengths differ or any entry is NaN (so a
 * NaN can never pass a `maxError <= tol` statement).
 */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return Number.isNaN(d) ? Infinity : d;
}
