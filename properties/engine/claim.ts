/**
 * The claim API. A claim reads like the theorem it checks: an id, a title, its source (the paper, or a derived
 * statement with its theory.md reference and tag), the statement as a mathjs expression over named quantities, a
 * tier, parameters per tier, its false-failure budget, and `run(context)`, which computes the quantities and checks
 * the statement on them (on exact values, on many random models via fast-check, or on Monte Carlo estimates with
 * their noise allowance written into the statement).
 */
import type fc from 'fast-check';
import type { Jghm } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import type { Budget } from '../statistics/index.js';
import type { ClaimResult, PlotSpec } from '../../reports/results-schema.js';
import type { Scope } from './statement.js';
import type { BoundSpec, Resolution } from './power.js';

/** Run tiers: `quick` runs in CI and `npm test`; `full` adds the long runs. */
export type Tier = 'quick' | 'full';

/** Where a claim comes from (theory.md tags each item). */
export interface ClaimSource {
  /** 'paper': the paper's own statement or figure; 'derived': derived in theory.md (a consequence or reconstruction). */
  readonly kind: 'paper' | 'derived';
  /** theory.md's honesty tag. */
  readonly tag: 'FOUND' | 'FOUND-CODE' | 'RECONSTRUCTED' | 'UNKNOWN';
  /** Paper section/figure or theory.md section, e.g. "theory.md §10.1 item 10; §2.2 (T2)". */
  readonly reference: string;
}

/** A reported quantity (what the report shows next to the statement). */
export interface Quantity {
  /** Name (the statement's symbol when it is one). */
  readonly name: string;
  /** TeX of the name. */
  readonly tex?: string;
  /** Point value. */
  readonly estimate: number;
  /** Confidence interval, when estimated. */
  readonly ci?: [number, number];
  /** Standard error, when estimated. */
  readonly se?: number;
  /** True when computed exactly (enumeration / closed form). */
  readonly exact: boolean;
  /** Free-text note. */
  readonly note?: string;
}

/** Options of `ClaimContext.property`. */
export interface PropertyOptions {
  /** Number of random models (default: the tier's `numRuns` parameter or 50). */
  readonly numRuns?: number;
  /** Label of the check. */
  readonly label?: string;
  /**
   * Draw the models from a stream shared by every claim of the run (derived from the root seed and this name) instead
   * of the claim's own: claims that do costly work per model (training) then see the same models and share a cache.
   */
  readonly shared?: string;
  /** Report the first counterexample without shrinking it (for scopes too costly to re-evaluate many times). */
  readonly endOnFailure?: boolean;
}

/** What a claim's `run` can use and report. */
export interface ClaimContext<P> {
  /** The claim's seed (derived from the run's root seed and the claim id). */
  readonly seed: number;
  /** The run's root seed (for streams shared between claims, see `PropertyOptions.shared`). */
  readonly rootSeed: number;
  /** The claim's random stream (split it for sub-streams). */
  readonly rng: Rng;
  /** The tier being run. */
  readonly tier: Tier;
  /** The parameters for this tier. */
  readonly params: P;
  /** The claim's false-failure budget; statistical assertions spend from it (overspending throws). */
  readonly budget: Budget;
  /**
   * Evaluates the statement on one scope of quantities and records the outcome as a check; returns whether it held.
   * Deterministic checks (exact arithmetic with a stated floating tolerance) spend no budget.
   */
  check(scope: Scope, label: string): boolean;
  /**
   * Checks the statement on random models from a fast-check arbitrary: `scopeOf(model)` computes the quantities (one
   * scope, or several, e.g. one per K: the statement must hold on each, and each is a case of the claim's bounds).
   * A failure is shrunk to a minimal model, saved as jghm/v1 JSON next to the report, with seed, path and a replay
   * command. Returns whether it held on every model.
   */
  property(arbitrary: fc.Arbitrary<Jghm>, scopeOf: (model: Jghm) => Scope | readonly Scope[], options?: PropertyOptions): boolean;
  /** `property` with an asynchronous `scopeOf` (e.g. one that trains a model); resolves to whether it held on every model. */
  asyncProperty(arbitrary: fc.Arbitrary<Jghm>, scopeOf: (model: Jghm) => Promise<Scope | readonly Scope[]>, options?: PropertyOptions): Promise<boolean>;
  /** Records a custom check that is not the statement itself (e.g. a sanity condition); it counts for the verdict. */
  assert(description: string, passed: boolean, detail: string): boolean;
  /** Reports a quantity. */
  quantity(q: Quantity): void;
  /**
   * Records a statistical check's resolution: the smallest violation it detects with probability `power` (default
   * 0.8) at the false-failure rate it spent, and optionally the violation it is meant to detect (`target`; the claim's
   * power is `weak` when the resolution is coarser). Every claim with a false-failure budget must record one.
   */
  resolution(r: Resolution): void;
  /** Adds a plot. */
  plot(spec: PlotSpec): void;
  /** Sets a table. */
  table(columns: string[], rows: (string | number)[][]): void;
  /** Appends a line to the claim's message. */
  note(text: string): void;
  /** Reports progress within the claim (0..1) for the progress display. */
  progress(fraction: number): void;
}

