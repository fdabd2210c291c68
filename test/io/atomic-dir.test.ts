/** writeDirAtomic / recoverInterruptedDir: all-or-nothing directory replacement. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recoverInterruptedDir, writeDirAtomic, writeDirAtomicSync } from '../../io/index.js';

import { makeTempDir, removeTempDirs } from '../reports/temp-dir.js';

afterAll(removeTempDirs);

function tmp(): string {
  return makeTempDir('atomic');
}

/** A pid that is certainly not running (beyond the default Linux pid_max of 2^22). */
const DEAD_PID = 4_194_305 + 12345;

describe('writeDirAtomic', () => {
  it('creates and then replaces a directory completely', async () => {
    const root = tmp();
    const out = join(root, 'nested', 'report');
    await writeDirAtomic(out, (d) => {
      writeFileSync(join(d, 'a.txt'), 'one');
      writeFileSync(join(d, 'old-only.txt'), 'x');
    });
    await writeDirAtomic(out, (d) => writeFileSync(join(d, 'a.txt'), 'two'));
    expect(readdirSync(out)).toEqual(['a.txt']);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('two');
    expect(readdirSync(join(root, 'nested'))).toEqual(['report']); // no staging or old directories left
  });

  it('leaves the previous directory intact when filling fails midway', async () => {
    const root = tmp();
    const out = join(root, 'report');
    await writeDirAtomic(out, (d) => writeFileSync(join(d, 'a.txt'), 'previous'));
    await expect(
      writeDirAtomic(out, async (d) => {
        writeFileSync(join(d, 'a.txt'), 'half-written new content');
        throw new Error('disk full (simulated)');
      }),
    ).rejects.toThrow('disk full (simulated)');
    expect(readdirSync(out)).toEqual(['a.txt']);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('previous');
    expect(readdirSync(root)).toEqual(['report']);
  });

  it('refuses to replace a file', async () => {
    const root = tmp();
    writeFileSync(join(root, 'report'), 'a file');
    await expect(writeDirAtomic(join(root, 'report'), () => {})).rejects.toThrow('writeDirAtomic: outDir');
  });
});

describe('writeDirAtomicSync', () => {
  it('replaces a directory completely, and leaves it intact when filling fails', () => {
    const root = tmp();
    const out = join(root, 'run', 'checkpoint');
    writeDirAtomicSync(out, (d) => writeFileSync(join(d, 'a.txt'), 'one'));
    writeDirAtomicSync(out, (d) => writeFileSync(join(d, 'b.txt'), 'two'));
    expect(readdirSync(out)).toEqual(['b.txt']);
    expect(() =>
      writeDirAtomicSync(out, (d) => {
        writeFileSync(join(d, 'b.txt'), 'half');
        throw new Error('killed (simulated)');
      }),
    ).toThrow('killed (simulated)');
    expect(readFileSync(join(out, 'b.txt'), 'utf8')).toBe('two');
    expect(readdirSync(join(root, 'run'))).toEqual(['checkpoint']);
  });

  it('restores a directory a dead run had moved aside before writing', () => {
    const root = tmp();
    const out = join(root, 'checkpoint');
    const old = join(root, `.checkpoint.old-${DEAD_PID}-1-1`);
    mkdirSync(old);
    writeFileSync(join(old, 'a.txt'), 'previous');
    writeDirAtomicSync(out, (d) => {
      // the recovered previous directory is in place while the new one is being filled
      expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('previous');
      writeFileSync(join(d, 'a.txt'), 'new');
    });
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('new');
    expect(readdirSync(root)).toEqual(['checkpoint']);
  });
});

describe('recoverInterruptedDir', () => {
  it('removes staging dirs of dead processes and keeps those of live ones', () => {
    const root = tmp();
    const out = join(root, 'report');
    mkdirSync(out);
    mkdirSync(join(root, `.report.staging-${DEAD_PID}-1-1`));
    mkdirSync(join(root, `.report.staging-${process.pid}-1-1`));
    recoverInterruptedDir(out);
    expect(readdirSync(root).sort()).toEqual([`.report.staging-${process.pid}-1-1`, 'report']);
  });

  it('moves the previous directory back when a dead run had moved it aside', () => {
    const root = tmp();
    const out = join(root, 'report');
    const old = join(root, `.report.old-${DEAD_PID}-1-1`);
    mkdirSync(old);
    writeFileSync(join(old, 'a.txt'), 'previous');
    recoverInterruptedDir(out);
    expect(existsSync(old)).toBe(false);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('previous');
  });
});
