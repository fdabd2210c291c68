/**
 * `clip-theory verify` end to end on a few fast claims: the report files, determinism of results.json for a seed
 * (apart from timing fields), exit codes and usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, tempDir } from './run-cli.js';

const CLAIMS = 'bp-equals-enumeration,sufficiency-forms-agree,fig2b-bayes-zsc-curve';

function withoutTiming(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutTiming);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'timing').map(([k, v]) => [k, withoutTiming(v)]));
  return x;
}

describe('verify', () => {
  it('writes results.json, report.md, index.html and junit.xml; the same seed gives the same results.json', async () => {
    const dir = tempDir('verify');
    const a = await runMain(['verify', '--claim', CLAIMS, '--seed', '5', '--out', join(dir, 'a')]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/root seed 5/);
    for (const f of ['results.json', 'report.md', 'index.html', 'junit.xml']) expect(existsSync(join(dir, 'a', f)), f).toBe(true);
    const b = await runMain(['verify', '--claim', CLAIMS, '--seed', '5', '--out', join(dir, 'b')]);
    expect(b.code).toBe(0);
    const ra = JSON.parse(readFileSync(join(dir, 'a', 'results.json'), 'utf8'));
    const rb = JSON.parse(readFileSync(join(dir, 'b', 'results.json'), 'utf8'));
    expect(withoutTiming(ra)).toEqual(withoutTiming(rb));
    expect(ra.claims.map((c: { id: string }) => c.id)).toEqual(CLAIMS.split(',').sort());
    const c = await runMain(['verify', '--claim', 'bp-equals-enumeration', '--seed', '6', '--out', join(dir, 'c')]);
    const rc = JSON.parse(readFileSync(join(dir, 'c', 'results.json'), 'utf8'));
    expect(rc.claims[0].seed).not.toBe(ra.claims[0].seed);
  });

  it('usage errors exit 2 with one line naming the flag', async () => {
    for (const [args, re] of [
      [['verify', '--claim', 'no-such-claim'], /--claim: unknown claim id/],
      [['verify', '--seed', '-3'], /--seed/],
      [['verify', '--shard', '3/2'], /--shard/],
      [['verify', '--tier', 'slow'], /--tier/],
    ] as const) {
      const r = await runMain([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  });
});
