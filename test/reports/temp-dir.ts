/** Temporary directories for the report tests, removed after each test file (`afterAll(removeTempDirs)`). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh empty directory under the OS temp dir. */
export function makeTempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `clip-theory-${prefix}-`));
  made.push(d);
  return d;
}

/** Removes every directory made by makeTempDir in this test file. */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
