/** Run-level verdict wording shared by all report formats. */
import { describe, expect, it } from 'vitest';
import { countsLine, runStatus, statusCounts } from '../../reports/verdict.js';
import { fakeResults } from './fake-results.js';

describe('verdicts', () => {
  it('counts claims by status', () => {
    expect(statusCounts(fakeResults())).toEqual({ pass: 2, fail: 1, error: 1, total: 4 });
    expect(countsLine({ pass: 1, fail: 0, error: 1, total: 2 })).toBe('1 passed, 0 failed, 1 error (2 claims)');
    expect(countsLine({ pass: 1, fail: 0, error: 0, total: 1 })).toBe('1 passed, 0 failed, 0 errors (1 claim)');
  });
  it('passes a run only when every claim passed, and calls an empty run empty', () => {
    const r = fakeResults();
    expect(runStatus(r)).toBe('error');
    r.claims = r.claims.filter((c) => c.status !== 'error');
    expect(runStatus(r)).toBe('fail');
    r.claims = r.claims.filter((c) => c.status === 'pass');
    expect(runStatus(r)).toBe('pass');
    r.claims = [];
    expect(runStatus(r)).toBe('empty');
  });
});
