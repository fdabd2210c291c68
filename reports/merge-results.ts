/**
 * Merging the results of the shards of one run into the results of the whole run (`clip-theory report merge`).
 */
import { ReportError } from './report-error.js';
import type { ClaimResult, RunResults } from './results-schema.js';
import { validateResults } from './validate-results.js';

const FN = 'mergeResults';

/** Options of mergeResults. */
export interface MergeOptions {
  /** Accept an incomplete set of shards (default: every shard 1..count must be present exactly once). */
  allowPartial?: boolean;
}

/** Removes `--shard i/n` / `--shard=i/n` from a replay command (the merged run is not a shard). */
export function stripShardFlag(replay: string): string {
  return replay.replace(/\s+--shard(?:=|\s+)\d+\/\d+(?=\s|$)/g, '');
}

/**
 * Orders claim ids as the registry does (properties/engine/registry.ts: by id, UTF-16 code units), which is the order
 * of an unsharded run.
 */
export function compareClaimIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges shard results: all inputs must share schema, tool, seed and tier; claims are collected from every input
 * (duplicate claim ids are refused) and ordered by id ({@link compareClaimIds}), as in the unsharded run; false-failure budgets are summed (union
 * bound); `shard` is dropped. When inputs are shards, they must have the same count and, unless `allowPartial`,
 * cover every index exactly once. Nothing else is recomputed: environment is the first input's, timing spans the
 * inputs (earliest start to latest end), replay is the first input's without its `--shard` flag.
 */
export function mergeResults(list: readonly RunResults[], options: MergeOptions = {}): RunResults {
  if (!Array.isArray(list) || list.length === 0) throw new ReportError(FN, 'list', 'expected at least one results object');
  list.forEach((r, i) => {
    try {
      validateResults(r);
    } catch (e) {
      throw new ReportError(FN, `list[${i}]`, (e as Error).message);
    }
  });
  const first = list[0];
  list.forEach((r, i) => {
    if (r.tool.name !== first.tool.name || r.tool.version !== first.tool.version) {
      throw new ReportError(FN, `list[${i}].tool`, `${r.tool.name} ${r.tool.version} differs from ${first.tool.name} ${first.tool.version} of list[0]`);
    }
    if (r.seed !== first.seed) throw new ReportError(FN, `list[${i}].seed`, `${r.seed} differs from seed ${first.seed} of list[0]`);
    if (r.tier !== first.tier) throw new ReportError(FN, `list[${i}].tier`, `${r.tier} differs from tier ${first.tier} of list[0]`);
  });
  const sharded = list.filter((r) => r.shard !== undefined);
  if (sharded.length > 0 && sharded.length !== list.length) {
    const i = list.findIndex((r) => r.shard === undefined);
    throw new ReportError(FN, `list[${i}].shard`, 'missing: cannot merge shard results with unsharded results');
  }
  const order = list.map((r, i) => i);
  if (sharded.length > 0) {
    const count = first.shard!.count;
    const seenAt = new Map<number, number>();
    list.forEach((r, i) => {
      if (r.shard!.count !== count) throw new ReportError(FN, `list[${i}].shard.count`, `${r.shard!.count} differs from ${count} of list[0]`);
      const prev = seenAt.get(r.shard!.index);
      if (prev !== undefined) throw new ReportError(FN, `list[${i}].shard.index`, `shard ${r.shard!.index}/${count} given twice (also list[${prev}])`);
      seenAt.set(r.shard!.index, i);
    });
    if (!options.allowPartial) {
      const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seenAt.has(k));
      if (missing.length > 0) throw new ReportError(FN, 'list', `missing shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')}`);
    }
    order.sort((a, b) => list[a].shard!.index - list[b].shard!.index);
  }
  const claims: ClaimResult[] = [];
  const owner = new Map<string, number>();
  for (const i of order) {
    for (const c of list[i].claims) {
      const prev = owner.get(c.id);
      if (prev !== undefined) throw new ReportError(FN, `list[${i}].claims`, `duplicate claim id ${JSON.stringify(c.id)} (also in list[${prev}])`);
      owner.set(c.id, i);
      claims.push(c);
    }
  }
  claims.sort((a, b) => compareClaimIds(a.id, b.id));
  const start = Math.min(...list.map((r) => Date.parse(r.timing.startedAt)));
  const end = Math.max(...list.map((r) => Date.parse(r.timing.startedAt) + r.timing.durationMs));
  const merged: RunResults = {
    schema: first.schema,
    tool: { ...first.tool },
    seed: first.seed,
    tier: first.tier,
    falseFailureBudget: list.reduce((s, r) => s + r.falseFailureBudget, 0),
    environment: { ...first.environment },
    timing: { startedAt: new Date(start).toISOString(), durationMs: end - start },
    replay: stripShardFlag(first.replay),
    claims,
  };
  return merged;
}
