/**
 * `clip-theory claims`: lists the registered claims; `--markdown` prints the README table; `--update-readme` rewrites
 * the table in README.md in place (atomically).
 */
import { readFileSync } from 'node:fs';
import { type ArgsOf, bool, checkPath, defineCommand, defineSpec, string } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';

/** Flags of `claims`. */
export const spec = defineSpec({
  name: 'claims',
  summary: 'list the claims; print or update the README claims table',
  flags: {
    markdown: bool({ help: 'print the markdown table' }),
    updateReadme: bool({ help: 'rewrite the claims table in README.md' }),
    readme: string({ placeholder: 'FILE', default: 'README.md', help: 'README to update (with --update-readme)' }),
  },
});

/** Parsed flags of `claims`. */
export type ClaimsArgs = ArgsOf<typeof spec>;

/** Runs `claims`. */
export async function run(args: ClaimsArgs): Promise<number> {
  if (args.updateReadme) checkPath(args.readme, 'readme', 'output-file');
  // The claims and the TeX renderer load only after the flags are checked.
  const { loadClaims } = await import('../../properties/index.js');
  const { renderClaimsTable, replaceClaimsTable } = await import('../../properties/index.js');
  const claims = await loadClaims();
  const table = renderClaimsTable(claims);
  if (args.updateReadme) {
    const path = args.readme;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new UsageError(`--readme: cannot read ${path}`);
    }
    try {
      writeFileAtomic(path, replaceClaimsTable(text, table));
    } catch (e) {
      throw new UsageError(`--readme: ${(e as Error).message}`);
    }
    console.log(`updated the claims table in ${path} (${claims.length} claims)`);
    return 0;
  }
  if (args.markdown) {
    console.log(table);
    return 0;
  }
  for (const c of claims) console.log(`${c.id.padEnd(44)} ${c.tier.padEnd(5)} ${c.source.kind}/${c.source.tag}  ${c.title}`);
  return 0;
}

/** The `claims` command. */
export const command = defineCommand(spec, run);
