/**
 * `clip-theory train` with WebGPU through the real command line (subprocesses; software Vulkan in CI):
 * `--backend webgpu` completes a run; `--backend auto` (software adapter allowed) is interrupted with SIGINT and
 * `--resume` ends bit-identical to the uninterrupted webgpu run; and nothing from Dawn, the Vulkan loader or Mesa
 * reaches stderr: every stderr line is one of the command's own (progress, evaluation, interruption). Also, without
 * a usable Vulkan driver (VK_ICD_FILENAMES naming a missing file) and with only a software adapter, `auto` picks a
 * CPU backend silently. Deterministic: no statistical false-failure rate.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePaperJghm } from '../../../theory/generators.js';
import { jghmToJson } from '../../../theory/model-format.js';
import { webgpuUnavailableReason } from './webgpu-available.js';
import { isNativeNoise } from '../../../cli/native-stderr-filter.js';
import { probeWebGpuAdapter } from '../../../models/backends/webgpu-setup.js';

const skip = await webgpuUnavailableReason('cli-train.test.ts');
const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'clip-theory-webgpu-cli-'));
const modelFile = join(dir, 'model.json');
writeFileSync(modelFile, JSON.stringify(jghmToJson(generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.2, seed: 7 }))));
const base = ['--model', modelFile, '--layers', '1', '--width', '8', '--heads', '2', '--batch', '4', '--k', '3', '--test-pairs', '40', '--seed', '3'];
const tiny = [...base, '--steps', '8'];

/** The command's own stderr lines (non-terminal mode). */
const OWN_LINE = /^(step \d+\/\d+ loss |eval step \d+: |interrupted at step \d+: checkpoint saved)/;

interface Run {
  code: number;
  stderr: string;
  stdout: string;
}

/** Runs the CLI; `interruptAfterSteps`: send SIGINT once metrics.jsonl has that many lines. */
function cli(args: string[], env: Record<string, string | undefined>, interruptAfterSteps?: { out: string; lines: number }): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'train', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll = setInterval(() => {
      if (!interruptAfterSteps) return;
      const f = join(interruptAfterSteps.out, 'metrics.jsonl');
      if (existsSync(f) && readFileSync(f, 'utf8').split('\n').length > interruptAfterSteps.lines) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 20);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(poll);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

function expectOnlyOwnLines(r: Run): void {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  const foreign = lines.filter((l) => !OWN_LINE.test(l));
  expect(foreign, `stderr:\n${r.stderr}`).toEqual([]);
  expect(lines.some(isNativeNoise)).toBe(false);
}

const summary = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));

describe.skipIf(skip !== undefined)('train on webgpu through the command line', () => {
  it('--backend webgpu completes; --backend auto, interrupted and resumed, ends bit-identical; no Dawn output', async () => {
    const straight = join(dir, 'straight');
    const a = await cli([...tiny, '--backend', 'webgpu', '--out', straight], { XDG_RUNTIME_DIR: undefined });
    expect(a.code, a.stderr).toBe(0);
    expectOnlyOwnLines(a);
    expect(summary(straight).backend.name).toBe('webgpu');
    expect(summary(straight).status).toBe('completed');

    const split = join(dir, 'split');
    const allow = { CLIP_THEORY_WEBGPU_SOFTWARE: '1', XDG_RUNTIME_DIR: undefined };
    const b = await cli([...tiny, '--backend', 'auto', '--out', split], allow, { out: split, lines: 2 });
    expect(b.code, b.stderr).toBe(130);
    expectOnlyOwnLines(b);
    const mid = summary(split);
    expect(mid.backend.name).toBe('webgpu');
    expect(mid.step).toBeGreaterThan(0);
    expect(mid.step).toBeLessThan(8);

    const c = await cli([...tiny, '--backend', 'auto', '--resume', '--out', split], allow);
    expect(c.code, c.stderr).toBe(0);
    expectOnlyOwnLines(c);
    expect(summary(split).backend.name).toBe('webgpu');
    expect(readFileSync(join(split, 'checkpoint', 'tensors.bin')).equals(readFileSync(join(straight, 'checkpoint', 'tensors.bin')))).toBe(true);
  }, 300_000);
});

describe('auto without a usable GPU picks a CPU backend silently (a hardware adapter: webgpu)', () => {
  it.each([
    ['a Vulkan loader but no driver (VK_ICD_FILENAMES names a missing file)', { VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: undefined }],
    ['whatever adapter this machine has (CLIP_THEORY_WEBGPU_SOFTWARE unset: a software one is skipped)', { CLIP_THEORY_WEBGPU_SOFTWARE: undefined, XDG_RUNTIME_DIR: undefined }],
  ] as [string, Record<string, string | undefined>][])('%s', async (_name, env) => {
    const probe = 'VK_ICD_FILENAMES' in env ? undefined : probeWebGpuAdapter();
    const hardware = probe?.ok === true && !probe.adapter.software;
    const out = join(dir, `auto-${Math.random().toString(36).slice(2)}`);
    const r = await cli([...base, '--steps', '2', '--backend', 'auto', '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    expectOnlyOwnLines(r);
    expect(hardware ? ['webgpu'] : ['wasm', 'cpu']).toContain(summary(out).backend.name);
  }, 120_000);
});
