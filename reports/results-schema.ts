/**
 * The results schema `clip-theory/results@1`: what one run (or one shard of a run) of the claims engine produces and
 * what every report (results.json, report.md, index.html, junit.xml) is rendered from. The engine imports these types
 * from here; `validateResults` (reports/validate-results.ts) checks a value read from disk against them.
 *
 * Determinism: everything except `RunResults.timing` and `ClaimResult.timing` is a function of the seed, the tier and
 * the code, so two runs with the same seed produce identical reports apart from those fields.
 */

/** Schema tag stored in every results.json. */
export const RESULTS_SCHEMA = 'clip-theory/results@1';

/** Verification tier: `quick` for CI on every push, `full` for the complete sample sizes. */
export type Tier = 'quick' | 'full';

/** Outcome of one claim: `pass`/`fail` are verdicts of the check, `error` means the check could not run. */
export type ClaimStatus = 'pass' | 'fail' | 'error';

/** Where a claim comes from and how reliably its statement was recovered. */
export interface ClaimSource {
  /** `paper`: stated in the paper; `derived`: a consequence we derived ourselves. */
  kind: 'paper' | 'derived';
  /** Provenance tag: found in the paper text, found in published code, reconstructed, or unknown. */
  tag: 'FOUND' | 'FOUND-CODE' | 'RECONSTRUCTED' | 'UNKNOWN';
  /** Human-readable reference (e.g. "Theorem 3.2, arXiv 2501.04641v2"). */
  reference: string;
}

/** A claim's statement as a mathjs expression and its TeX rendering. */
export interface ClaimStatement {
  /** mathjs expression. */
  expression: string;
  /** TeX rendering of the same statement. */
  tex: string;
}

/** One measured or computed quantity of a claim. */
export interface Quantity {
  /** Name (plain text). */
  name: string;
  /** Optional TeX for the name. */
  tex?: string;
  /** Point estimate (or exact value when `exact`). */
  estimate: number;
  /** Confidence interval [lo, hi] with lo ≤ hi. */
  ci?: [number, number];
  /** Standard error (≥ 0). */
  se?: number;
  /** True when the value is computed exactly rather than estimated. */
  exact: boolean;
  /** Optional note (e.g. the confidence level). */
  note?: string;
}

/** One individual check inside a claim. */
export interface ClaimCheck {
  /** What was checked. */
  description: string;
  /** Whether it passed. */
  passed: boolean;
  /** Numbers behind the verdict. */
  detail: string;
}

