/**
 * `clip-theory new-claim <id>` (also `npm run new-claim -- <id>`): scaffolds properties/claims/<id>.claim.ts. The
 * scaffold records a failing check until it is written, so `npm test` (which runs every claim's quick tier, one
 * test per claim) fails on it: write the statement and the run, then the test turns green.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import { CLAIMS_DIR } from '../../properties/engine/registry.js';

/** Flags of `new-claim`. */
export const spec: CommandSpec = {
  name: 'new-claim',
  summary: 'scaffold a new claim file (with a failing check until written)',
  positionals: [{ name: 'id', help: 'kebab-case claim id, e.g. my-conjecture', required: true }],
  flags: [{ name: 'dir', type: 'string', placeholder: 'DIR', help: 'claims folder (default properties/claims)' }],
};

/** The scaffold's source text. */
export function scaffold(id: string): string {
  return `/**
 * Claim — TODO: one line saying what is claimed.
 *
 * Statement: TODO (in words; the checked expression is \`statement\` below).
 * Source: TODO (paper section/figure, or 'derived' with the theory.md reference and tag).
 * Quantities: lhs, rhs (TODO: what they are), tol = floating-point allowance.
 * Check: TODO (exact on random models via ctx.property, or Monte Carlo with a CI).
 * Error budget: TODO (0 for exact checks).
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { exactTables } from '../../theory/exact-tables.js';
import { mutualInformation } from '../../theory/information.js';

export default defineClaim({
  id: '${id}',
  title: 'TODO: title of ${id}',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'TODO' },
  statement: 'lhs <= rhs + tol',
  symbols: { lhs: '\\\\mathrm{lhs}', rhs: '\\\\mathrm{rhs}', tol: '\\\\tau' },
  tier: 'quick',
  parameters: { quick: { numRuns: 20 }, full: { numRuns: 200 } },
  falseFailureRate: 0,
  run(ctx) {
    // Example of the pattern (replace it): the statement checked on random small models.
    ctx.property(jghmArbitrary(), (model) => {
      const t = exactTables(model);
      return { lhs: 0, rhs: mutualInformation(t), tol: 1e-10 };
    });
    // Remove this line once the claim is written: it keeps the scaffold's test failing until then.
    ctx.assert('scaffold not written yet', false, 'edit properties/claims/${id}.claim.ts');
  },
});
`;
}

/** Runs `new-claim`. */
export async function run(args: ParsedArgs): Promise<number> {
  const id = args._[0];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new UsageError(`ID: must be kebab-case (lowercase letters, digits, dashes), got ${JSON.stringify(id)}`);
  const dir = (args.dir as string | undefined) ?? CLAIMS_DIR;
  const file = join(dir, `${id}.claim.ts`);
  if (existsSync(file)) throw new UsageError(`ID: ${file} already exists`);
  writeFileAtomic(file, scaffold(id));
  console.log(`created ${file}\nnext: write its statement and run(), then \`npx vitest run test/properties/claims.test.ts -t ${id}\` (fails until the scaffold's TODO check is removed)`);
  return 0;
}
