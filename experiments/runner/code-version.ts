/**
 * The code version that goes into every cell's identity: `src-<16 hex>`, a sha256 over the contents of the source
 * files that compute a result (every `.ts` file under `theory/` and `models/`, and this runner's `run-cell.ts`) and the
 * installed tfjs versions. Chosen over the git commit because it is defined without git (an unpacked tarball, a
 * container), follows uncommitted edits, and does not invalidate finished cells when only docs, tests, the CLI or a
 * table printer change. File contents are hashed without their paths, so moving a file does not change it either.
 * The git commit, when there is one, is recorded next to each result as provenance (`gitCommit`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from './canonical-json.js';

/** The repository root (two folders above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folders whose `.ts` files enter the code version, relative to the repository root. */
export const CODE_FOLDERS = ['theory', 'models'] as const;
/** Single files that enter it too. */
export const CODE_FILES = ['experiments/runner/run-cell.ts'] as const;
/** Installed packages whose versions enter it. */
export const CODE_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core'] as const;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function packageVersion(root: string, pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'absent';
  }
}

/** The code version of the checkout at `root` (default: this repository). */
export function codeVersion(root = REPO_ROOT): string {
  const hashes: string[] = [];
  for (const f of CODE_FOLDERS) hashes.push(...tsFiles(join(root, f)).map((p) => sha256Hex(readFileSync(p, 'utf8'))));
  for (const f of CODE_FILES) hashes.push(sha256Hex(readFileSync(join(root, f), 'utf8')));
  hashes.sort();
  const packages = CODE_PACKAGES.map((p) => `${p}@${packageVersion(root, p)}`);
  return `src-${sha256Hex([...hashes, ...packages].join('\n')).slice(0, 16)}`;
}

/** The git commit of the checkout (with `+dirty` when tracked files differ), or null without git. Provenance only. */
export function gitCommit(root = REPO_ROOT): string | null {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5000 });
  if (head.status !== 0 || !/^[0-9a-f]{40}$/.test(head.stdout.trim())) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8', timeout: 5000 });
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() !== '' ? '+dirty' : ''}`;
}
