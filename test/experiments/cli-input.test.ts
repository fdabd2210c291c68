/**
 * `clip-theory experiment` bad input: one line naming the flag, argument or spec field, exit 2, nothing written;
 * the source-tree rule that experiments/ imports neither properties/, reports/, cli/ nor bench/, and models/ only
 * through models/index.js.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { ROOT, inputErrorLine, runMain, runProcess, tempDir } from '../cli/run-cli.js';
import { TINY_SPEC, writeSpec } from './tiny-spec.js';

const dir = tempDir('experiment-cli');
const spec = writeSpec(dir);

describe('experiment: bad input → one line, exit 2, nothing written', () => {
  const results = join(dir, 'never');
  const cases: [string, string[], RegExp][] = [
    ['no action', [], /missing argument ACTION/],
    ['unknown action', ['launch', 'x'], /unknown action "launch" \(actions: run, table, list, merge\)/],
    ['unknown experiment', ['run', 'no-such-experiment', '--results', results], /unknown experiment "no-such-experiment"/],
    ['missing experiment', ['run'], /missing argument EXPERIMENT/],
    ['bad shard', ['run', spec, '--shard', '3/2', '--results', results], /--shard: i must be in \[1, 2\], got 3/],
    ['shard not i/n', ['run', spec, '--shard', 'half', '--results', results], /--shard: expected i\/n/],
    ['flag of another action', ['table', spec, '--shard', '1/2'], /--shard: not an option of 'table'/],
    ['unknown flag', ['run', spec, '--seeds', '3'], /unknown flag --seeds/],
    ['bad backend', ['run', spec, '--backend', 'gpu'], /--backend: must be one of/],
    ['missing spec file', ['run', join(dir, 'missing.json'), '--results', results], /no such file/],
    ['merge without sources', ['merge', spec], /merge: missing argument SOURCES/],
    ['merge of a non-results folder', ['merge', spec, dir, '--results', results], /merge: .* is not a results folder/],
    ['results is a file', ['run', spec, '--results', spec], /--results: .* is a file, not a results folder/],
    ['update-readme without markers', ['table', spec, '--results', results, '--update-readme', '--readme', spec], /--readme: needs exactly one marker pair/],
  ];
  for (const [name, argv, re] of cases) {
    it(name, async () => {
      const r = await runMain(['experiment', ...argv]);
      expect(inputErrorLine(r, 'experiment')).toMatch(re);
      expect(existsSync(results)).toBe(false);
    });
  }
  it('a malformed spec file names the field', async () => {
    const bad = writeSpec(dir, { ...TINY_SPEC, train: { ...TINY_SPEC.train, heads: 3 } }, 'bad-heads.json');
    const r = await runMain(['experiment', 'run', bad, '--results', results]);
    expect(inputErrorLine(r, 'experiment')).toMatch(/spec tiny: cell s3\/L1\/online\/60 seed 1: TrainConfig\.heads \(3\) must divide width \(8\)/);
    const typo = writeSpec(dir, { ...TINY_SPEC, seedz: [1] }, 'typo.json');
    expect(inputErrorLine(await runMain(['experiment', 'run', typo]), 'experiment')).toMatch(/spec typo\.json\.seedz: unknown field/);
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{');
    expect(inputErrorLine(await runMain(['experiment', 'table', notJson]), 'experiment')).toMatch(/spec .*broken\.json: not valid JSON/);
    expect(existsSync(results)).toBe(false);
  });
  it('the installed program: exit 2 and one line, fast', () => {
    const r = runProcess(['experiment', 'run', spec, '--shard', '0/4']);
    expect(inputErrorLine(r, 'experiment')).toMatch(/--shard: i must be in \[1, 4\]/);
  });
  it('--dry-run plans without writing; list names the registered experiments', async () => {
    const r = await runMain(['experiment', 'run', spec, '--dry-run', '--shard', '1/2', '--results', results]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tiny shard 1\/2: 2 of 4 cells, code version src-[0-9a-f]{16}/);
    expect(r.stdout.match(/ todo$/gm)).toHaveLength(2);
    expect(existsSync(results)).toBe(false);
    const l = await runMain(['experiment', 'list']);
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/^learning-curve\s+32 cells/m);
  });
});

describe('experiments/ imports', () => {
  it('never imports properties/, reports/, cli/ or bench/, and models/ only through models/index.js', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(ROOT, 'experiments'));
    expect(files.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = m[1];
        if (!spec.startsWith('.')) continue;
        const target = relative(ROOT, join(f, '..', spec)).replace(/\\/g, '/');
        if (/^(properties|reports|cli|bench)\//.test(target) || (target.startsWith('models/') && target !== 'models/index.js')) bad.push(`${relative(ROOT, f)} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('twin: the scan sees a forbidden import', () => {
    const m = [..."import { x } from '../../cli/io.js';".matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)];
    expect(m[0][1]).toBe('../../cli/io.js');
  });
});

describe('cluster scripts', () => {
  it('slurm.sh runs shard SLURM_ARRAY_TASK_ID+1 of N', () => {
    const r = spawnSync('bash', [join(ROOT, 'experiments/cluster/slurm.sh'), spec, join(dir, 'slurm-results'), '--dry-run'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, SLURM_ARRAY_TASK_ID: '1', N: '2', SLURM_SUBMIT_DIR: ROOT },
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^tiny shard 2\/2: 2 of 4 cells/);
  });
  it('the Kubernetes Indexed Job: completions = parallelism = the n of --shard, index + 1', () => {
    const y = readFileSync(join(ROOT, 'experiments/cluster/k8s-indexed-job.yaml'), 'utf8');
    const n = (re: RegExp) => Number(re.exec(y)?.[1]);
    expect(y).toMatch(/completionMode: Indexed/);
    const shards = n(/--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/(\d+)"/);
    expect([n(/completions: (\d+)/), n(/parallelism: (\d+)/)]).toEqual([shards, shards]);
  });
});
