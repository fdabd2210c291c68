/**
 * Reporting helper: the report schema accepts finite numbers only, so a quantity that came out non-finite (a failing
 * model, an overflow) is turned into a note instead of breaking the report.
 */
import type { ClaimContext, Quantity } from './claim.js';

/** Reports `q` when its estimate is finite, otherwise notes its value. */
export function reportQuantity<P>(ctx: ClaimContext<P>, q: Quantity): void {
  if (Number.isFinite(q.estimate) && (q.se === undefined || Number.isFinite(q.se)) && (q.ci === undefined || q.ci.every(Number.isFinite))) ctx.quantity(q);
  else ctx.note(`${q.name} = ${q.estimate}${q.note ? ` (${q.note})` : ''}`);
}
