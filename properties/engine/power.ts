/**
 * The power record of a claim: how much its checks could tell. A check that passes proves little if it could not
 * have failed, so every claim result carries, next to its verdict:
 * - for each declared bound (`quantity ≤ bound` or `≥`, evaluated on every scope the claim checks): how binding it was
 *   (quantity/bound in the tightest case) and in which fraction of the cases it had content at all;
 * - for each statistical check: its resolution, the smallest violation it detects with stated probability (e.g. 80 %)
 *   at its false-failure budget, and the violation it is meant to detect (its target), when one is known;
 * - a verdict `ok | weak | vacuous` with a one-line note.
 * Claims declare bounds once (`ClaimDefinition.bounds`) and report resolutions with `ctx.resolution`; the engine does
 * the rest.
 */
import { all, create, type EvalFunction } from 'mathjs';
import type { PowerCheck, PowerStatus } from '../../reports/results-schema.js';
import type { Scope } from './statement.js';

const math = create(all, { relTol: Number.MIN_VALUE, absTol: 0 });

/** Below this binding (the quantity stays more than 10× inside its bound in every case) a bound is called weak. */
export const WEAK_BINDING = 0.1;
/** Below this content fraction (the bound says nothing in three cases out of four) a bound is called weak. */
export const WEAK_CONTENT_FRACTION = 0.25;

/**
 * A bound inside a claim's statement whose tightness is measured on every scope the claim checks. `quantity` and
 * `bound` are mathjs expressions over the scope (without the tolerances, which are not part of the bound).
 */
export interface BoundSpec {
  /** Label, e.g. 'gap ≤ 2B²·Suff'. */
  readonly label: string;
  /** The bounded quantity (mathjs expression over the scope). */
  readonly quantity: string;
  /** The bound (mathjs expression over the scope). */
  readonly bound: string;
  /** 'upper': quantity ≤ bound; 'lower': quantity ≥ bound. */
  readonly direction: 'upper' | 'lower';
  /**
   * A value the quantity is known to be able to take without violating anything a priori (lower bounds: default 0,
   * for quantities known to be ≥ 0; upper bounds: default none). The bound has content in a case only when it
   * excludes this value (lower: bound > trivial; upper: bound < trivial); without one an upper bound has content
   * when it is finite.
   */
  readonly trivial?: string;
  /** Only scopes on which this mathjs condition holds are cases of the bound (e.g. 'K > 1'). */
  readonly when?: string;
}

/** A statistical check's resolution (see `ClaimContext.resolution`). */
export interface Resolution {
  /** The check. */
  readonly label: string;
  /** The smallest violation detected with probability `power` at the check's false-failure rate. */
  readonly value: number;
  /** Probability of detection (default 0.8). */
  readonly power?: number;
  /** The violation the check is meant to detect; the check is weak when `value` exceeds it. */
  readonly target?: number;
  /** Units or explanation. */
  readonly note?: string;
}

/** The claim-level power fields of a `ClaimResult`. */
export interface ClaimPower {
  readonly powerStatus: PowerStatus;
  readonly powerNote: string;
  readonly binding: number | null;
  readonly contentFraction: number | null;
  readonly resolution: number | null;
  readonly powerChecks: PowerCheck[];
}

interface BoundState {
  readonly spec: BoundSpec;
  readonly quantity: EvalFunction;
  readonly bound: EvalFunction;
  readonly trivial?: EvalFunction;
  readonly when?: EvalFunction;
  cases: number;
  content: number;
  maxRatio: number;
}

function compile(expr: string, where: string): EvalFunction {
  try {
    return math.compile(expr);
  } catch (e) {
    throw new RangeError(`${where}: cannot parse ${JSON.stringify(expr)}: ${(e as Error).message}`);
  }
}

function value(f: EvalFunction, scope: Scope, where: string): number {
  const v = f.evaluate({ ...scope }) as unknown;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number') throw new RangeError(`${where}: expected a number, got ${String(v)}`);
  return v;
}

