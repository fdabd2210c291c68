import { describe, expect, it } from 'vitest';
import { firstFailingScope } from '../../../properties/engine/first-failing-scope.js';

describe('firstFailingScope', () => {
  it('returns the first failing scope, else the last', () => {
    expect(firstFailingScope('a <= 1', [{ a: 0 }, { a: 2 }, { a: 3 }])).toEqual({ a: 2 });
    expect(firstFailingScope('a <= 1', [{ a: 0 }, { a: 1 }])).toEqual({ a: 1 });
  });
  it('rejects an empty list', () => expect(() => firstFailingScope('a <= 1', [])).toThrow(/non-empty/));
});
