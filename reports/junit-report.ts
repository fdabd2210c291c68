/**
 * junit.xml: one `<testsuite>` (inside `<testsuites>`), one `<testcase>` per claim (name = claim id, classname =
 * `clip-theory.claims`, time in seconds); failing claims carry `<failure>`, claims that could not run `<error>`,
 * both with the summary as message and the replay command (and counterexample) in the body.
 */
import { escapeXml as x, escapeXmlAttribute as xa } from './escape.js';
import type { ClaimResult, RunResults } from './results-schema.js';
import { statusCounts } from './verdict.js';

/** JUnit classname of every claim test case. */
export const JUNIT_CLASSNAME = 'clip-theory.claims';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function failureBody(c: ClaimResult): string {
  const lines = [c.summary];
  if (c.message) lines.push(`message: ${c.message}`);
  for (const k of c.checks) if (!k.passed) lines.push(`failed check: ${k.description}${k.detail ? ` — ${k.detail}` : ''}`);
  lines.push(`replay: ${c.replay}`);
  const ce = c.counterexample;
  if (ce) {
    lines.push(`counterexample: ${ce.description}`, `  model file: ${ce.modelFile}`, `  fast-check seed ${ce.fastCheckSeed}, path ${ce.path}`, `  replay: ${ce.replay}`);
  }
  return lines.join('\n');
}

function testcase(c: ClaimResult): string {
  const open = `    <testcase name="${xa(c.id)}" classname="${JUNIT_CLASSNAME}" time="${seconds(c.timing.durationMs)}"`;
  const props = `      <system-out>${x(`${c.title}\nseed ${c.seed}, false-failure rate ${c.falseFailureRate}\n${c.summary}`)}</system-out>`;
  if (c.status === 'pass') return `${open}>\n${props}\n    </testcase>`;
  const tag = c.status === 'fail' ? 'failure' : 'error';
  const type = c.status === 'fail' ? 'ClaimFailed' : 'ClaimError';
  return `${open}>\n      <${tag} message="${xa(c.summary)}" type="${type}">${x(failureBody(c))}</${tag}>\n${props}\n    </testcase>`;
}

/** Renders junit.xml for a run. */
export function renderJunitReport(results: RunResults): string {
  const n = statusCounts(results);
  const total = results.claims.reduce((s, c) => s + c.timing.durationMs, 0);
  const suiteProps = [
    ['seed', String(results.seed)],
    ['tier', results.tier],
    ['falseFailureBudget', String(results.falseFailureBudget)],
    ['replay', results.replay],
    ['tool', `${results.tool.name} ${results.tool.version}`],
  ]
    .map(([k, v]) => `      <property name="${k}" value="${xa(v)}"/>`)
    .join('\n');
  const attrs = `name="${xa(results.tool.name)}" tests="${n.total}" failures="${n.fail}" errors="${n.error}" skipped="0" time="${seconds(total)}" timestamp="${xa(results.timing.startedAt)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites ${attrs}>
  <testsuite ${attrs}>
    <properties>
${suiteProps}
    </properties>
${results.claims.map(testcase).join('\n')}
  </testsuite>
</testsuites>
`;
}
