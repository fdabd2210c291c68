/**
 * `clip-theory verify`: runs the claims and writes results.json, report.md, index.html, junit.xml and any
 * counterexample models to the output folder (atomically). Exit 0 all pass, 1 a claim failed, 2 usage error.
 */
import { type ArgsOf, bool, checkPath, choice, defineCommand, defineSpec, string } from '../args.js';
import { UsageError } from '../errors.js';
import { readdirSync } from 'node:fs';
import { CLAIMS_DIR, claimsOfTier, loadClaims, shardOf } from '../../properties/engine/registry.js';
import { checkSeed } from '../../theory/random.js';
import type { Claim, Tier } from '../../properties/engine/claim.js';
import { initBackend } from '../../models/index.js';
import { FULL_LEARNED } from '../../properties/learned/learned-presets.js';
import { learnedTierCost } from '../../properties/learned/learned-cost.js';

/** Claim ids from the file names of the claims folder (the registry requires file name = id), without loading them. */
function claimIdsOnDisk(): Set<string> {
  return new Set(readdirSync(CLAIMS_DIR).filter((f) => f.endsWith('.claim.ts')).map((f) => f.slice(0, -'.claim.ts'.length)));
}

/** Default root seed: fixed, so `npm run verify` is reproducible; `--seed random` draws a fresh one. */
export const DEFAULT_SEED = 1;

/** Flags of `verify`. */
export const spec = defineSpec({
  name: 'verify',
  summary: 'run the claims and write the reports (results.json, report.md, index.html, junit.xml)',
  flags: {
    tier: choice(['quick', 'full'] as const satisfies readonly Tier[], { default: 'quick', help: 'quick (CI) or full (long runs)' }),
    claim: string({ placeholder: 'ID,...', help: 'run only these claim ids (comma-separated)' }),
    seed: string({ placeholder: 'N|random', default: String(DEFAULT_SEED), help: 'root seed of the run (replays exactly)' }),
    out: string({ placeholder: 'DIR', default: 'reports/latest', help: 'output folder (checked before any claim runs)' }),
    shard: string({ placeholder: 'I/N', help: 'run shard I of N (merge with `clip-theory report merge`)' }),
    json: bool({ help: 'print results.json to stdout instead of progress lines' }),
    list: bool({ help: 'list the claims (id, tier, source) and exit' }),
    force: bool({ help: "run the learned claims' full tier even on a CPU backend (hours)" }),
  },
  details: 'Examples:\n  npm run verify\n  npm run verify -- --claim sufficiency-forms-agree --seed 7\n  npm run verify -- --tier full --shard 2/4 --out reports/shard-2',
});

/** Parsed flags of `verify`. */
export type VerifyArgs = ArgsOf<typeof spec>;

function parseSeed(raw: string): number {
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  if (!/^\d+$/.test(raw)) throw new UsageError(`--seed: expected a non-negative integer or 'random', got ${JSON.stringify(raw)}`);
  const n = Number(raw);
  try {
    return checkSeed(n, '--seed');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseShard(raw: string | undefined): { index: number; count: number } | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard: expected I/N with 1 ≤ I ≤ N, got ${JSON.stringify(raw)}`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** Trainings the claims add to the learned pool at their full-tier parameters (`extraTraining`), each counted once. */
export function extraTrainingOf(claims: readonly Claim[]): { runs: number; cpuSeconds: number } {
  const byKey = new Map<string, number>();
  for (const c of claims) for (const r of c.extraTraining?.(c.parameters.full ?? c.parameters.quick) ?? []) byKey.set(r.key, r.cpuSeconds);
  let cpuSeconds = 0;
  for (const s of byKey.values()) cpuSeconds += s;
  return { runs: byKey.size, cpuSeconds };
}

/** Backends that train on a GPU. */
const GPU_BACKENDS: ReadonlySet<string> = new Set(['webgpu']);

/**
 * The learned claims' full tier trains the paper's shapes: print its estimated cost before anything runs, and refuse
 * (usage error, exit 2) when the backend `auto` picks is a CPU one, unless `--force`.
 */
export async function checkLearnedFullTier(
  claims: readonly Claim[],
  tier: Tier,
  force: boolean,
  pickBackend: () => Promise<string> = async () => (await initBackend('auto')).name,
  log: (line: string) => void = (line) => process.stderr.write(line),
): Promise<void> {
  if (tier !== 'full' || !claims.some((c) => c.id.startsWith('learned-'))) return;
  const pool = learnedTierCost(FULL_LEARNED);
  const extra = extraTrainingOf(claims);
  const runs = pool.runs + extra.runs;
  const cpuSeconds = pool.cpuSeconds + extra.cpuSeconds;
  const backend = await pickBackend();
  const minutes = Math.ceil(cpuSeconds / 60);
  log(
    `learned claims, full tier: ${runs} training runs (pool: ${FULL_LEARNED.models} models × ${FULL_LEARNED.seeds.length} seeds × deep/shallow, ${FULL_LEARNED.deep.steps} steps; ${extra.runs} more for the selected claims), about ${minutes} min on one CPU core; backend ${backend}\n`,
  );
  if (!GPU_BACKENDS.has(backend) && !force) {
    throw new UsageError(`--force: the learned claims' full tier needs a GPU (backend auto picked ${backend}, a CPU backend: about ${minutes} min); pass --force to run it anyway, or --tier quick`);
  }
}

