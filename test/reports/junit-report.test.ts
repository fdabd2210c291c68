/** junit.xml: one suite, one case per claim, failures/errors with summary and replay, escaping, seconds. */
import { describe, expect, it } from 'vitest';
import { JUNIT_CLASSNAME, renderJunitReport } from '../../reports/junit-report.js';
import { fakeResults, NASTY } from './fake-results.js';

describe('renderJunitReport', () => {
  const r = fakeResults(123);
  const xml = renderJunitReport(r);

  it('has one testsuite with the counts', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toContain('<testsuite name="clip-theory" tests="4" failures="1" errors="1" skipped="0" time="4.769"');
  });

  it('has one testcase per claim named by id, with time in seconds', () => {
    const cases = [...xml.matchAll(/<testcase name="([^"]+)" classname="([^"]+)" time="([^"]+)"/g)];
    expect(cases.map((m) => m[1])).toEqual(r.claims.map((c) => c.id));
    for (const m of cases) expect(m[2]).toBe(JUNIT_CLASSNAME);
    expect(cases.map((m) => m[3])).toEqual(['1.234', '0.456', '0.078', '3.001']);
  });

  it('reports the failing claim as failure and the erroring claim as error, with summary and replay', () => {
    const fail = xml.slice(xml.indexOf('<testcase name="lemma-bp-exact"'), xml.indexOf('<testcase name="cdm-rate"'));
    expect(fail).toContain('<failure message="max deviation 3.2e-3 on a 2-state model (exact check)" type="ClaimFailed">');
    expect(fail).toContain('replay: npm run verify -- --seed 123 --tier quick --claim lemma-bp-exact');
    expect(fail).toContain('model file: counterexamples/lemma-bp-exact.jghm.json');
    expect(fail).toContain('failed check: posteriors agree to 1e-12');
    const err = xml.slice(xml.indexOf('<testcase name="cdm-rate"'));
    expect(err).toContain('<error message="could not run: estimator diverged" type="ClaimError">');
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.match(/<error /g)).toHaveLength(1);
  });

  it('escapes hostile text and drops characters XML cannot hold', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos;');
    // Every '&' starts an entity and every '<' starts a tag, comment-free document: a cheap well-formedness check
    // (the browser test parses it with a real XML parser).
    expect(xml.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, '')).not.toContain('&');
    const text = xml.replace(/<\/?[A-Za-z][^<>]*>|<\?xml[^>]*\?>/g, '');
    expect(text).not.toMatch(/[<>]/);
    expect(NASTY).toContain('<script>');
  });

  it('is deterministic', () => {
    expect(renderJunitReport(fakeResults(123))).toBe(xml);
  });
});
