/** mergeResults: consistency checks between shards and what the merged run contains. */
import { describe, expect, it } from 'vitest';
import { mergeResults, stripShardFlag } from '../../reports/merge-results.js';
import { ReportError } from '../../reports/report-error.js';
import type { RunResults } from '../../reports/results-schema.js';
import { validateResults } from '../../reports/validate-results.js';
import { fakeResults, fakeShards } from './fake-results.js';
import { shardOf } from '../../properties/engine/registry.js';

function mergeError(list: RunResults[], allowPartial = false): string {
  try {
    mergeResults(list, { allowPartial });
  } catch (e) {
    expect(e).toBeInstanceOf(ReportError);
    return (e as Error).message;
  }
  throw new Error('mergeResults accepted inconsistent input');
}

describe('mergeResults', () => {
  it('unions the claims of all shards in the order of the unsharded run (by id), sums budgets, drops shard', () => {
    const shards = fakeShards(3);
    const merged = mergeResults([shards[2], shards[0], shards[1]]);
    expect(validateResults(merged)).toBe(merged);
    expect(merged.shard).toBeUndefined();
    expect(merged.claims.map((c) => c.id)).toEqual(['cdm-rate', 'lemma-bp-exact', 'prop-zsc-risk', 'thm-clip-sufficiency']);
    expect(new Set(merged.claims.map((c) => c.id))).toEqual(new Set(fakeResults().claims.map((c) => c.id)));
    expect(merged.falseFailureBudget).toBeCloseTo(shards.reduce((s, r) => s + r.falseFailureBudget, 0), 15);
    expect(merged.falseFailureBudget).toBeCloseTo(fakeResults().falseFailureBudget, 15);
    expect(merged.seed).toBe(123);
    expect(merged.replay).toBe('npm run verify -- --seed 123 --tier quick');
    // Shards started 03:04:05, 03:05:05, 03:06:05 and ran 1, 2, 3 s: the span is 2 min 3 s.
    expect(merged.timing).toEqual({ startedAt: '2026-01-02T03:04:05.000Z', durationMs: 123_000 });
    // Claims are carried over untouched.
    expect(merged.claims.find((c) => c.id === 'lemma-bp-exact')).toEqual(fakeResults().claims[2]);
  });

  it('reproduces the unsharded run exactly when the shards come from the registry\'s shardOf', () => {
    // The unsharded run lists claims as the registry does: sorted by id.
    const whole = fakeResults();
    const ids = ['zsc-b', 'fig8a-x', 'Fig-upper', 'fig10-y', 'fig2a-z', 'bp-1', 'bp-10', 'bp-2', 'a.b', 'a-b'];
    whole.claims = ids.map((id, i) => ({ ...whole.claims[i % whole.claims.length], id }));
    whole.claims.sort((a, b) => (a.id < b.id ? -1 : 1));
    whole.falseFailureBudget = whole.claims.reduce((s, c) => s + c.falseFailureRate, 0);
    for (const count of [2, 3, 4]) {
      const shards = Array.from({ length: count }, (_, k) => ({ ...whole, shard: { index: k + 1, count }, claims: shardOf(whole.claims, k + 1, count), falseFailureBudget: 0 }));
      const merged = mergeResults(shards.reverse());
      expect(merged.claims, `${count} shards`).toEqual(whole.claims);
      // The planted twin: concatenating the shards (the former behaviour) interleaves the order.
      const concatenated = [...shards].reverse().flatMap((s) => s.claims.map((c) => c.id));
      expect(concatenated).not.toEqual(whole.claims.map((c) => c.id));
    }
  });

  it('does not mutate its inputs', () => {
    const shards = fakeShards(2);
    const copy = JSON.parse(JSON.stringify(shards));
    mergeResults(shards);
    expect(shards).toEqual(copy);
  });

  it('refuses duplicate claim ids', () => {
    const [a, b] = fakeShards(2);
    b.claims.push({ ...a.claims[0] });
    expect(mergeError([a, b])).toContain('duplicate claim id "thm-clip-sufficiency" (also in list[0])');
  });

  it('refuses different seeds, tiers or tool versions', () => {
    const [a, b] = fakeShards(2);
    expect(mergeError([a, { ...b, seed: 124 }])).toBe('mergeResults: list[1].seed: 124 differs from seed 123 of list[0]');
    expect(mergeError([a, { ...b, tier: 'full' }])).toContain('list[1].tier: full differs from tier quick');
    expect(mergeError([a, { ...b, tool: { name: 'clip-theory', version: '0.2.0' } }])).toContain('list[1].tool');
  });

  it('refuses a wrong schema in any input', () => {
    const [a, b] = fakeShards(2);
    expect(mergeError([a, { ...b, schema: 'x' as RunResults['schema'] }])).toContain('mergeResults: list[1]: validateResults: schema');
  });

  it('refuses incomplete, repeated or inconsistent shards unless partial merges are allowed', () => {
    const [a, b, c] = fakeShards(3);
    expect(mergeError([a, c])).toBe('mergeResults: list: missing shard(s) 2/3');
    expect(mergeResults([a, c], { allowPartial: true }).claims).toHaveLength(a.claims.length + c.claims.length);
    expect(mergeError([a, { ...a, claims: [] }, b, c])).toContain('list[1].shard.index: shard 1/3 given twice');
    expect(mergeError([a, { ...b, shard: { index: 2, count: 4 } }])).toContain('list[1].shard.count: 4 differs from 3');
    const { shard: _drop, ...unsharded } = b;
    expect(mergeError([a, unsharded])).toContain('list[1].shard: missing');
  });

  it('refuses an empty list', () => {
    expect(mergeError([])).toBe('mergeResults: list: expected at least one results object');
  });
});

describe('stripShardFlag', () => {
  it('removes --shard i/n in both spellings and nothing else', () => {
    expect(stripShardFlag('npm run verify -- --seed 1 --shard 2/3 --tier quick')).toBe('npm run verify -- --seed 1 --tier quick');
    expect(stripShardFlag('npm run verify -- --shard=2/3')).toBe('npm run verify --');
    expect(stripShardFlag('npm run verify -- --seed 1')).toBe('npm run verify -- --seed 1');
  });
});
