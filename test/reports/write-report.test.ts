/** writeReport: the complete report directory, atomicity, extra-file rules, determinism. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportError } from '../../reports/report-error.js';
import { validateResults } from '../../reports/validate-results.js';
import { REPORT_FILES, writeReport, type ExtraFile } from '../../reports/write-report.js';
import { COUNTEREXAMPLE_FILE, fakeResults } from './fake-results.js';

import { makeTempDir, removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);

function tmp(): string {
  return makeTempDir('write');
}

function readAll(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of Object.values(REPORT_FILES)) out[f] = readFileSync(join(dir, f), 'utf8');
  out[COUNTEREXAMPLE_FILE.name] = readFileSync(join(dir, COUNTEREXAMPLE_FILE.name), 'utf8');
  return out;
}

describe('writeReport', () => {
  it('writes results.json, report.md, index.html, junit.xml and the extra files', async () => {
    const out = join(tmp(), 'report');
    const r = fakeResults();
    await writeReport(r, out, [COUNTEREXAMPLE_FILE, { name: 'bytes.bin', content: new Uint8Array([0, 1, 255]) }]);
    expect(readdirSync(out).sort()).toEqual(['bytes.bin', 'counterexamples', 'index.html', 'junit.xml', 'report.md', 'results.json']);
    const json = readFileSync(join(out, 'results.json'), 'utf8');
    expect(json.startsWith('{\n  "claims": [\n')).toBe(true);
    expect(validateResults(JSON.parse(json))).toEqual(JSON.parse(JSON.stringify(r)));
    expect(readFileSync(join(out, COUNTEREXAMPLE_FILE.name), 'utf8')).toBe(COUNTEREXAMPLE_FILE.content);
    expect([...readFileSync(join(out, 'bytes.bin'))]).toEqual([0, 1, 255]);
  });

  it('is byte-identical for the same results (and for a JSON round trip of them)', async () => {
    const a = join(tmp(), 'a');
    const b = join(tmp(), 'b');
    await writeReport(fakeResults(5), a, [COUNTEREXAMPLE_FILE]);
    await writeReport(JSON.parse(JSON.stringify(fakeResults(5))), b, [COUNTEREXAMPLE_FILE]);
    expect(readAll(b)).toEqual(readAll(a));
  });

  it('keeps the previous report intact when writing fails midway', async () => {
    const out = join(tmp(), 'report');
    await writeReport(fakeResults(1), out, [COUNTEREXAMPLE_FILE]);
    const before = readAll(out);
    // The second extra file cannot be written (its content is not data): the report files and the first extra file
    // are already in the staging directory when this throws.
    const poisoned = [COUNTEREXAMPLE_FILE, { name: 'later.txt', content: 42 as unknown as string }];
    await expect(writeReport(fakeResults(2), out, poisoned)).rejects.toThrow();
    expect(readAll(out)).toEqual(before);
    expect(readdirSync(join(out, '..'))).toEqual(['report']);
  });

  it('refuses invalid results before touching the disk', async () => {
    const root = tmp();
    const r = fakeResults();
    r.claims[0].falseFailureRate = 2;
    await expect(writeReport(r, join(root, 'report'), [COUNTEREXAMPLE_FILE])).rejects.toThrow('validateResults: claims[0].falseFailureRate');
    expect(readdirSync(root)).toEqual([]);
  });

  const badExtras: [string, ExtraFile[], string][] = [
    ['a path escaping the directory', [COUNTEREXAMPLE_FILE, { name: '../x', content: '' }], 'extraFiles[1].name: must be a relative path'],
    ['a report file name', [COUNTEREXAMPLE_FILE, { name: 'index.html', content: '' }], 'extraFiles[1].name: index.html is written by the report itself'],
    ['a duplicate', [COUNTEREXAMPLE_FILE, COUNTEREXAMPLE_FILE], 'extraFiles[1].name: duplicate file'],
    ['a missing counterexample file', [], 'claims[2].counterexample.modelFile: counterexamples/lemma-bp-exact.jghm.json is not among extraFiles'],
  ];
  for (const [name, extras, message] of badExtras) {
    it(`refuses ${name}`, async () => {
      const err = await writeReport(fakeResults(), join(tmp(), 'r'), extras).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReportError);
      expect((err as Error).message).toContain(message);
    });
  }
});
