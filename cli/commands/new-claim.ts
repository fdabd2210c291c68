/**
 * `clip-theory new-claim <id>` (also `npm run new-claim -- <id>`): scaffolds properties/claims/<id>.claim.ts and
 * adds it to the README's claims table (so the README-table test stays green). The scaffold records a failing check
 * until it is written, so `npm test` (which runs every claim's quick tier, one test per claim) fails on it: write
 * the statement and the run, then the test turns green. After editing the title or statement, regenerate the table
 * with `npm run -s cli -- claims --update-readme`.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ArgsOf, bool, defineCommand, defineSpec, path, string } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import { CLAIMS_DIR } from '../../properties/engine/registry.js';

/** Flags of `new-claim`. */
export const spec = defineSpec({
  name: 'new-claim',
  summary: 'scaffold a new claim file (with a failing check until written)',
  positionals: [{ name: 'id', help: 'kebab-case claim id, e.g. my-conjecture', required: true }],
  flags: {
    dir: string({ placeholder: 'DIR', help: 'claims folder (default properties/claims)' }),
    readme: path({ role: 'output-file', help: 'README whose claims table to update (default README.md when --dir is not given; none otherwise)' }),
    noReadme: bool({ help: 'do not update the README claims table' }),
  },
});

/** Parsed flags of `new-claim`. */
export type NewClaimArgs = ArgsOf<typeof spec>;

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
export async function run(args: NewClaimArgs): Promise<number> {
  const id = args._[0];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new UsageError(`ID: must be kebab-case (lowercase letters, digits, dashes), got ${JSON.stringify(id)}`);
  const dir = args.dir ?? CLAIMS_DIR;
  const file = join(dir, `${id}.claim.ts`);
  if (existsSync(file)) throw new UsageError(`ID: ${file} already exists`);
  const readme = args.noReadme ? undefined : args.readme ?? (args.dir === undefined ? 'README.md' : undefined);
  let readmeText: string | undefined;
  if (readme !== undefined) {
    try {
      readmeText = readFileSync(readme, 'utf8');
    } catch {
      throw new UsageError(`--readme: cannot read ${readme} (use --no-readme to skip the claims table)`);
    }
    const { extractClaimsTable } = await import('../../properties/index.js');
    if (extractClaimsTable(readmeText) === null) throw new UsageError(`--readme: ${readme} has no claims-table markers (use --no-readme to skip the claims table)`);
  }
  writeFileAtomic(file, scaffold(id));
  if (readme !== undefined && readmeText !== undefined) {
    try {
      const { loadClaims } = await import('../../properties/index.js');
      const { renderClaimsTable, replaceClaimsTable } = await import('../../properties/index.js');
      writeFileAtomic(readme, replaceClaimsTable(readmeText, renderClaimsTable(await loadClaims(dir))));
    } catch (e) {
      rmSync(file, { force: true }); // nothing half-done: no claim file without its README row
      throw e;
    }
  }
  console.log(
    `created ${file}${readme === undefined ? '' : ` and added it to the claims table of ${readme}`}\n` +
      `next: write its statement and run(), then \`npx vitest run test/properties/claims.test.ts -t ${id}\` (fails until the scaffold's TODO check is removed)` +
      `${readme === undefined ? '' : `;\nafter changing its title or statement: \`npm run -s cli -- claims --update-readme\``}`,
  );
  return 0;
}

/** The `new-claim` command. */
export const command = defineCommand(spec, run);
