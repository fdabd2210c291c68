/**
 * `clip-theory claims`: lists the registered claims; `--markdown` prints the README table; `--update-readme` rewrites
 * the table in README.md in place (atomically).
 */
import { readFileSync } from 'node:fs';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import { loadClaims } from '../../properties/engine/registry.js';
import { renderClaimsTable, replaceClaimsTable } from '../../properties/engine/claims-table.js';

/** Flags of `claims`. */
export const spec: CommandSpec = {
  name: 'claims',
  summary: 'list the claims; print or update the README claims table',
  flags: [
    { name: 'markdown', type: 'bool', help: 'print the markdown table' },
    { name: 'update-readme', type: 'bool', help: 'rewrite the claims table in README.md' },
    { name: 'readme', type: 'string', placeholder: 'FILE', default: 'README.md', help: 'README to update' },
  ],
};

/** Runs `claims`. */
export async function run(args: ParsedArgs): Promise<number> {
  const claims = await loadClaims();
  const table = renderClaimsTable(claims);
  if (args.updateReadme) {
    const path = args.readme as string;
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