/** Runs `verify`. */
export async function run(args: VerifyArgs): Promise<number> {
  const tier = args.tier;
  const seed = parseSeed(args.seed);
  const shard = parseShard(args.shard);
  // Every flag is checked before the claims, the engine and the report renderers are loaded.
  if (!args.list) checkPath(args.out, 'out', 'output-dir');
  let ids: string[] | undefined;
  if (args.claim !== undefined) {
    ids = args.claim.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) throw new UsageError(`--claim: expected claim ids (comma-separated), got ${JSON.stringify(args.claim)} (see: npm run verify -- --list)`);
    const known = claimIdsOnDisk();
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`--claim: unknown claim id(s) ${unknown.join(', ')} (see: npm run verify -- --list)`);
  }
  const all = await loadClaims();
  if (args.list) {
    for (const c of all) console.log(`${c.id.padEnd(44)} ${c.tier.padEnd(5)} ${c.source.kind}/${c.source.tag}  ${c.title}`);
    return 0;
  }
  const tierClaims = claimsOfTier(all, tier);
  let selected = tierClaims;
  if (ids !== undefined) {
    const known = new Set(all.map((c) => c.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`--claim: unknown claim id(s) ${unknown.join(', ')} (see: npm run verify -- --list)`);
    const wanted = new Set(ids);
    selected = all.filter((c) => wanted.has(c.id));
  }
  if (shard) selected = shardOf(selected, shard.index, shard.count);
  await checkLearnedFullTier(selected, tier, args.force);
  const out = args.out;
  const replayParts = [`npm run verify -- --seed ${seed} --tier ${tier}`];
  if (args.claim !== undefined) replayParts.push(`--claim ${args.claim}`);
  if (shard) replayParts.push(`--shard ${shard.index}/${shard.count}`);
  const { runClaims } = await import('../../properties/index.js');
  const { progressPrinter } = await import('../../properties/index.js');
  const { writeReport } = await import('../../reports/index.js');
  const { results, files } = await runClaims(selected, {
    seed,
    tier,
    ...(shard ? { shard } : {}),
    tierClaims,
    replay: replayParts.join(' '),
    onEvent: args.json ? undefined : progressPrinter(process.stderr),
  });
  await writeReport(results, out, files);
  const failed = results.claims.filter((c) => c.status !== 'pass');
  if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    process.stderr.write(`\n${results.claims.length - failed.length} passed, ${failed.length} failed — report: ${out}/index.html (also report.md, results.json, junit.xml)\n`);
    process.stderr.write(`root seed ${seed}; replay the run: ${results.replay}\n`);
    for (const c of failed) {
      process.stderr.write(`  ${c.status.toUpperCase()} ${c.id}: ${c.summary}\n    replay: ${c.replay}\n`);
      if (c.counterexample) process.stderr.write(`    counterexample model: ${out}/${c.counterexample.modelFile}\n`);
    }
  }
  return failed.length ? 1 : 0;
}

/** The `verify` command. */
export const command = defineCommand(spec, run);
