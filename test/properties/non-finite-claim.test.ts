/**
 * Non-finite numbers never crash reporting (issue 11): a claim whose quantities, table or plot contain ±Infinity or
 * NaN fails with that reason, and the whole report (results.json, report.md, index.html, junit.xml) is still written.
 * Its twin, the same claim with finite numbers, passes: the failure comes from the non-finite values alone.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineClaim } from '../../properties/engine/claim.js';
import { runClaims } from '../../properties/engine/run-claims.js';
import { writeReport } from '../../reports/index.js';
import { validateResults } from '../../reports/validate-results.js';

function reportingClaim(id: string, value: number) {
  return defineClaim({
    id,
    title: `reports ${value}`,
    source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'test' },
    statement: 'err <= tol',
    tier: 'quick',
    parameters: { quick: {} },
    falseFailureRate: 0,
    run(ctx) {
      ctx.check({ err: 0, tol: 1e-12 }, 'a passing check');
      ctx.quantity({ name: 'loss', estimate: value, exact: true });
      ctx.table(['K', 'loss'], [[2, value], [3, 1.5]]);
      ctx.plot({ id: 'curve', title: 'loss', xLabel: 'K', yLabel: 'loss', logY: true, series: [{ name: 'ours', kind: 'ours', points: [{ x: 1, y: value }, { x: 2, y: 1 }] }] });
    },
  });
}

const scopeClaim = (id: string, err: number) =>
  defineClaim({
    id,
    title: `checks err = ${err}`,
    source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'test' },
    statement: 'err <= tol',
    tier: 'quick',
    parameters: { quick: {} },
    falseFailureRate: 0,
    run(ctx) {
      ctx.check({ err, tol: 1e-10 }, 'err within tolerance');
    },
  });

describe('non-finite numbers in a claim', () => {
  it('±Infinity and NaN quantities, table cells and plot points fail the claim with the reason; the report is complete', async () => {
    const claims = [
      reportingClaim('reports-infinity', Infinity),
      reportingClaim('reports-minus-infinity', -Infinity),
      reportingClaim('reports-nan', NaN),
      reportingClaim('reports-finite', 0.5),
      scopeClaim('checks-infinity', Infinity),
      scopeClaim('checks-nan', NaN),
    ];
    const { results, files } = await runClaims(claims, { seed: 3, tier: 'quick' });
    const byId = new Map(results.claims.map((c) => [c.id, c]));
    for (const id of ['reports-infinity', 'reports-minus-infinity', 'reports-nan']) {
      const r = byId.get(id)!;
      expect(r.status).toBe('fail');
      const failed = r.checks.filter((c) => !c.passed);
      expect(failed.map((c) => c.description)).toEqual(['every reported number is finite']);
      expect(failed[0].detail).toMatch(/quantity loss = (-?Infinity|NaN) is not finite/);
      expect(failed[0].detail).toMatch(/table row 1, column loss = (-?Infinity|NaN) is not finite/);
      expect(r.table?.rows[0][1]).toBe(String(id === 'reports-nan' ? NaN : id === 'reports-infinity' ? Infinity : -Infinity));
    }
    // +Infinity on a log axis is non-finite (fails); −Infinity is also ≤ 0 but non-finite first
    expect(byId.get('reports-infinity')!.checks.at(-1)!.detail).toContain('plot curve, series ours, point (1, Infinity) is not finite');
    expect(byId.get('reports-finite')!.status).toBe('pass');
    expect(byId.get('reports-finite')!.plots?.[0].series[0].points).toHaveLength(2);
    expect(byId.get('checks-infinity')!.status).toBe('fail');
    const nan = byId.get('checks-nan')!;
    expect(nan.status).toBe('fail');
    expect(nan.checks[0].detail).toMatch(/'err' is NaN/);
    expect(() => validateResults(JSON.parse(JSON.stringify(results)))).not.toThrow();

    const out = join(mkdtempSync(join(tmpdir(), 'non-finite-')), 'report');
    await writeReport(results, out, files);
    for (const f of ['results.json', 'report.md', 'index.html', 'junit.xml']) expect(existsSync(join(out, f))).toBe(true);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/reports-infinity[\s\S]*<failure/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('is not finite');
  });

  it('a value ≤ 0 on a log axis is left out of the plot with a note, without failing the claim', async () => {
    const { results } = await runClaims([reportingClaim('reports-zero', 0)], { seed: 3, tier: 'quick' });
    const r = results.claims[0];
    expect(r.status).toBe('pass');
    expect(r.plots?.[0].series[0].points).toEqual([{ x: 2, y: 1 }]);
    expect(r.message).toContain('left out of log-scale plot curve');
    expect(() => validateResults(JSON.parse(JSON.stringify(results)))).not.toThrow();
  });
});
