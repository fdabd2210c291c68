/**
 * Shared wording of verdicts and run-level counts used by every report format.
 */
import type { ClaimStatus, RunResults } from './results-schema.js';

/** Counts of claims by status. */
export interface StatusCounts {
  pass: number;
  fail: number;
  error: number;
  total: number;
}

/** Counts the claims of a run by status. */
export function statusCounts(results: RunResults): StatusCounts {
  const c: StatusCounts = { pass: 0, fail: 0, error: 0, total: results.claims.length };
  for (const claim of results.claims) c[claim.status]++;
  return c;
}

/** Verdict of a whole run: a claim status, or `empty` for a run (e.g. a shard) without claims. */
export type RunStatus = ClaimStatus | 'empty';

/** Upper-case verdict word of a status. */
export function verdictWord(status: RunStatus): string {
  return status === 'pass' ? 'PASS' : status === 'fail' ? 'FAIL' : status === 'error' ? 'ERROR' : 'NO CLAIMS';
}

/** Marker of a status for Markdown (✅ / ❌ / ⚠️, rendered by GitHub job summaries). */
export function verdictMark(status: RunStatus): string {
  return status === 'pass' ? '✅' : status === 'fail' ? '❌' : status === 'error' ? '⚠️' : '∅';
}

/**
 * Overall verdict of a run: `error` if any claim errored, else `fail` if any failed, `pass` when every claim
 * passed, `empty` when there are no claims (a shard can be empty; an empty run is not called a pass).
 */
export function runStatus(results: RunResults): RunStatus {
  const c = statusCounts(results);
  if (c.total === 0) return 'empty';
  if (c.error > 0) return 'error';
  if (c.fail > 0) return 'fail';
  return 'pass';
}

/** Title of the report. */
export function reportTitle(results: RunResults): string {
  return `${results.tool.name} ${results.tool.version} — claims verification (${results.tier} tier, seed ${results.seed})`;
}

/** One-line counts, e.g. `2 passed, 1 failed, 1 error (4 claims)`. */
export function countsLine(n: StatusCounts): string {
  return `${n.pass} passed, ${n.fail} failed, ${n.error} ${n.error === 1 ? 'error' : 'errors'} (${n.total} ${n.total === 1 ? 'claim' : 'claims'})`;
}
