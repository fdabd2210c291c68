/**
 * Runs one claim: derives its seed from the run's root seed and its id, gives it a context that records evidence,
 * checks its statement (exact scopes, fast-check properties over random models with shrunk counterexamples saved as
 * jghm/v1 JSON), and assembles its `ClaimResult`. A claim that records no check is an error, never a pass.
 */
import fc from 'fast-check';
import { jghmToJson } from '../../theory/model-format.js';
import type { Jghm } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { Budget } from '../statistics/index.js';
import type { ClaimCheck, ClaimResult, Counterexample, PlotSpec, Quantity } from '../../reports/results-schema.js';
import type { Claim, ClaimContext, PropertyOptions, Tier } from './claim.js';
import { NanQuantityError, compileStatement, type Scope } from './statement.js';
import { PowerRecorder } from './power.js';

/** A file produced by a claim (e.g. a counterexample model), relative to the report directory. */
export interface ClaimFile {
  /** Relative path. */
  readonly name: string;
  /** Contents. */
  readonly content: string;
}

/** Options of `runClaim`. */
export interface RunClaimOptions {
  /** The run's root seed. */
  readonly rootSeed: number;
  /** Tier. */
  readonly tier: Tier;
  /** Called with the claim's progress in [0, 1]. */
  readonly onProgress?: (fraction: number) => void;
}

/** The claim's own seed, derived from the root seed and the id. */
export function claimSeed(rootSeed: number, id: string): number {
  return Rng.fromSeed(rootSeed).split(`claim:${id}`).nextUint32();
}

/** The command that replays a claim. */
export function replayCommand(id: string, rootSeed: number, tier: Tier): string {
  return `npm run verify -- --claim ${id} --seed ${rootSeed} --tier ${tier}`;
}

/**
 * Drops the points of a plot that the results schema cannot hold (a non-finite coordinate, or a value ≤ 0 on a log
 * axis) and the series and plot they leave empty. Returns the cleaned plot (or null) and what was dropped.
 */
function cleanPlot(spec: PlotSpec): { plot: PlotSpec | null; nonFinite: string[]; nonPositive: string[] } {
  const nonFinite: string[] = [];
  const nonPositive: string[] = [];
  const series = spec.series
    .map((s) => ({
      ...s,
      points: s.points.filter((p) => {
        const values = [p.x, p.y, ...(p.lo === undefined ? [] : [p.lo]), ...(p.hi === undefined ? [] : [p.hi])];
        const at = `plot ${spec.id}, series ${s.name}, point (${p.x}, ${p.y})`;
        if (!values.every((v) => Number.isFinite(v))) {
          nonFinite.push(at);
          return false;
        }
        if ((spec.logX && p.x <= 0) || (spec.logY && (p.y <= 0 || (p.lo !== undefined && p.lo <= 0)))) {
          nonPositive.push(at);
          return false;
        }
        return true;
      }),
    }))
    .filter((s) => s.points.length > 0);
  return { plot: series.length > 0 ? { ...spec, series } : null, nonFinite, nonPositive };
}

