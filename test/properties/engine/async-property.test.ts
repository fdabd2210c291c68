/**
 * `ctx.asyncProperty` (an asynchronous scope, e.g. one that trains) and `PropertyOptions.shared` (every claim of a run
 * draws the same models, so costly per-model work is cached across claims): a true statement passes, a false one fails
 * with its counterexample saved; two claims with the same shared draw see the same models, and a different root seed
 * draws others.
 */
import { describe, expect, it } from 'vitest';
import { defineClaim } from '../../../properties/engine/claim.js';
import { runClaim } from '../../../properties/engine/run-claim.js';
import { jghmArbitrary } from '../../../properties/arbitraries/jghm-arbitrary.js';
import { jghmToJson } from '../../../theory/model-format.js';
import type { Jghm } from '../../../theory/model.js';

function drawingClaim(id: string, seen: string[], statement: string) {
  return defineClaim({
    id,
    title: id,
    source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'test' },
    statement,
    tier: 'quick',
    parameters: { quick: {} },
    falseFailureRate: 0,
    async run(ctx) {
      await ctx.asyncProperty(
        jghmArbitrary({ maxConfigurations: 16 }),
        async (model: Jghm) => {
          await new Promise((r) => setTimeout(r, 0));
          seen.push(JSON.stringify(jghmToJson(model)));
          return { s: model.states };
        },
        { numRuns: 3, shared: 'test-draw', endOnFailure: true },
      );
    },
  });
}

describe('ctx.asyncProperty and shared draws', () => {
  it('a true statement passes; two claims with the same shared draw see the same models; another root seed draws others', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const c: string[] = [];
    const ra = await runClaim(drawingClaim('draw-a', a, 's >= 2'), { rootSeed: 5, tier: 'quick' });
    const rb = await runClaim(drawingClaim('draw-b', b, 's >= 2'), { rootSeed: 5, tier: 'quick' });
    await runClaim(drawingClaim('draw-c', c, 's >= 2'), { rootSeed: 6, tier: 'quick' });
    expect(ra.result.status).toBe('pass');
    expect(rb.result.status).toBe('pass');
    expect(a).toHaveLength(3);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('a false statement fails with the counterexample saved, without shrinking under endOnFailure (planted)', async () => {
    const seen: string[] = [];
    const { result, files } = await runClaim(drawingClaim('draw-fail', seen, 's >= 100'), { rootSeed: 5, tier: 'quick' });
    expect(result.status).toBe('fail');
    expect(result.checks[0].detail).toContain('after 0 shrinks');
    expect(result.checks[0].detail).toContain('quantities: s=');
    expect(files.map((f) => f.name)).toEqual(['counterexamples/draw-fail.jghm.json']);
    expect(seen.length).toBeGreaterThanOrEqual(2); // the failing model, then its quantities for the report
  });
});
