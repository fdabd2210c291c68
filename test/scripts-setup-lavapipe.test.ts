/**
 * scripts/setup-lavapipe.sh: a failure is one line on stderr (naming the log), nothing on stdout, exit 1; on a
 * machine where it already ran, a second run is quick and prints exactly the one `export VK_ICD_FILENAMES=…` line.
 * (The first, installing run needs root and apt: it is exercised by `.ci/run`.) Deterministic.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const script = join(ROOT, 'scripts', 'setup-lavapipe.sh');
const run = (args: string[]) => spawnSync('bash', [script, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('scripts/setup-lavapipe.sh', () => {
  it('fails in one line when it cannot set up (a folder it cannot create)', () => {
    const r = run(['/proc/clip-theory-cannot-exist/lavapipe']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^setup-lavapipe: .* \(log: .+\)$/);
  });

  const existing = process.env.CLIP_THEORY_LAVAPIPE_DIR ?? '/opt/lavapipe';
  it.skipIf(!existsSync(join(existing, 'lvp.json')))(`a second run on ${existing} only checks and prints the environment`, () => {
    const r = run([existing]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`export VK_ICD_FILENAMES=${existing}/lvp.json\n`);
    expect(r.stderr).toBe('');
  });
});
