/**
 * False-failure budgets (union bound). If k assertions fail wrongly with probabilities δ_1..δ_k, a run in which
 * all claims are true fails somewhere with probability ≤ Σ δ_i. A `Budget` holds a total (e.g. ≤ 1e-3 for the quick
 * tier), records what each assertion spent, and throws rather than let the sum exceed the total.
 */
import { checkInteger, checkRate, checkSamples } from './validate.js';

/** Relative slack for floating-point sums of equal shares (k · (total/k) may exceed total by an ulp or two). */
const SUM_SLACK = 1e-12;

/**
 * Splits a total false-failure rate into shares that sum to it: `parts` = k gives k equal shares total/k;
 * `parts` = weights (positive) gives shares proportional to them.
 */
export function splitFalseFailureBudget(total: number, parts: number | readonly number[]): number[] {
  const where = 'splitFalseFailureBudget';
  checkRate(total, 'total', where);
  if (typeof parts === 'number') {
    checkInteger(parts, 'parts', where, 1);
    return new Array<number>(parts).fill(total / parts);
  }
  checkSamples(parts, 'parts', where);
  let s = 0;
  for (let i = 0; i < parts.length; i++) {
    if (!(parts[i] > 0)) throw new RangeError(`${where}: parts[${i}] must be > 0, got ${parts[i]}`);
    s += parts[i];
  }
  return parts.map((w) => (total * w) / s);
}

/** One recorded expenditure of a {@link Budget}. */
export interface BudgetEntry {
  /** Which assertion spent it. */
  readonly label: string;
  /** Its false-failure rate. */
  readonly rate: number;
}

/**
 * A false-failure budget: `spend(label, rate)` records an assertion's rate and returns it, throwing a RangeError
 * when the label was already used or the running total would exceed `total`. The union bound makes `spent` an
 * upper bound on the probability that any recorded assertion fails when every claim is true.
 */
export class Budget {
  /** The total false-failure probability allowed. */
  readonly total: number;
  /** Name used in messages. */
  readonly name: string;
  private readonly ledger: BudgetEntry[] = [];
  private used = 0;

  /** A budget of `total` ∈ (0, 1); `name` appears in error messages. */
  constructor(total: number, name = 'budget') {
    checkRate(total, 'total', 'Budget');
    this.total = total;
    this.name = name;
  }

  /** Sum of the recorded rates. */
  get spent(): number {
    return this.used;
  }

  /** What is left, total − spent (never negative). */
  get remaining(): number {
    return Math.max(0, this.total - this.used);
  }

  /** The recorded expenditures, in order. */
  get entries(): readonly BudgetEntry[] {
    return this.ledger.slice();
  }

  /** Records `rate` for the assertion `label` and returns it; throws when it would overspend or repeats a label. */
  spend(label: string, rate: number): number {
    const where = `Budget(${this.name}).spend`;
    if (typeof label !== 'string' || label.length === 0) throw new RangeError(`${where}: label must be a non-empty string`);
    checkRate(rate, 'rate', where);
    if (this.ledger.some((e) => e.label === label)) throw new RangeError(`${where}: label '${label}' already spent budget`);
    if (this.used + rate > this.total * (1 + SUM_SLACK)) {
      throw new RangeError(
        `${where}: '${label}' asks for ${rate} but only ${this.remaining} of ${this.total} is left (spent ${this.used} on ${this.ledger.length} assertions)`,
      );
    }
    this.ledger.push({ label, rate });
    this.used += rate;
    return rate;
  }

  /** An equal share of what is left for `k` further assertions (records nothing). */
  share(k: number): number {
    checkInteger(k, 'k', `Budget(${this.name}).share`, 1);
    return this.remaining / k;
  }

  /** One line: spent / total and the entries. */
  summary(): string {
    const items = this.ledger.map((e) => `${e.label}=${e.rate}`).join(', ');
    return `${this.name}: spent ${this.used} of ${this.total} false-failure budget on ${this.ledger.length} assertion(s)${items ? ` (${items})` : ''}`;
  }
}
