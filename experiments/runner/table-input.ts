/**
 * Gathers what `renderTable` needs from a results folder: the spec's cells at the current code version, their
 * finished results, and how many finished cells of the experiment came from other code versions.
 */
import { expandCells } from './cells.js';
import { codeVersion as currentCodeVersion } from './code-version.js';
import type { ExperimentSpec } from './spec.js';
import { type CellResult, readResult, storedCellKeys } from './store.js';
import type { TableInput } from './table.js';

/** The table input of `spec` from the results folder `results`. */
export async function loadTableInput(spec: ExperimentSpec, results: string, version = currentCodeVersion()): Promise<TableInput> {
  const { cells } = await expandCells(spec, version);
  const mine = new Set(cells.map((c) => c.key));
  const found = new Map<string, CellResult>();
  let otherVersions = 0;
  for (const key of storedCellKeys(results)) {
    const r = readResult(results, key);
    if (!r) continue;
    if (mine.has(key)) found.set(key, r);
    else if (r.experiment === spec.name && r.codeVersion !== version) otherVersions++;
  }
  return { spec, cells, results: found, otherVersions, resultsDir: results, codeVersion: version };
}
