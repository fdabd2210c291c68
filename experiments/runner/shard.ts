/**
 * `--shard i/n`: which cells a process computes. The cells are sorted by key (their content hash) and dealt round
 * robin, so the assignment depends only on the set of cells: every process of a SLURM array or a Kubernetes Indexed
 * Job computes the same split without talking to the others, shard sizes differ by at most one, and the n shards
 * together cover every cell exactly once.
 */
import { ExperimentError } from './errors.js';

/** A shard: 1 ≤ index ≤ count. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1-based); throws an ExperimentError naming `--shard`. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ExperimentError(`--shard: expected i/n (e.g. 2/4), got ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000) throw new ExperimentError(`--shard: n must be in [1, 100000], got ${m[2]}`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) throw new ExperimentError(`--shard: i must be in [1, ${count}], got ${m[1]}`);
  return { index, count };
}

/** The items of shard `shard` (keeps the input order among them). */
export function shardCells<T extends { key: string }>(cells: readonly T[], shard: Shard): T[] {
  const sorted = [...cells].map((c) => c.key).sort();
  const mine = new Set(sorted.filter((_, i) => i % shard.count === shard.index - 1));
  return cells.filter((c) => mine.has(c.key));
}
