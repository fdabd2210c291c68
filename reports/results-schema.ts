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
