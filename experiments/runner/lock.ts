/**
 * Per-cell lock files, so that several processes (shards, or whole sweeps started twice) sharing one results folder
 * never compute the same cell at once. A lock is created with O_EXCL (`wx`), holds {pid, host, token, started}, and
 * its mtime is a heartbeat the holder refreshes while it trains. A lock is stale, and may be taken over, when its
 * holder is a dead process on this host, or when its heartbeat is older than `staleAfterMs` (a holder on another
 * machine that died). Take-over renames the stale lock to a unique name and checks the renamed file is the stale one
 * before creating a fresh lock. Even in the worst race (two processes computing one cell), results stay correct:
 * training is deterministic and result.json is written by an atomic rename.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  token: string;
  started: string;
}

/** A held lock. */
export interface HeldLock {
  path: string;
  token: string;
  /** Refreshes the heartbeat (at most every `everyMs`). */
  heartbeat(everyMs?: number): void;
  /** Removes the lock if it is still ours. */
  release(): void;
}

function readLock(path: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the lock at `path` is stale, or null when it is live (or absent). */
export function staleReason(path: string, staleAfterMs: number, now = Date.now()): string | null {
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    return null;
  }
  const info = readLock(path);
  if (info && info.host === hostname() && Number.isSafeInteger(info.pid) && !processAlive(info.pid)) return `its process ${info.pid} on this host has ended`;
  if (now - mtime > staleAfterMs) return `no heartbeat for ${Math.round((now - mtime) / 1000)} s`;
  if (!info && now - mtime > 10_000) return 'it is unreadable';
  return null;
}

function create(path: string): HeldLock | null {
  const token = randomBytes(12).toString('hex');
  const info: LockInfo = { pid: process.pid, host: hostname(), token, started: new Date().toISOString() };
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  let last = Date.now();
  return {
    path,
    token,
    heartbeat(everyMs = 5000) {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      try {
        utimesSync(path, now / 1000, now / 1000);
      } catch {
        // the lock was taken over (we were considered dead): the run still ends with a correct result
      }
    },
    release() {
      if (readLock(path)?.token === token) rmSync(path, { force: true });
    },
  };
}

/**
 * Tries to take the lock at `path`: the held lock, or null when a live process holds it. A stale lock is taken over
 * (`onStale` is told why).
 */
export function tryLock(path: string, staleAfterMs: number, onStale?: (why: string) => void): HeldLock | null {
  mkdirSync(dirname(path), { recursive: true });
  const held = create(path);
  if (held) return held;
  const why = staleReason(path, staleAfterMs);
  if (!why) return null;
  const stale = readLock(path);
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return null; // another process took it over first
  }
  const moved = readLock(aside);
  if (stale && moved && moved.token !== stale.token) {
    // we moved a fresh lock someone else had just created: put it back and leave the cell to them
    try {
      renameSync(aside, path);
    } catch {
      /* they will see their lock gone and still finish correctly */
    }
    return null;
  }
  rmSync(aside, { force: true });
  onStale?.(why);
  return create(path);
}