function formatScope(scope: Scope): string {
  return Object.entries(scope)
    .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toPrecision(10)}`)
    .join(', ');
}

/** Runs one claim and returns its result and any files it produced. */
export async function runClaim(claim: Claim, opts: RunClaimOptions): Promise<{ result: ClaimResult; files: ClaimFile[] }> {
  const started = Date.now();
  const seed = claimSeed(opts.rootSeed, claim.id);
  const replay = replayCommand(claim.id, opts.rootSeed, opts.tier);
  const statement = compileStatement(claim.statement, claim.symbols ?? {}, `claim ${claim.id}`);
  const params = (opts.tier === 'full' ? claim.parameters.full ?? claim.parameters.quick : claim.parameters.quick) as unknown;
  const checks: ClaimCheck[] = [];
  const quantities: Quantity[] = [];
  const plots: PlotSpec[] = [];
  const notes: string[] = [];
  const files: ClaimFile[] = [];
  let table: { columns: string[]; rows: (string | number)[][] } | undefined;
  let counterexample: Counterexample | undefined;
  let propertyCount = 0;
  // Non-finite numbers the claim reported (quantities, table cells, plot points): each makes the claim fail with the
  // reason, and the report is still written (the schema holds finite numbers only, so they are shown in words).
  const nonFinite: string[] = [];
  const rng = Rng.fromSeed(seed);
  const power = new PowerRecorder(claim.bounds ?? [], claim.falseFailureRate > 0, claim.weakness, `claim ${claim.id}`);
  const budget = new Budget(claim.falseFailureRate > 0 ? claim.falseFailureRate : 1e-300, `claim ${claim.id}`);

  /** Numbers the property, derives its fast-check seed (from the claim's stream, or a stream shared by every claim of the run) and its run count. */
  const propertySetup = (options: PropertyOptions) => {
    const k = propertyCount++;
    // a shared draw gives every claim of the run the same models (so costly per-model work, e.g. training, is cached)
    const stream = options.shared ? Rng.fromSeed(opts.rootSeed).split(`shared-draw:${options.shared}`) : rng.split(`property${k}`);
    const fcSeed = stream.nextUint32() | 0;
    const numRuns = options.numRuns ?? (params as { numRuns?: number } | undefined)?.numRuns ?? 50;
    return { k, fcSeed, numRuns, label: options.label ?? 'statement holds on random models' };
  };
  /** Evaluates the statement on every scope of one model (all are observed for the power record). */
  const holds = (scopes: readonly Scope[]): boolean => {
    let passed = true;
    for (const scope of scopes) {
      power.observe(scope);
      if (!statement.evaluate(scope)) passed = false;
    }
    return passed;
  };
  const failingQuantities = (scopes: readonly Scope[]): string => formatScope(scopes.find((sc) => !statement.evaluate(sc)) ?? scopes[0]);
  /** Records a property's outcome as a check; a counterexample model is saved as jghm/v1 next to the report. */
  const recordProperty = (
    k: number,
    fcSeed: number,
    label: string,
    out: { failed: boolean; numRuns: number; numShrinks: number; counterexamplePath: string | null; errorInstance: unknown },
    model: Jghm | undefined,
    quantities: string | undefined,
  ): boolean => {
    if (!out.failed) {
      checks.push({ description: `${label} (${out.numRuns} random models)`, passed: true, detail: `fast-check seed ${fcSeed}, ${out.numRuns} runs, no counterexample` });
      return true;
    }
    let detail = `fast-check seed ${fcSeed}, path ${out.counterexamplePath}, after ${out.numShrinks} shrinks`;
    if (out.errorInstance) detail += `; error: ${String((out.errorInstance as Error).message ?? out.errorInstance)}`;
    if (model) {
      if (quantities !== undefined) detail += quantities.startsWith('(') ? `; ${quantities}` : `; quantities: ${quantities}`;
      const name = `counterexamples/${claim.id}${k > 0 ? `-${k}` : ''}.jghm.json`;
      files.push({ name, content: `${JSON.stringify({ ...jghmToJson(model), name: `counterexample of ${claim.id}` }, null, 1)}\n` });
      counterexample ??= {
        modelFile: name,
        fastCheckSeed: fcSeed,
        path: out.counterexamplePath ?? '',
        replay: `${replay}   (fast-check: seed ${fcSeed}, path "${out.counterexamplePath}")`,
        description: `statement fails on the shrunk model (states ${model.states}, image branching [${model.image.branching}], text branching [${model.text.branching}])`,
      };
    }
    checks.push({ description: `${label}: counterexample found`, passed: false, detail });
    return false;
  };

  const ctx: ClaimContext<unknown> = {
    seed,
    rootSeed: opts.rootSeed,
    rng,
    tier: opts.tier,
    params,
    budget,
    check(scope, label) {
      let passed: boolean;
      try {
        passed = statement.evaluate(scope);
      } catch (e) {
        if (!(e instanceof NanQuantityError)) throw e;
        checks.push({ description: label, passed: false, detail: `${e.message}; ${formatScope(scope)}` });
        return false;
      }
      power.observe(scope);
      checks.push({ description: label, passed, detail: formatScope(scope) });
      return passed;
    },
    property(arbitrary: fc.Arbitrary<Jghm>, scopeOf: (model: Jghm) => Scope | readonly Scope[], options: PropertyOptions = {}) {
      const { k, fcSeed, numRuns, label } = propertySetup(options);
      const scopesOf = (model: Jghm): readonly Scope[] => {
        const s = scopeOf(model);
        return Array.isArray(s) ? s : [s as Scope];
      };
      const out = fc.check(
        fc.property(arbitrary, (model) => holds(scopesOf(model))),
        { seed: fcSeed, numRuns, ...(options.endOnFailure ? { endOnFailure: true } : {}) },
      );
      const model = out.failed ? (out.counterexample?.[0] as Jghm | undefined) : undefined;
      let quantities: string | undefined;
      if (model) {
        try {
          quantities = failingQuantities(scopesOf(model));
        } catch (e) {
          quantities = `(quantities threw: ${(e as Error).message})`;
        }
      }
      return recordProperty(k, fcSeed, label, out, model, quantities);
    },
    async asyncProperty(arbitrary: fc.Arbitrary<Jghm>, scopeOf: (model: Jghm) => Promise<Scope | readonly Scope[]>, options: PropertyOptions = {}) {
      const { k, fcSeed, numRuns, label } = propertySetup(options);
      const scopesOf = async (model: Jghm): Promise<readonly Scope[]> => {
        const s = await scopeOf(model);
        return Array.isArray(s) ? s : [s as Scope];
      };
      const out = await fc.check(
        fc.asyncProperty(arbitrary, async (model) => holds(await scopesOf(model))),
        { seed: fcSeed, numRuns, ...(options.endOnFailure ? { endOnFailure: true } : {}) },
      );
      const model = out.failed ? (out.counterexample?.[0] as Jghm | undefined) : undefined;
      let quantities: string | undefined;
      if (model) {
        try {
          quantities = failingQuantities(await scopesOf(model));
        } catch (e) {
          quantities = `(quantities threw: ${(e as Error).message})`;
        }
      }
      return recordProperty(k, fcSeed, label, out, model, quantities);
    },
    assert(description, passed, detail) {
      checks.push({ description, passed, detail });
      return passed;
    },
    quantity(q) {
      // The results schema holds finite numbers only: a non-finite value is reported in words instead of breaking the report.
      const finite = (v: number | undefined) => v === undefined || Number.isFinite(v);
      if (finite(q.estimate) && finite(q.se) && (q.ci === undefined || (Number.isFinite(q.ci[0]) && Number.isFinite(q.ci[1])))) {
        quantities.push({ ...q });
      } else {
        const what = `quantity ${q.name} = ${q.estimate}${q.ci ? ` (interval [${q.ci[0]}, ${q.ci[1]}])` : ''}${q.se !== undefined ? ` (se ${q.se})` : ''} is not finite`;
        notes.push(`${what}${q.note ? `; ${q.note}` : ''}`);
        nonFinite.push(what);
      }
    },
    resolution(r) {
      power.resolution(r);
    },
    plot(spec) {
      const cleaned = cleanPlot(spec);
      nonFinite.push(...cleaned.nonFinite.map((at) => `${at} is not finite`));
      if (cleaned.nonPositive.length > 0) notes.push(`left out of log-scale plot ${spec.id}: ${cleaned.nonPositive.join('; ')} (values ≤ 0)`);
      if (cleaned.plot) plots.push(cleaned.plot);
      else notes.push(`plot ${spec.id} has no point that can be drawn`);
    },
    table(columns, rows) {
      table = {
        columns,
        rows: rows.map((row, i) =>
          row.map((cell, j) => {
            if (typeof cell !== 'number' || Number.isFinite(cell)) return cell;
            nonFinite.push(`table row ${i + 1}, column ${columns[j] ?? j + 1} = ${cell} is not finite`);
            return String(cell);
          }),
        ),
      };
    },
    note(text) {
      notes.push(text);
    },
    progress(fraction) {
      opts.onProgress?.(Math.max(0, Math.min(1, fraction)));
    },
  };

  let status: ClaimResult['status'];
  let summary: string;
  let errorMessage: string | undefined;
  try {
    await claim.run(ctx);
    if (nonFinite.length > 0) {
      checks.push({ description: 'every reported number is finite', passed: false, detail: nonFinite.join('; ') });
    }
    if (checks.length === 0) {
      status = 'error';
      summary = 'the claim recorded no check (a claim must check its statement)';
    } else {
      const failed = checks.filter((c) => !c.passed);
      status = failed.length === 0 ? 'pass' : 'fail';
      summary =
        failed.length === 0
          ? `holds: ${checks.length} check${checks.length === 1 ? '' : 's'} passed`
          : `FAILS: ${failed.length} of ${checks.length} checks failed (first: ${failed[0].description})`;
    }
  } catch (e) {
    status = 'error';
    errorMessage = (e as Error)?.message ?? String(e);
    summary = `error while checking: ${errorMessage}`;
  }
  const powerFields = power.finish();
  const message = [...notes, ...(errorMessage ? [errorMessage] : [])].join('\n');
  const result: ClaimResult = {
    id: claim.id,
    title: claim.title,
    source: { ...claim.source },
    statement: { expression: statement.expression, tex: statement.tex },
    tier: claim.tier,
    seed,
    status,
    falseFailureRate: claim.falseFailureRate,
    ...(claim.power ? { power: claim.power } : {}),
    ...powerFields,
    summary,
    quantities,
    checks,
    ...(plots.length ? { plots } : {}),
    ...(table ? { table } : {}),
    ...(counterexample ? { counterexample } : {}),
    replay,
    ...(message ? { message } : {}),
    timing: { durationMs: Date.now() - started },
  };
  return { result, files };
}
