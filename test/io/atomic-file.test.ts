/** writeFileAtomic: a file is replaced whole or not at all. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../io/index.js';
import { makeTempDir, removeTempDirs } from '../reports/temp-dir.js';

afterAll(removeTempDirs);

describe('writeFileAtomic', () => {
  it('creates parent folders, then replaces the content, leaving no temporary files', () => {
    const root = makeTempDir('atomic-file');
    const file = join(root, 'a', 'b', 'out.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, new Uint8Array([116, 119, 111]));
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['out.json']);
  });

  it('leaves the previous file intact and no temporary file when the write fails', () => {
    const root = makeTempDir('atomic-file');
    const file = join(root, 'out.txt');
    writeFileSync(file, 'previous');
    // the target is a non-empty directory: the rename fails after the temporary file was written
    const dir = join(root, 'dir');
    mkdirSync(dir);
    writeFileSync(join(dir, 'x'), 'x');
    expect(() => writeFileAtomic(dir, 'new')).toThrow();
    expect(readdirSync(root).sort()).toEqual(['dir', 'out.txt']);
    expect(readFileSync(file, 'utf8')).toBe('previous');
  });
});