/** One point of a plotted series; `lo`/`hi` draw an error bar or band. */
export interface PlotPoint {
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

/** Kind of a plotted series: our measurement, published data, a theoretical bound, or a fitted curve. */
export type SeriesKind = 'ours' | 'published' | 'bound' | 'fit';

/** One series of a plot. */
export interface PlotSeries {
  /** Legend name (unique within the plot). */
  name: string;
  /** Drawing style: `published` is dashed, `bound` dotted, `fit` dash-dot, `ours` solid. */
  kind: SeriesKind;
  /** The points (at least one). */
  points: PlotPoint[];
}

/** A plot description, rendered to SVG by reports/render-plot-svg.ts. */
export interface PlotSpec {
  /** Identifier, unique within its claim ([A-Za-z0-9._-]). */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Logarithmic x axis (all x must then be > 0). */
  logX?: boolean;
  /** Logarithmic y axis (all y, lo, hi must then be > 0). */
  logY?: boolean;
  series: PlotSeries[];
}

/** A small table attached to a claim. */
export interface ClaimTable {
  columns: string[];
  /** Each row has exactly `columns.length` cells. */
  rows: (string | number)[][];
}

/** A counterexample found for a failing claim. */
export interface Counterexample {
  /** Path of the model file relative to the report directory (e.g. `counterexamples/thm-1.jghm.json`). */
  modelFile: string;
  /** fast-check seed that found it. */
  fastCheckSeed: number;
  /** fast-check path of the shrunk case. */
  path: string;
  /** Command that replays it. */
  replay: string;
  /** What is wrong with it. */
  description: string;
}

/**
 * How much a claim's check could tell: `ok` (it can fail on a violation of the size it is meant to detect), `weak`
 * (it can fail only on a much larger violation, or only in part of the cases, or its resolution is coarser than its
 * target) or `vacuous` (in no generated case could its bound fail).
 */
export type PowerStatus = 'ok' | 'weak' | 'vacuous';

/** The power record of one check (a bound measured over its cases, or a statistical check's resolution). */
export interface PowerCheck {
  /** What was measured (the bound or the statistical check). */
  label: string;
  /** `bound`: a quantity compared with a bound over generated cases; `statistical`: a Monte Carlo check's resolution. */
  kind: 'bound' | 'statistical';
  /** Number of cases (scopes) the bound was evaluated on (bounds), or 1 (statistical). */
  cases: number;
  /**
   * Bounds: how binding the bound was in its tightest case with content: max over cases of quantity/bound (upper
   * bounds) or bound/quantity (lower bounds); 1 = attained, 0.05 = the quantity stayed 20× inside its bound. Null
   * when no case had content.
   */
  binding?: number | null;
  /** Bounds: fraction of cases in which the bound has content (could have been violated by an admissible value). */
  contentFraction?: number;
  /** Statistical: the smallest violation detected with probability `powerLevel` at the check's error budget. */
  resolution?: number;
  /** Statistical: the probability of detection `resolution` refers to (e.g. 0.8). */
  powerLevel?: number;
  /** Statistical: the smallest violation the check is meant to detect (e.g. a planted alternative's effect). */
  target?: number;
  /** Units or explanation. */
  note?: string;
}

/** The result of one claim. */
export interface ClaimResult {
  /** Identifier ([A-Za-z0-9][A-Za-z0-9._-]*), unique within a run. */
  id: string;
  title: string;
  source: ClaimSource;
  statement: ClaimStatement;
  tier: Tier;
  seed: number;
  status: ClaimStatus;
  /** Probability that this claim's check fails although the claim holds (in [0, 1]). */
  falseFailureRate: number;
  /** Optional statement of the check's power (plain text). */
  power?: string;
  /** Power verdict (always written by the engine; optional only for results written before it existed). */
  powerStatus?: PowerStatus;
  /** One line explaining `powerStatus`. */
  powerNote?: string;
  /** Least binding bound of the claim (min over its bounds of `PowerCheck.binding`); null: no bound (identities only). */
  binding?: number | null;
  /** Smallest content fraction over the claim's bounds; null: no bound (identities only). */
  contentFraction?: number | null;
  /** Coarsest resolution over its statistical checks (units of that check, see `powerChecks`); null: no statistical check. */
  resolution?: number | null;
  /** The per-check power records. */
  powerChecks?: PowerCheck[];
  /** One-line verdict explanation. */
  summary: string;
  quantities: Quantity[];
  checks: ClaimCheck[];
  plots?: PlotSpec[];
  table?: ClaimTable;
  counterexample?: Counterexample;
  /** Command that replays this claim alone. */
  replay: string;
  /** Error message (for `error`) or extra remark. */
  message?: string;
  /** Non-deterministic. */
  timing: { durationMs: number };
}

/** The results of a run (or of one shard of a run). */
export interface RunResults {
  schema: typeof RESULTS_SCHEMA;
  tool: { name: string; version: string };
  seed: number;
  tier: Tier;
  /** Present for one shard of a sharded run: 1-based `index` of `count`. Merged results have none. */
  shard?: { index: number; count: number };
  /** Union bound of the run: the probability that any check fails although every claim holds. */
  falseFailureBudget: number;
  environment: { node: string; platform: string; cpus: number; backend?: string };
  /** Non-deterministic. */
  timing: { startedAt: string; durationMs: number };
  /** Command that replays the run (e.g. `npm run verify -- --seed 123 --tier quick`). */
  replay: string;
  claims: ClaimResult[];
}
