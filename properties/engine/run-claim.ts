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
import { compileStatement, type Scope } from './statement.js';

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
  const rng = Rng.fromSeed(seed);
  const budget = new Budget(claim.falseFailureRate > 0 ? claim.falseFailureRate : 1e-300, `claim ${claim.id}`);

  const ctx: ClaimContext<unknown> = {
    seed,
    rootSeed: opts.rootSeed,
    rng,
    tier: opts.tier,
    params,
    budget,
    check(scope, label) {
      const passed = statement.evaluate(scope);
      checks.push({ description: label, passed, detail: formatScope(scope) });
      return passed;
    },
    property(arbitrary: fc.Arbitrary<Jghm>, scopeOf: (model: Jghm) => Scope, options: PropertyOptions = {}) {
      const k = propertyCount++;
      // a shared draw gives every claim of the run the same models (so costly per-model work, e.g. training, is cached)
      const fcSeed = (options.shared ? Rng.fromSeed(opts.rootSeed).split(`shared-draw:${options.shared}`) : rng.split(`property${k}`)).nextUint32() | 0;
      const numRuns = options.numRuns ?? (params as { numRuns?: number } | undefined)?.numRuns ?? 50;
      const label = options.label ?? 'statement holds on random models';
      const out = fc.check(
        fc.property(arbitrary, (model) => statement.evaluate(scopeOf(model))),
        { seed: fcSeed, numRuns, ...(options.endOnFailure ? { endOnFailure: true } : {}) },
      );
      if (!out.failed) {
        checks.push({ description: `${label} (${out.numRuns} random models)`, passed: true, detail: `fast-check seed ${fcSeed}, ${out.numRuns} runs, no counterexample` });
        return true;
      }
      const model = out.counterexample?.[0] as Jghm | undefined;
      let detail = `fast-check seed ${fcSeed}, path ${out.counterexamplePath}, after ${out.numShrinks} shrinks`;
      if (out.errorInstance) detail += `; error: ${String((out.errorInstance as Error).message ?? out.errorInstance)}`;
      if (model) {
        try {
          detail += `; quantities: ${formatScope(scopeOf(model))}`;
        } catch (e) {
          detail += `; (quantities threw: ${(e as Error).message})`;
        }
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
        notes.push(`quantity ${q.name} = ${q.estimate}${q.ci ? ` (interval [${q.ci[0]}, ${q.ci[1]}])` : ''}${q.se !== undefined ? ` (se ${q.se})` : ''} is not finite${q.note ? `; ${q.note}` : ''}`);
      }
    },
    plot(spec) {
      plots.push(spec);
    },
    table(columns, rows) {
      table = { columns, rows };
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
