/**
 * Shared wording of a claim's power next to its verdict (issue 12): a pass whose check is weak or vacuous reads
 * "PASS (weak power)" and carries the one-line reason, so it is never shown like a plain pass.
 */
import { formatNumber } from './format-number.js';
import type { ClaimResult, PowerStatus, RunResults } from './results-schema.js';

/** The claim's power status; results written before power was recorded have none. */
export function powerOf(c: ClaimResult): PowerStatus | undefined {
  return c.powerStatus;
}

/** True when the claim's check is weak or vacuous (its verdict must be qualified). */
export function isQualified(c: ClaimResult): boolean {
  return c.powerStatus === 'weak' || c.powerStatus === 'vacuous';
}

/** Verdict word with the power qualifier, e.g. `PASS (weak power)`; plain `PASS` when power is ok or unknown. */
export function qualifiedVerdict(verdict: string, c: ClaimResult): string {
  return isQualified(c) ? `${verdict} (${c.powerStatus} power)` : verdict;
}

/** The measured power fields in one line: binding, content fraction, resolution (those that apply). */
export function powerFieldsLine(c: ClaimResult): string {
  const parts: string[] = [];
  if (typeof c.binding === 'number') parts.push(`binding ${formatNumber(c.binding, 3)}`);
  if (typeof c.contentFraction === 'number') parts.push(`bound has content in ${formatNumber(100 * c.contentFraction, 3)} % of cases`);
  if (typeof c.resolution === 'number') parts.push(`resolution ${formatNumber(c.resolution, 3)}`);
  return parts.join(' · ');
}

/** The power note without its leading `status: ` (the display shows the status next to it). */
export function powerNoteText(c: ClaimResult): string {
  return (c.powerNote ?? '').replace(/^(ok|weak|vacuous): /, '');
}

/** The power cell of a claims table: the status and the measured fields, e.g. `weak: binding 0.05`. */
export function powerCell(c: ClaimResult): string {
  if (!c.powerStatus) return '';
  const fields = powerFieldsLine(c);
  return `${c.powerStatus}${fields ? `: ${fields}` : ''}`;
}

/** Counts of claims by power status, e.g. `power: 24 ok, 3 weak, 0 vacuous`; empty when no claim records power. */
export function powerCountsLine(results: RunResults): string {
  const n = { ok: 0, weak: 0, vacuous: 0 };
  let any = false;
  for (const c of results.claims) {
    if (!c.powerStatus) continue;
    any = true;
    n[c.powerStatus]++;
  }
  return any ? `power: ${n.ok} ok, ${n.weak} weak, ${n.vacuous} vacuous` : '';
}
