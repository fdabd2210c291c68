/**
 * A planted wrong claim must fail: "excess_K(S_E) ≥ Suff(E)" is false at finite K (the (T2) identity says
 * excess_K = Suff − G_K with G_K ≥ 0, strictly positive in non-degenerate models). The engine must find a model where
 * it fails, shrink it, save it as jghm/v1 JSON next to the report and print a replay command.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineClaim } from '../../properties/engine/claim.js';
import { runClaims } from '../../properties/engine/run-claims.js';
import { progressPrinter } from '../../properties/engine/progress.js';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import { exactTables, pmiTable } from '../../theory/exact-tables.js';
import { leafEncoder } from '../../theory/encoders.js';
import { bestEncoderSimilarity, sufficiency } from '../../theory/information.js';
import { exactOneDirectionLoss } from '../../theory/clip-loss-exact.js';
import { parseJghmText } from '../../theory/model-format.js';
import { writeReport } from '../../reports/index.js';

const planted = defineClaim({
  id: 'planted-excess-at-least-sufficiency',
  title: 'PLANTED WRONG CLAIM: the finite-K excess of S_E is at least Suff(E)',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'deliberately false (contradicts theory.md §2.2 (T2))' },
  statement: 'excessK >= suff - tol',
  symbols: { excessK: '\\mathrm{excess}_2(S_E)', suff: '\\mathrm{Suff}(E)', tol: '\\tau' },
  tier: 'quick',
  parameters: { quick: { numRuns: 30 } },
  falseFailureRate: 0,
  run(ctx) {
    ctx.property(jghmArbitrary({ maxConfigurations: 64, maxLeaves: 3 }), (model) => {
      const t = exactTables(model);
      const E = leafEncoder(t, 'image', 0);
      const excessK = exactOneDirectionLoss(t, bestEncoderSimilarity(t, E), 2, 'image') - exactOneDirectionLoss(t, pmiTable(t), 2, 'image');
      return { excessK, suff: sufficiency(t, E), tol: 1e-10 };
    });
  },
});

describe('a planted wrong claim', () => {
  it('fails with a shrunk counterexample model saved and a replay command printed', async () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => (lines.push(s), true), isTTY: false } as unknown as NodeJS.WritableStream;
    const { results, files } = await runClaims([planted], { seed: 11, tier: 'quick', onEvent: progressPrinter(stream) });
    const r = results.claims[0];
    expect(r.status).toBe('fail');
    expect(r.counterexample).toBeDefined();
    expect(r.counterexample!.replay).toContain('npm run verify -- --claim planted-excess-at-least-sufficiency --seed 11');
    expect(lines.join('')).toMatch(/FAIL\s+planted-excess-at-least-sufficiency[\s\S]*replay: npm run verify -- --claim planted-excess-at-least-sufficiency --seed 11/);
    const out = join(mkdtempSync(join(tmpdir(), 'planted-')), 'report');
    await writeReport(results, out, files);
    const file = join(out, r.counterexample!.modelFile);
    expect(existsSync(file)).toBe(true);
    const model = parseJghmText(readFileSync(file, 'utf8'));
    // the saved model really is a counterexample: recompute on it
    const t = exactTables(model);
    const E = leafEncoder(t, 'image', 0);
    const excess = exactOneDirectionLoss(t, bestEncoderSimilarity(t, E), 2, 'image') - exactOneDirectionLoss(t, pmiTable(t), 2, 'image');
    expect(excess).toBeLessThan(sufficiency(t, E) - 1e-10);
    // shrunk: a minimal model (2 states, image leaves ≤ 2)
    expect(model.states).toBe(2);
    expect(model.image.leaves).toBeLessThanOrEqual(2);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('planted-excess-at-least-sufficiency');
  });
});
