/** mergeReportDirs and the `clip-theory report merge` command on shard directories written by writeReport. */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { mergeReportDirs } from '../../reports/merge-report-dirs.js';
import { writeReport } from '../../reports/write-report.js';
import { COUNTEREXAMPLE_FILE, fakeResults, fakeShards } from './fake-results.js';

import { makeTempDir, removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);

let template: string | undefined;

/**
 * Copies of the 3 fake shards as report directories shard-1..3 under a fresh root (rendered once with writeReport,
 * then copied, to keep the test fast); returns root and dirs.
 */
async function writeShards(): Promise<{ root: string; dirs: string[] }> {
  if (!template) {
    template = makeTempDir('merge-template');
    for (const s of fakeShards(3)) {
      const extras = s.claims.some((c) => c.counterexample) ? [COUNTEREXAMPLE_FILE] : [];
      await writeReport(s, join(template, `shard-${s.shard!.index}`), extras);
    }
  }
  const root = makeTempDir('merge');
  cpSync(template, root, { recursive: true });
  return { root, dirs: [1, 2, 3].map((i) => join(root, `shard-${i}`)) };
}

describe('mergeReportDirs', () => {
  it('merges shard directories into a full report with the counterexample files', async () => {
    const { root, dirs } = await writeShards();
    const out = join(root, 'latest');
    const merged = await mergeReportDirs(dirs, out);
    expect(merged.claims).toHaveLength(4);
    expect(readdirSync(out).sort()).toEqual(['counterexamples', 'index.html', 'junit.xml', 'report.md', 'results.json']);
    expect(readFileSync(join(out, COUNTEREXAMPLE_FILE.name), 'utf8')).toBe(COUNTEREXAMPLE_FILE.content);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('2 passed, 1 failed, 1 error (4 claims)');
    expect(md).not.toContain('| shard |');
    // Budgets add up to the unsharded run's budget.
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).falseFailureBudget).toBeCloseTo(fakeResults().falseFailureBudget, 15);
  });

  it('names the directory that lacks results.json or holds invalid JSON', async () => {
    const { root, dirs } = await writeShards();
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await expect(mergeReportDirs([...dirs, empty], join(root, 'o'))).rejects.toThrow(`${join(empty, 'results.json')} does not exist`);
    writeFileSync(join(empty, 'results.json'), '{"schema":');
    await expect(mergeReportDirs([...dirs, empty], join(root, 'o'))).rejects.toThrow('not valid JSON');
    expect(readdirSync(root)).not.toContain('o');
  });

  it('refuses a shard whose counterexample file is missing, and an output dir among the inputs', async () => {
    const { root, dirs } = await writeShards();
    const owner = dirs.find((d) => readdirSync(d).includes('counterexamples'))!;
    rmSync(join(owner, COUNTEREXAMPLE_FILE.name));
    await expect(mergeReportDirs(dirs, join(root, 'o'))).rejects.toThrow('counterexample.modelFile');
    await expect(mergeReportDirs(dirs, dirs[0])).rejects.toThrow('dirs[0]');
  });
});

describe('clip-theory report merge', () => {
  let stderr: string[];
  let stdout: string[];
  beforeEach(() => {
    stderr = [];
    stdout = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (stderr.push(String(s)), true));
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void stdout.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it('merges and prints a one-line summary (exit 0)', async () => {
    const { root, dirs } = await writeShards();
    const out = join(root, 'latest');
    expect(await main(['report', 'merge', ...dirs, '--out', out])).toBe(0);
    expect(stdout.join('\n')).toContain('merged 3 report(s): 2 passed, 1 failed, 1 error (4 claims), verdict error');
    expect(readdirSync(out)).toContain('index.html');
  });

  it('exits 2 with one line for mismatched seeds, missing shards, unknown actions and missing --out', async () => {
    const { root, dirs } = await writeShards();
    const other = join(root, 'other-seed');
    const s = fakeShards(3, 999)[1];
    await writeReport(s, other);
    expect(await main(['report', 'merge', dirs[0], other, dirs[2], '--out', join(root, 'o')])).toBe(2);
    expect(await main(['report', 'merge', dirs[0], dirs[1], '--out', join(root, 'o')])).toBe(2);
    expect(await main(['report', 'merge', dirs[0], dirs[2], '--out', join(root, 'o'), '--allow-partial'])).toBe(0);
    expect(await main(['report', 'frobnicate', dirs[0], '--out', join(root, 'o')])).toBe(2);
    expect(await main(['report', 'merge', ...dirs])).toBe(2);
    expect(await main(['report', 'merge', '--out', join(root, 'o')])).toBe(2);
    expect(stderr).toHaveLength(5);
    for (const line of stderr) expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr[0]).toContain('seed: 999 differs from seed 123');
    expect(stderr[1]).toContain('missing shard(s) 3/3');
    expect(stderr[2]).toContain("unknown action \"frobnicate\"");
    expect(stderr[3]).toContain('--out: required');
  });
});
