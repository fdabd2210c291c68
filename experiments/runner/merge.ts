/**
 * Merges the results folders of several machines (each a sweep's `--results`, or a shard's) into one. Finished cells
 * are copied whole (result.json, cell.json, metrics.jsonl, checkpoint/), each staged in a temporary folder and renamed
 * into place; unfinished cells are left out. A cell already finished in the destination is kept: when the two copies'
 * deterministic parts differ (e.g. computed on different backends) it is reported as a conflict. Run it while no
 * sweep writes to the destination.
 */
import { cpSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { ExperimentError } from './errors.js';
import { cellPaths, deterministicPart, readResult, storedCellKeys } from './store.js';

/** What a merge did. */
export interface MergeSummary {
  /** Finished cells copied into the destination. */
  copied: number;
  /** Finished in both, with equal deterministic parts. */
  identical: number;
  /** Finished in both with different deterministic parts (the destination's kept): cell keys and sources. */
  conflicts: { key: string; source: string }[];
  /** Unfinished cells found in the sources (not copied). */
  unfinished: number;
}

/** Merges the finished cells of `sources` into `dest`. */
export function mergeResults(dest: string, sources: readonly string[]): MergeSummary {
  for (const s of sources) {
    if (!existsSync(s) || !statSync(s).isDirectory()) throw new ExperimentError(`merge: ${s} is not a folder`);
    if (!existsSync(join(s, 'cells'))) throw new ExperimentError(`merge: ${s} is not a results folder (it has no cells/)`);
  }
  const summary: MergeSummary = { copied: 0, identical: 0, conflicts: [], unfinished: 0 };
  for (const s of sources) {
    for (const key of storedCellKeys(s)) {
      const incoming = readResult(s, key);
      if (!incoming) {
        summary.unfinished++;
        continue;
      }
      const existing = readResult(dest, key);
      if (existing) {
        if (canonicalJson(deterministicPart(existing)) === canonicalJson(deterministicPart(incoming))) summary.identical++;
        else summary.conflicts.push({ key, source: s });
        continue;
      }
      const target = cellPaths(dest, key).dir;
      const staged = join(dest, 'cells', `.${key}.merge-${process.pid}-${randomBytes(4).toString('hex')}`);
      const from = cellPaths(s, key).dir;
      // leave out temporaries (`.name.tmp-…`, `.checkpoint.staging-…`) a crashed writer may have left
      cpSync(from, staged, { recursive: true, filter: (src) => src === from || !basename(src).startsWith('.') });
      if (existsSync(target)) {
        const aside = `${staged}.old`;
        renameSync(target, aside); // an unfinished copy of the cell in the destination
        renameSync(staged, target);
        rmSync(aside, { recursive: true, force: true });
      } else {
        renameSync(staged, target);
      }
      summary.copied++;
    }
  }
  return summary;
}
