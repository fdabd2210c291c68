import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadClaims } from '../../properties/engine/registry.js';
import { extractClaimsTable, renderClaimsTable } from '../../properties/engine/claims-table.js';

describe('README claims table', () => {
  it('matches the registry (regenerate with `npm run -s cli -- claims --update-readme`)', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const current = extractClaimsTable(readme);
    expect(current, 'README.md has no claims-table markers').not.toBeNull();
    expect(current).toBe(renderClaimsTable(await loadClaims()));
  });
});