function fmt(x: number): string {
  return x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

/** Records a claim's bounds over its scopes and its statistical resolutions, and derives its power fields. */
export class PowerRecorder {
  private readonly bounds: BoundState[];
  private readonly resolutions: Resolution[] = [];

  /**
   * `bounds`: the claim's declared bounds; `statistical`: whether the claim spends a false-failure budget (it must
   * then record a resolution); `weakness`: the claim's own statement of why its check is weak, if it is.
   */
  constructor(
    bounds: readonly BoundSpec[],
    private readonly statistical: boolean,
    private readonly weakness: string | undefined,
    private readonly where: string,
  ) {
    this.bounds = bounds.map((spec) => ({
      spec,
      quantity: compile(spec.quantity, `${where}: bound '${spec.label}' quantity`),
      bound: compile(spec.bound, `${where}: bound '${spec.label}' bound`),
      ...(spec.trivial !== undefined ? { trivial: compile(spec.trivial, `${where}: bound '${spec.label}' trivial`) } : {}),
      ...(spec.when !== undefined ? { when: compile(spec.when, `${where}: bound '${spec.label}' when`) } : {}),
      cases: 0,
      content: 0,
      maxRatio: -Infinity,
    }));
  }

  /** Measures every declared bound on one checked scope (scopes lacking a bound's symbols are not its cases). */
  observe(scope: Scope): void {
    for (const b of this.bounds) {
      const w = `${this.where}: bound '${b.spec.label}'`;
      let q: number, r: number, t: number | undefined;
      try {
        if (b.when && value(b.when, scope, w) === 0) continue;
        q = value(b.quantity, scope, w);
        r = value(b.bound, scope, w);
        t = b.trivial ? value(b.trivial, scope, w) : b.spec.direction === 'lower' ? 0 : undefined;
      } catch (e) {
        if (/Undefined symbol/.test((e as Error).message)) continue;
        throw e;
      }
      b.cases++;
      const content = b.spec.direction === 'lower' ? r > (t as number) : t === undefined ? Number.isFinite(r) : r < t;
      if (!content) continue;
      b.content++;
      // upper: q/r; lower: r/q. A bound at or below zero (upper) / a quantity at or below zero (lower) is attained or violated.
      const ratio = b.spec.direction === 'upper' ? (r > 0 ? Math.max(q, 0) / r : q >= r ? 1 : 0) : q > 0 ? r / q : 1;
      if (Number.isFinite(ratio)) b.maxRatio = Math.max(b.maxRatio, ratio);
    }
  }

  /** Records a statistical check's resolution. */
  resolution(r: Resolution): void {
    const where = `${this.where}: resolution '${r.label}'`;
    if (!(r.value >= 0) || !Number.isFinite(r.value)) throw new RangeError(`${where}: value must be a finite number ≥ 0, got ${r.value}`);
    if (r.power !== undefined && !(r.power > 0 && r.power < 1)) throw new RangeError(`${where}: power must be in (0, 1), got ${r.power}`);
    if (r.target !== undefined && !(r.target > 0)) throw new RangeError(`${where}: target must be > 0, got ${r.target}`);
    this.resolutions.push(r);
  }

  /** The claim's power fields. */
  finish(): ClaimPower {
    const checks: PowerCheck[] = [];
    const weak: string[] = [];
    const vacuous: string[] = [];
    const good: string[] = [];
    let binding: number | null = null;
    let contentFraction: number | null = null;
    for (const b of this.bounds) {
      const frac = b.cases > 0 ? b.content / b.cases : 0;
      const bind = b.content > 0 && b.maxRatio > -Infinity ? b.maxRatio : null;
      checks.push({ label: b.spec.label, kind: 'bound', cases: b.cases, binding: bind, contentFraction: frac });
      if (b.cases === 0) {
        weak.push(`bound '${b.spec.label}' was never evaluated`);
        continue;
      }
      binding = binding === null ? bind ?? 0 : Math.min(binding, bind ?? 0);
      contentFraction = contentFraction === null ? frac : Math.min(contentFraction, frac);
      const where = `bound '${b.spec.label}': content in ${fmt(100 * frac)} % of ${b.cases} cases`;
      if (b.content === 0) vacuous.push(`${where}`);
      else if (frac < WEAK_CONTENT_FRACTION || (bind as number) < WEAK_BINDING) weak.push(`${where}, quantity/bound ≤ ${fmt(bind as number)}`);
      else good.push(`${where}, quantity/bound up to ${fmt(bind as number)}`);
    }
    let resolution: number | null = null;
    for (const r of this.resolutions) {
      const power = r.power ?? 0.8;
      checks.push({
        label: r.label,
        kind: 'statistical',
        cases: 1,
        resolution: r.value,
        powerLevel: power,
        ...(r.target !== undefined ? { target: r.target } : {}),
        ...(r.note !== undefined ? { note: r.note } : {}),
      });
      resolution = resolution === null ? r.value : Math.max(resolution, r.value);
      const line = `'${r.label}' resolves ${fmt(r.value)}${r.note ? ` ${r.note}` : ''} with ${fmt(100 * power)} % power${r.target !== undefined ? ` (target ${fmt(r.target)})` : ''}`;
      if (r.target !== undefined && r.value > r.target) weak.push(line);
      else good.push(line);
    }
    if (this.statistical && this.resolutions.length === 0) weak.push('statistical check without a stated resolution');
    if (this.weakness) weak.unshift(this.weakness);
    const status: PowerStatus = vacuous.length > 0 ? 'vacuous' : weak.length > 0 ? 'weak' : 'ok';
    const note =
      status === 'vacuous'
        ? `vacuous: ${[...vacuous, ...weak].join('; ')}`
        : status === 'weak'
          ? `weak: ${weak.join('; ')}`
          : good.length > 0
            ? `ok: ${good.join('; ')}`
            : 'ok: exact identities (any deviation beyond the stated floating tolerance fails)';
    return { powerStatus: status, powerNote: note, binding, contentFraction, resolution, powerChecks: checks };
  }
}
