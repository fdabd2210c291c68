/** validateResults: accepts the realistic fake run, and rejects each kind of defect with a message naming the field. */
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../reports/report-error.js';
import type { RunResults } from '../../reports/results-schema.js';
import { isSafeRelativePath, validateResults } from '../../reports/validate-results.js';
import { fakeResults, fakeShards } from './fake-results.js';

function broken(mutate: (r: RunResults & Record<string, unknown>) => void): unknown {
  const r = fakeResults() as RunResults & Record<string, unknown>;
  mutate(r);
  return JSON.parse(JSON.stringify(r));
}

function errorOf(x: unknown): string {
  try {
    validateResults(x);
  } catch (e) {
    expect(e).toBeInstanceOf(ReportError);
    return (e as Error).message;
  }
  throw new Error('validateResults accepted invalid input');
}

describe('validateResults', () => {
  it('accepts the fake run, its JSON round trip and its shards', () => {
    const r = fakeResults();
    expect(validateResults(r)).toBe(r);
    expect(() => validateResults(JSON.parse(JSON.stringify(r)))).not.toThrow();
    for (const s of fakeShards(3)) expect(() => validateResults(s)).not.toThrow();
  });

  const cases: [string, (r: RunResults & Record<string, unknown>) => void, string][] = [
    ['wrong schema', (r) => ((r as Record<string, unknown>).schema = 'clip-theory/results@2'), 'validateResults: schema: expected "clip-theory/results@1"'],
    ['non-integer seed', (r) => (r.seed = 1.5), 'validateResults: seed: expected an integer'],
    ['bad tier', (r) => ((r as Record<string, unknown>).tier = 'medium'), 'validateResults: tier: expected one of quick, full'],
    ['shard index 0', (r) => (r.shard = { index: 0, count: 3 }), 'validateResults: shard.index'],
    ['shard index beyond count', (r) => (r.shard = { index: 4, count: 3 }), 'shard.index: must be ≤ shard.count (3)'],
    ['negative budget', (r) => (r.falseFailureBudget = -1), 'falseFailureBudget: must be ≥ 0'],
    ['bad date', (r) => (r.timing.startedAt = 'yesterday'), 'timing.startedAt: expected an ISO date'],
    ['unknown top-level field', (r) => (r.extra = 1), 'validateResults: extra: unknown field'],
    ['duplicate claim id', (r) => (r.claims[1].id = r.claims[0].id), 'claims[1].id: duplicate claim id "thm-clip-sufficiency"'],
    ['bad claim id', (r) => (r.claims[2].id = 'has space'), 'claims[2].id: expected an identifier'],
    ['missing title', (r) => delete (r.claims[0] as unknown as Record<string, unknown>).title, 'claims[0].title: expected a string, got a undefined'],
    ['bad source tag', (r) => ((r.claims[0].source as unknown as Record<string, unknown>).tag = 'MAYBE'), 'claims[0].source.tag: expected one of FOUND, FOUND-CODE, RECONSTRUCTED, UNKNOWN'],
    ['rate above one', (r) => (r.claims[3].falseFailureRate = 1.5), 'claims[3].falseFailureRate: must lie in [0, 1]'],
    ['reversed interval', (r) => (r.claims[0].quantities[0].ci = [0.2, 0.1]), 'claims[0].quantities[0].ci: lo (0.2) must be ≤ hi (0.1)'],
    ['NaN estimate (null in JSON)', (r) => (r.claims[0].quantities[0].estimate = NaN), 'claims[0].quantities[0].estimate: expected a finite number, got null'],
    ['negative se', (r) => (r.claims[0].quantities[0].se = -1), 'claims[0].quantities[0].se: must be ≥ 0'],
    ['typo in optional field', (r) => ((r.claims[0].plots![0] as unknown as Record<string, unknown>).logx = true), 'claims[0].plots[0].logx: unknown field'],
    ['non-positive x on log axis', (r) => (r.claims[0].plots![0].series[0].points[0].x = 0), 'claims[0].plots[0].series[0].points[0].x: must be > 0 on a log x axis'],
    ['lo without hi', (r) => delete r.claims[0].plots![0].series[0].points[1].hi, 'claims[0].plots[0].series[0].points[1]: lo and hi must be given together'],
    ['empty series', (r) => (r.claims[0].plots![0].series[1].points = []), 'claims[0].plots[0].series[1].points: must contain at least one point'],
    ['duplicate series name', (r) => (r.claims[0].plots![0].series[1].name = 'ours'), 'claims[0].plots[0].series[1].name: duplicate series name'],
    ['bad series kind', (r) => ((r.claims[0].plots![0].series[1] as unknown as Record<string, unknown>).kind = 'theirs'), 'claims[0].plots[0].series[1].kind'],
    ['ragged table row', (r) => r.claims[1].table!.rows[0].push(1), 'claims[1].table.rows[0]: expected 2 cells, got 3'],
    ['counterexample outside the report', (r) => (r.claims[2].counterexample!.modelFile = '../secret.json'), 'claims[2].counterexample.modelFile: must be a relative path'],
    ['negative duration', (r) => (r.claims[2].timing.durationMs = -5), 'claims[2].timing.durationMs: must be ≥ 0'],
    ['bad status', (r) => ((r.claims[2] as unknown as Record<string, unknown>).status = 'skipped'), 'claims[2].status: expected one of pass, fail, error'],
  ];
  for (const [name, mutate, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(errorOf(broken(mutate))).toContain(message);
    });
  }

  it('rejects non-objects at the root', () => {
    expect(errorOf(null)).toBe('validateResults: (root): expected an object, got null');
    expect(errorOf([])).toBe('validateResults: (root): expected an object, got an array');
  });
});

describe('isSafeRelativePath', () => {
  it('accepts nested relative paths and refuses escapes', () => {
    expect(isSafeRelativePath('counterexamples/a.json')).toBe(true);
    for (const p of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a\\b', 'a/']) expect(isSafeRelativePath(p), p).toBe(false);
  });
});
