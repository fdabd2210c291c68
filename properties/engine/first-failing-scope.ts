/**
 * Scope helpers for the sufficiency claims: when one random model yields several scopes (e.g. K = 1, 2, 3), a
 * fast-check property can only see one, so `firstFailingScope` returns the first scope on which the claim's
 * statement fails (the one worth shrinking and reporting), or the last scope when all hold.
 */
import { compileStatement, type Scope } from './statement.js';

/** The first of `scopes` on which `statement` is false, or the last one when it holds on all. */
export function firstFailingScope(statement: string, scopes: readonly Scope[]): Scope {
  if (scopes.length === 0) throw new RangeError('firstFailingScope: scopes must be non-empty');
  const st = compileStatement(statement);
  for (const s of scopes) if (!st.evaluate(s)) return s;
  return scopes[scopes.length - 1];
}
