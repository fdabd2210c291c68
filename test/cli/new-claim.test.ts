import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { main } from '../../cli/main.js';
import { runClaim } from '../../properties/engine/run-claim.js';
import type { Claim } from '../../properties/engine/claim.js';
import { TABLE_END, TABLE_START, extractClaimsTable, renderClaimsTable } from '../../properties/engine/claims-table.js';
import { loadClaims } from '../../properties/engine/registry.js';

// The scaffold imports '../engine/claim.js' etc., so it is generated into a sibling folder of properties/claims.
const propertiesDir = fileURLToPath(new URL('../../properties/', import.meta.url));
const dir = join(propertiesDir, `claims-scaffold-test-${process.pid}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('new-claim', () => {
  it('scaffolds a claim whose test fails until it is written, then passes', async () => {
    expect(await main(['new-claim', 'my-conjecture', '--dir', dir])).toBe(0);
    const file = join(dir, 'my-conjecture.claim.ts');
    const scaffold = (await import(pathToFileURL(file).href)).default as Claim;
    const before = await runClaim(scaffold, { rootSeed: 1, tier: 'quick' });
    expect(before.result.status).toBe('fail');
    expect(before.result.checks.some((c) => c.description === 'scaffold not written yet' && !c.passed)).toBe(true);
    // "writing" the claim: drop the TODO check
    const written = join(dir, 'my-conjecture-written.claim.ts');
    writeFileSync(written, readFileSync(file, 'utf8').replace(/^\s*ctx\.assert\('scaffold not written yet'.*$/m, '').replace("id: 'my-conjecture'", "id: 'my-conjecture-written'"));
    const after = await runClaim((await import(pathToFileURL(written).href)).default as Claim, { rootSeed: 1, tier: 'quick' });
    expect(after.result.status, after.result.summary).toBe('pass');
  });

  it('adds the new claim to the README claims table (the README-table test stays green)', async () => {
    const readme = join(dir, 'README.md');
    writeFileSync(readme, `# x\n\n${TABLE_START}\n| old |\n${TABLE_END}\n\nend\n`);
    const tableDir = join(propertiesDir, `claims-table-test-${process.pid}`);
    mkdirSync(tableDir, { recursive: true });
    onTestFinished(() => rmSync(tableDir, { recursive: true, force: true }));
    expect(await main(['new-claim', 'table-conjecture', '--dir', tableDir, '--readme', readme])).toBe(0);
    const text = readFileSync(readme, 'utf8');
    const table = extractClaimsTable(text);
    expect(table).toContain('| `table-conjecture` | TODO: title of table-conjecture');
    expect(table).toBe(renderClaimsTable(await loadClaims(tableDir)));
    expect(text.endsWith('\n\nend\n')).toBe(true);
  });

  it('a README without the table markers is refused before the claim is written', async () => {
    const readme = join(dir, 'NO-TABLE.md');
    writeFileSync(readme, '# no table\n');
    expect(await main(['new-claim', 'unwritten-conjecture', '--dir', dir, '--readme', readme])).toBe(2);
    expect(existsSync(join(dir, 'unwritten-conjecture.claim.ts'))).toBe(false);
    expect(readFileSync(readme, 'utf8')).toBe('# no table\n');
  });

  it('refuses a bad id or an existing file with exit code 2', async () => {
    expect(await main(['new-claim', 'Bad_Id', '--dir', dir])).toBe(2);
    expect(await main(['new-claim', 'my-conjecture', '--dir', dir])).toBe(2);
    expect(await main(['new-claim'])).toBe(2);
  });
});