/** A claim definition. */
export interface ClaimDefinition<P> {
  /** Stable kebab-case id. */
  readonly id: string;
  /** Title. */
  readonly title: string;
  /** Source and honesty tag. */
  readonly source: ClaimSource;
  /** The statement: a mathjs boolean expression over named quantities. */
  readonly statement: string;
  /** TeX names of the statement's symbols. */
  readonly symbols?: Readonly<Record<string, string>>;
  /** Lowest tier it runs in: 'quick' claims run in both tiers, 'full' claims only in the full tier. */
  readonly tier: Tier;
  /** Parameters per tier (the full tier falls back to the quick parameters when absent). */
  readonly parameters: { readonly quick: P; readonly full?: P };
  /** Total false-failure rate of the claim per run (0 for deterministic claims). */
  readonly falseFailureRate: number;
  /** Statistical power, in words (what violation the checks would detect), when it matters. */
  readonly power?: string;
  /**
   * The bounds (inequalities with content) inside the statement: the engine measures on every checked scope how
   * binding each is and in which fraction of cases it could have failed at all (see properties/engine/power.ts).
   * Identities (|a − b| ≤ τ) need no entry.
   */
  readonly bounds?: readonly BoundSpec[];
  /**
   * Why the check is weak, when it is (in words): the claim's power status is then `weak` whatever was measured.
   * Say it plainly rather than let a weak check pass as a strong one.
   */
  readonly weakness?: string;
  /**
   * Learned claims: the trainings this claim adds to the learned claims' shared pool at these parameters, one entry
   * per training run with a key naming it (claims that share a training give it the same key: it is counted once) and
   * its estimated CPU seconds, for the cost `verify` prints before a full tier starts. Absent: none.
   */
  extraTraining?(params: P): readonly TrainingRun[];
  /** Computes and checks. May be async. */
  run(context: ClaimContext<P>): void | Promise<void>;
}

/** A registered claim (a definition, validated). */
export type Claim<P = unknown> = ClaimDefinition<P>;

/** One training run a learned claim needs beyond the shared pool (see `ClaimDefinition.extraTraining`). */
export interface TrainingRun {
  /** Names the training (the same key in two claims: one training, cached). */
  readonly key: string;
  /** Estimated CPU seconds. */
  readonly cpuSeconds: number;
}

/** Validates and returns a claim definition (use this in every claim file: `export default defineClaim({...})`). */
export function defineClaim<P>(def: ClaimDefinition<P>): Claim<P> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(def.id)) throw new RangeError(`defineClaim: id must be kebab-case (got ${JSON.stringify(def.id)})`);
  if (!def.title) throw new RangeError(`defineClaim(${def.id}): title is required`);
  if (!(def.falseFailureRate >= 0 && def.falseFailureRate < 1)) throw new RangeError(`defineClaim(${def.id}): falseFailureRate must be in [0, 1)`);
  if (def.tier !== 'quick' && def.tier !== 'full') throw new RangeError(`defineClaim(${def.id}): tier must be 'quick' or 'full'`);
  if (typeof def.run !== 'function') throw new RangeError(`defineClaim(${def.id}): run must be a function`);
  return def;
}

/** Re-exported for claim files. */
export type { BoundSpec, ClaimResult, PlotSpec, Resolution, Scope };
