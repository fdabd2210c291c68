/**
 * Test helpers for the CLI: `runMain` calls the exported `main(argv)` in-process and captures stdout/stderr (fast,
 * for most cases); `runProcess` spawns the real entry point (`node --import tsx cli/main.ts …`, ~0.5 s each) to prove
 * the exit code and the stderr shape of the installed program.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../cli/main.js';

/** What a CLI run produced. */
export interface CliResult {
  /** Exit code. */
  code: number;
  /** Everything written to stdout (process.stdout.write and console.log). */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Runs `main(argv)` in this process, capturing its output. */
export async function runMain(argv: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    stdout += `${a.map(String).join(' ')}\n`;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
  }
}

/** Runs the real CLI as a subprocess from the repository root. */
export function runProcess(argv: readonly string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, CLIP_THEORY_DEBUG: '' },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Spawns `node --import tsx [--import PRELOAD…] ARGS…` from the repository root (debug output off, 60 s limit) and
 * collects its exit code and output; asynchronous, so that several processes can run at once.
 */
export function spawnTsx(args: readonly string[], env: Record<string, string> = {}, preloads: readonly string[] = []): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...preloads.flatMap((p) => ['--import', p]), ...args], {
      cwd: ROOT,
      env: { ...process.env, CLIP_THEORY_DEBUG: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** Like `runProcess`, but asynchronous, so that several processes can run at once. */
export function runProcessAsync(argv: readonly string[]): Promise<CliResult> {
  return spawnTsx(['cli/main.ts', ...argv]);
}

/** A fresh temporary directory. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `clip-theory-${label}-`));
}

/** A snapshot of a directory tree (relative path → contents), to check that a failed run left it untouched. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else out[`${rel}${name}`] = readFileSync(p).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}

/**
 * Asserts the shape of an input-error result: exit code 2, nothing on stdout, exactly one stderr line that starts
 * with `clip-theory <command>: `, mentions `needle`, and carries no stack trace.
 */
export function inputErrorLine(r: CliResult, command: string): string {
  if (r.code !== 2) throw new Error(`expected exit code 2, got ${r.code}; stderr: ${r.stderr}`);
  if (r.stdout !== '') throw new Error(`expected no stdout, got ${JSON.stringify(r.stdout.slice(0, 200))}`);
  const lines = r.stderr.split('\n');
  if (lines.length !== 2 || lines[1] !== '') throw new Error(`expected exactly one stderr line, got ${JSON.stringify(r.stderr)}`);
  if (!lines[0].startsWith(`clip-theory ${command}: `)) throw new Error(`stderr line does not name the command: ${lines[0]}`);
  if (/\bat .*\(|\.ts:\d+/.test(lines[0])) throw new Error(`stderr looks like a stack trace: ${lines[0]}`);
  return lines[0];
}
