/**
 * The power record (properties/engine/power.ts): bounds are measured on every checked scope, statistical checks
 * report their resolution, and a claim whose check could not fail (vacuous) or could fail only on a large violation
 * (weak) is marked so, not shown as a plain pass.
 */
import { describe, expect, it } from 'vitest';
import { PowerRecorder, WEAK_BINDING } from '../../properties/engine/power.js';
import { defineClaim } from '../../properties/engine/claim.js';
import { runClaim } from '../../properties/engine/run-claim.js';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';

describe('PowerRecorder', () => {
  it('measures an upper bound: binding = max quantity/bound, content = finite bound', () => {
    const r = new PowerRecorder([{ label: 'q ≤ b', quantity: 'q', bound: 'b', direction: 'upper' }], false, undefined, 'test');
    r.observe({ q: 1, b: 4 });
    r.observe({ q: 3, b: 4 });
    r.observe({ q: 1, b: Infinity });
    const p = r.finish();
    expect(p.powerChecks[0]).toMatchObject({ kind: 'bound', cases: 3, binding: 0.75, contentFraction: 2 / 3 });
    expect(p.binding).toBe(0.75);
    expect(p.contentFraction).toBeCloseTo(2 / 3, 15);
    expect(p.powerStatus).toBe('ok');
    expect(p.resolution).toBeNull();
  });

  it('a lower bound at or below its trivial value has no content; all cases so → vacuous', () => {
    const r = new PowerRecorder([{ label: 'q ≥ c·s', quantity: 'q', bound: 'c * s', direction: 'lower' }], false, undefined, 'test');
    r.observe({ q: 0.5, c: -1, s: 0.2 });
    r.observe({ q: 0.5, c: 0, s: 0.2 });
    const p = r.finish();
    expect(p.powerStatus).toBe('vacuous');
    expect(p.contentFraction).toBe(0);
    expect(p.powerNote).toMatch(/^vacuous: bound 'q ≥ c·s': content in 0 % of 2 cases/);
  });

  it(`a bound never closer than ${WEAK_BINDING} to its quantity is weak; an explicit trivial value and 'when' are honoured`, () => {
    const r = new PowerRecorder(
      [{ label: 'g ≤ B', quantity: 'g', bound: 'B', direction: 'upper', trivial: 'gmax', when: 'use == 1' }],
      false,
      undefined,
      'test',
    );
    r.observe({ g: 1, B: 50, gmax: 100, use: 1 });
    r.observe({ g: 1, B: 200, gmax: 100, use: 1 }); // bound above the a-priori maximum: no content
    r.observe({ g: 1, B: 1, gmax: 100, use: 0 }); // not a case
    const p = r.finish();
    expect(p.powerChecks[0]).toMatchObject({ cases: 2, binding: 0.02, contentFraction: 0.5 });
    expect(p.powerStatus).toBe('weak');
  });

  it('a statistical check is weak without a resolution, or when its resolution exceeds its target', () => {
    expect(new PowerRecorder([], true, undefined, 'test').finish().powerStatus).toBe('weak');
    const fine = new PowerRecorder([], true, undefined, 'test');
    fine.resolution({ label: 'mean', value: 0.1, target: 0.2 });
    expect(fine.finish()).toMatchObject({ powerStatus: 'ok', resolution: 0.1 });
    const coarse = new PowerRecorder([], true, undefined, 'test');
    coarse.resolution({ label: 'mean', value: 0.3, target: 0.2, power: 0.9 });
    const p = coarse.finish();
    expect(p.powerStatus).toBe('weak');
    expect(p.powerChecks[0]).toMatchObject({ kind: 'statistical', resolution: 0.3, target: 0.2, powerLevel: 0.9 });
    expect(() => coarse.resolution({ label: 'x', value: -1 })).toThrow(RangeError);
  });

  it('a declared weakness makes the claim weak; exact identities alone are ok', () => {
    expect(new PowerRecorder([], false, 'the bound is loose by design', 'test').finish()).toMatchObject({ powerStatus: 'weak', powerNote: 'weak: the bound is loose by design' });
    expect(new PowerRecorder([], false, undefined, 'test').finish()).toMatchObject({ powerStatus: 'ok', binding: null, contentFraction: null, resolution: null });
  });
});

