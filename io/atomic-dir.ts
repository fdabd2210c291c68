/**
 * Atomic directory output: a directory is assembled in a hidden staging sibling and swapped in with two renames, so
 * readers see either the complete previous directory or the complete new one, and an interrupted or failing run
 * leaves the previous directory intact. Leftovers of killed runs (staging dirs, or a previous directory moved aside
 * just before the process died) are cleaned up or restored on the next call.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

let counter = 0;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Leftovers `.<name>.staging-<pid>-…` / `.<name>.old-<pid>-…` next to `abs`, with the pid that made them. */
function leftovers(abs: string, kind: 'staging' | 'old'): { path: string; pid: number }[] {
  const parent = dirname(abs);
  const prefix = `.${basename(abs)}.${kind}-`;
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ path: join(parent, n), pid: Number(n.slice(prefix.length).split('-')[0]) }))
    .filter((l) => Number.isInteger(l.pid));
}

/**
 * Repairs the effects of a run killed while writing `finalDir`: removes staging dirs of dead processes and, if
 * `finalDir` is missing but a dead process had moved it aside, moves it back.
 */
export function recoverInterruptedDir(finalDir: string): void {
  const abs = resolve(finalDir);
  for (const l of leftovers(abs, 'staging')) if (!isAlive(l.pid)) rmSync(l.path, { recursive: true, force: true });
  const olds = leftovers(abs, 'old').filter((l) => !isAlive(l.pid));
  if (!existsSync(abs) && olds.length > 0) {
    const newest = olds.sort((a, b) => statSync(b.path).mtimeMs - statSync(a.path).mtimeMs)[0];
    renameSync(newest.path, abs);
    olds.splice(0, 1);
  }
  for (const l of olds) rmSync(l.path, { recursive: true, force: true });
}

/** A fresh staging directory next to `abs` (after repairing leftovers of killed runs), and its tag. */
function stage(abs: string, fn: string): { staging: string; tag: string } {
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new Error(`${fn}: outDir: ${abs} exists and is not a directory`);
  mkdirSync(dirname(abs), { recursive: true });
  recoverInterruptedDir(abs);
  const tag = `${process.pid}-${Date.now()}-${++counter}`;
  const staging = join(dirname(abs), `.${basename(abs)}.staging-${tag}`);
  mkdirSync(staging);
  return { staging, tag };
}

/**
 * Swaps the complete `staging` directory in as `abs` (the previous one is moved aside as `.<name>.old-<tag>` and
 * removed only after the swap; on failure it is put back, or restored by the next `recoverInterruptedDir`).
 */
function swapIn(staging: string, abs: string, tag: string): void {
  let old: string | undefined;
  if (existsSync(abs)) {
    old = join(dirname(abs), `.${basename(abs)}.old-${tag}`);
    renameSync(abs, old);
  }
  try {
    renameSync(staging, abs);
  } catch (e) {
    // Put the previous directory back if nothing took its place; report the original error either way.
    if (old && !existsSync(abs)) {
      try {
        renameSync(old, abs);
      } catch {
        /* left as .<name>.old-…; recoverInterruptedDir restores it on the next call */
      }
    }
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (old) rmSync(old, { recursive: true, force: true });
}

/**
 * Writes a directory atomically: `fill(staging)` writes the complete content into a fresh staging directory, which
 * then replaces `finalDir`. If `fill` throws (or the process dies), `finalDir` is untouched and the staging
 * directory is removed (or removed by the next call).
 */
export async function writeDirAtomic(finalDir: string, fill: (stagingDir: string) => Promise<void> | void): Promise<void> {
  const abs = resolve(finalDir);
  const { staging, tag } = stage(abs, 'writeDirAtomic');
  try {
    await fill(staging);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  swapIn(staging, abs, tag);
}

/** `writeDirAtomic` for a synchronous `fill` (checkpoints saved from inside a training step, sample folders). */
export function writeDirAtomicSync(finalDir: string, fill: (stagingDir: string) => void): void {
  const abs = resolve(finalDir);
  const { staging, tag } = stage(abs, 'writeDirAtomicSync');
  try {
    fill(staging);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  swapIn(staging, abs, tag);
}
