/**
 * `clip-theory train`: bad input is one line naming the flag with exit code 2; a run writes config.json,
 * metrics.jsonl, checkpoint/ and summary.json; Ctrl-C (a real SIGINT to a subprocess) saves a checkpoint and exits
 * 130, and `--resume` then ends bit-identical to an uninterrupted run (same backend).
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, inputErrorLine, runMain, tempDir } from './run-cli.js';
import { generatePaperJghm } from '../../theory/generators.js';
import { jghmToJson } from '../../theory/model-format.js';

const dir = tempDir('train');
const modelFile = join(dir, 'model.json');
writeFileSync(modelFile, JSON.stringify(jghmToJson(generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.2, seed: 5 }))));
const tiny = ['--model', modelFile, '--layers', '2', '--width', '8', '--batch', '4', '--k', '3', '--test-pairs', '40', '--backend', 'wasm', '--seed', '3'];

describe('train: bad input → one line naming the flag, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing --model', ['--out', join(dir, 'x1')], /--model: required/],
    ['unreadable model', ['--model', join(dir, 'nope.json'), '--out', join(dir, 'x2')], /--model: cannot read/],
    ['steps < 1', [...tiny, '--steps', '0', '--out', join(dir, 'x3')], /--steps: must be ≥ 1/],
    ['heads not dividing width', [...tiny, '--heads', '3', '--out', join(dir, 'x4')], /--heads: must divide --width \(8\), got 3/],
    ['lr-min above lr', [...tiny, '--lr', '1e-4', '--lr-min', '1e-3', '--out', join(dir, 'x5')], /--lr-min: /],
    ['unknown backend', [...tiny, '--backend', 'gpu', '--out', join(dir, 'x6')], /--backend: must be one of/],
    ['resume without a run', [...tiny, '--resume', '--out', join(dir, 'x7')], /--resume: .*no config\.json/],
    ['out-dim below 1', [...tiny, '--out-dim', '0', '--out', join(dir, 'x11')], /--out-dim: must be ≥ 1/],
    ['embedding-std not positive', [...tiny, '--embedding-std', '0', '--out', join(dir, 'x10')], /--embedding-std: .*must be > 0/],
    ['output-projection not a boolean', [...tiny, '--output-projection=maybe', '--out', join(dir, 'x9')], /--output-projection: expected true or false/],
  ];
  for (const [name, argv, re] of cases) {
    it(name, async () => {
      const r = await runMain(['train', ...argv]);
      expect(inputErrorLine(r, 'train')).toMatch(re);
    });
  }
  it('malformed model JSON names the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'jghm/v1', states: 1 }));
    const r = await runMain(['train', '--model', bad, '--out', join(dir, 'x8')]);
    expect(inputErrorLine(r, 'train')).toMatch(/states|format|trees/);
  });
  it('refuses a non-empty --out without --resume', async () => {
    const out = join(dir, 'busy');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'file'), 'x');
    const r = await runMain(['train', ...tiny, '--out', out]);
    expect(inputErrorLine(r, 'train')).toMatch(/--out: .*not empty/);
  });
});

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

describe('train: encoder options reach the saved configuration', () => {
  it('--out-dim and --embedding-std', async () => {
    const out = join(dir, 'options');
    const r = await runMain(['train', ...tiny, '--steps', '1', '--out-dim', '6', '--embedding-std', '0.5', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect([saved.config.outDim, saved.config.embeddingStd]).toEqual([6, 0.5]);
  });
});

describe('train: --output-projection', () => {
  it('a run saved before the option existed (no outputProjection in config.json) resumes with Wo, as it was trained', async () => {
    const out = join(dir, 'old-format');
    const r = await runMain(['train', ...tiny, '--steps', '2', '--output-projection', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const cfgFile = join(out, 'config.json');
    const saved = JSON.parse(readFileSync(cfgFile, 'utf8'));
    expect(saved.config.outputProjection).toBe(true);
    delete saved.config.outputProjection;
    saved.config.steps = 3;
    writeFileSync(cfgFile, JSON.stringify(saved));
    // the checkpoint holds attn/wo variables: restoring it into a Wo-free trainer would fail (variable count)
    const resumed = await runMain(['train', ...tiny, '--resume', '--out', out]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).step).toBe(3);
  });

  it('a checkpoint that does not fit the saved configuration is a usage error (one line, exit 2, files untouched)', async () => {
    const out = join(dir, 'mismatch');
    const r = await runMain(['train', ...tiny, '--steps', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const cfgFile = join(out, 'config.json');
    const saved = JSON.parse(readFileSync(cfgFile, 'utf8'));
    saved.config.outputProjection = true; // the checkpoint has no attn/wo variables
    saved.config.steps = 3;
    writeFileSync(cfgFile, JSON.stringify(saved));
    const metricsBefore = readFileSync(join(out, 'metrics.jsonl'), 'utf8');
    const resumed = await runMain(['train', ...tiny, '--resume', '--out', out]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr.trim().split('\n')).toHaveLength(1);
    expect(resumed.stderr).toMatch(/--resume: cannot restore .*checkpoint.*variable/);
    expect(resumed.stderr).not.toMatch(/internal error|at .*\.ts:/);
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8')).toBe(metricsBefore);
  });
});

describe('train: run folder, Ctrl-C and exact resume', () => {
  it('writes the run files; SIGINT + --resume ends bit-identical to an uninterrupted run', async () => {
    const steps = ['--steps', '30', '--eval-every', '15'];
    const straight = join(dir, 'straight');
    const r = await runMain(['train', ...tiny, ...steps, '--out', straight]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['config.json', 'metrics.jsonl', 'summary.json', 'checkpoint/checkpoint.json', 'checkpoint/tensors.bin']) expect(existsSync(join(straight, f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(straight, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('completed');
    expect(summary.backend.name).toBe('wasm');
    expect(summary.backend.version).toMatch(/tfjs 4\.22\.0/);
    expect(summary.wallSeconds).toBeGreaterThan(0);
    expect(summary.finalEval.n).toBe(40);
    expect(JSON.parse(readFileSync(join(straight, 'config.json'), 'utf8')).config.outputProjection).toBe(false);
    const m = lines(join(straight, 'metrics.jsonl'));
    expect(m.filter((x) => x.type === 'step')).toHaveLength(30);
    expect(m.filter((x) => x.type === 'eval').map((x) => x.step)).toEqual([15, 30]);

    // interrupted run: a real SIGINT once a few steps are logged
    const split = join(dir, 'split');
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'train', ...tiny, ...steps, '--out', split], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        const f = join(split, 'metrics.jsonl');
        if (existsSync(f) && readFileSync(f, 'utf8').split('\n').length > 3) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
      child.on('close', (c) => {
        clearInterval(poll);
        resolve(c ?? -1);
      });
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted at step \d+: checkpoint saved/);
    const mid = JSON.parse(readFileSync(join(split, 'summary.json'), 'utf8'));
    expect(mid.status).toBe('interrupted');
    expect(mid.step).toBeGreaterThan(0);
    expect(mid.step).toBeLessThan(30);

    const resumed = await runMain(['train', ...tiny, '--resume', '--out', split]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(join(split, 'checkpoint', 'tensors.bin')).equals(readFileSync(join(straight, 'checkpoint', 'tensors.bin')))).toBe(true);
    const a = lines(join(straight, 'metrics.jsonl')).map((x) => [x.type, x.step, x.loss]);
    const b = lines(join(split, 'metrics.jsonl')).map((x) => [x.type, x.step, x.loss]);
    expect(b).toEqual(a);
  });
});
