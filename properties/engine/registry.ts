/**
 * The claim registry: every file `properties/claims/*.claim.ts` default-exports one claim (made with `defineClaim`).
 * Adding a conjecture = adding one such file; it is discovered automatically, sorted by id.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Claim, Tier } from './claim.js';

/** The folder claims are discovered in. */
export const CLAIMS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'claims');

/** Loads every claim file of `dir` (default `properties/claims`), validating ids are unique. */
export async function loadClaims(dir = CLAIMS_DIR): Promise<Claim[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.claim.ts'))
    .sort();
  const claims: Claim[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default?: Claim };
    const c = mod.default;
    if (!c || typeof c.run !== 'function' || typeof c.id !== 'string') {
      throw new RangeError(`loadClaims: ${f} must default-export a claim made with defineClaim`);
    }
    if (seen.has(c.id)) throw new RangeError(`loadClaims: duplicate claim id '${c.id}' in ${f} and ${seen.get(c.id)}`);
    if (`${c.id}.claim.ts` !== f) throw new RangeError(`loadClaims: ${f} defines claim '${c.id}'; the file must be named ${c.id}.claim.ts`);
    seen.set(c.id, f);
    claims.push(c);
  }
  return claims.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The claims that run in a tier: quick-tier claims run in both tiers, full-tier claims only in `full`. */
export function claimsOfTier(claims: readonly Claim[], tier: Tier): Claim[] {
  return claims.filter((c) => tier === 'full' || c.tier === 'quick');
}

/** Shard `index` (1-based) of `count`: every count-th claim of the id-sorted list. */
export function shardOf<T extends { id: string }>(claims: readonly T[], index: number, count: number): T[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw new RangeError(`shard must be i/n with 1 ≤ i ≤ n (got ${index}/${count})`);
  }
  return [...claims].sort((a, b) => (a.id < b.id ? -1 : 1)).filter((_, i) => i % count === index - 1);
}
