/**
 * scripts/ci-verify.sh runs locally what .github/workflows/verify.yml runs in CI (shards, merge, report check); this
 * test runs it on three fast claims in two shards and checks the merged report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('scripts/ci-verify.sh', () => {
  it('runs the shards, merges them and checks the merged report', () => {
    const out = mkdtempSync(join(tmpdir(), 'ci-verify-'));
    const r = spawnSync('bash', ['scripts/ci-verify.sh', '7'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, OUT: out, SHARDS: '2', CLAIMS: 'bp-equals-enumeration,pmi-closed-form,sufficiency-forms-agree' },
      timeout: 240_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const merged = JSON.parse(readFileSync(join(out, 'latest', 'results.json'), 'utf8'));
    expect(merged.seed).toBe(7);
    expect(merged.shard).toBeUndefined();
    expect(merged.claims.map((c: { id: string }) => c.id)).toEqual(['bp-equals-enumeration', 'pmi-closed-form', 'sufficiency-forms-agree']);
    expect(readFileSync(join(out, 'latest', 'report.md'), 'utf8')).toContain('sufficiency-forms-agree');
  });
});