describe('the engine records the power fields of every claim', () => {
  it('a property over random models measures its bound on every scope of every model', async () => {
    const claim = defineClaim<{ numRuns: number }>({
      id: 'power-probe',
      title: 'leaves ≤ 100 (a bound far from binding)',
      source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'test' },
      statement: 'leaves <= cap',
      tier: 'quick',
      parameters: { quick: { numRuns: 7 } },
      falseFailureRate: 0,
      bounds: [{ label: 'leaves ≤ cap', quantity: 'leaves', bound: 'cap', direction: 'upper' }],
      run(ctx) {
        ctx.property(jghmArbitrary({ maxConfigurations: 16 }), (m) => [
          { leaves: m.image.leaves, cap: 100 },
          { leaves: m.text.leaves, cap: 100 },
        ]);
      },
    });
    const { result } = await runClaim(claim, { rootSeed: 3, tier: 'quick' });
    expect(result.status).toBe('pass');
    expect(result.powerChecks?.[0].cases).toBe(14);
    expect(result.powerStatus).toBe('weak');
    expect(result.binding).toBeLessThan(WEAK_BINDING);
  });
});

describe('the progress lines', () => {
  it('print a weak pass as "PASS (weak power)" with its note, and an ok pass plainly', async () => {
    const { progressPrinter } = await import('../../properties/engine/progress.js');
    const out: string[] = [];
    const print = progressPrinter({ write: (s: string) => (out.push(s), true), isTTY: false } as unknown as NodeJS.WritableStream);
    const end = { type: 'claim-end', index: 0, total: 2, status: 'pass', summary: 'holds', durationMs: 5, replay: 'r' } as const;
    print({ ...end, id: 'a', powerStatus: 'weak', powerNote: 'weak: bound far from binding' });
    print({ ...end, id: 'b', powerStatus: 'ok', powerNote: 'ok: fine' });
    expect(out[0]).toMatch(/PASS \(weak power\) a \(0s\): holds\n {6}power: weak: bound far from binding\n/);
    expect(out[1]).toMatch(/PASS {2}b \(0s\): holds\n$/);
  });
});

describe('the engine flags the issue-11 situations', () => {
  it('T3 at K = 2 (coefficient 1 − e^{2B} < 0: the bound can never fail) is reported vacuous, not as a plain pass', async () => {
    const { exactTables, pmiTable } = await import('../../theory/exact-tables.js');
    const { exactClipLoss } = await import('../../theory/clip-loss-exact.js');
    const { sufficiency } = await import('../../theory/information.js');
    const { leafEncoder } = await import('../../theory/encoders.js');
    const claim = defineClaim<{ numRuns: number }>({
      id: 't3-at-k2',
      title: 'T3 at K = 2',
      source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'test' },
      statement: 'excessK >= coef * suffSum - tol',
      tier: 'quick',
      parameters: { quick: { numRuns: 6 } },
      falseFailureRate: 0,
      bounds: [{ label: 'excess ≥ (1 − 2e^{2B}/K)·Suff', quantity: 'excessK', bound: 'coef * suffSum', direction: 'lower' }],
      run(ctx) {
        ctx.property(jghmArbitrary({ maxConfigurations: 16 }), (m) => {
          const t = exactTables(m);
          const pmi = pmiTable(t);
          let B = 0;
          for (const v of pmi) if (Number.isFinite(v)) B = Math.max(B, Math.abs(v));
          const enc = leafEncoder(t, 'image', 0);
          const uniform = new Float64Array(pmi.length); // S ≡ 0, a constant similarity (excess = I-like gap ≥ 0)
          return { excessK: exactClipLoss(t, 2, uniform).symmetric - exactClipLoss(t, 2, pmi).symmetric, coef: 1 - Math.exp(2 * B), suffSum: sufficiency(t, enc), tol: 1e-12 };
        });
      },
    });
    const { result } = await runClaim(claim, { rootSeed: 5, tier: 'quick' });
    expect(result.status).toBe('pass');
    expect(result.powerStatus).toBe('vacuous');
    expect(result.contentFraction).toBe(0);
  });
});
