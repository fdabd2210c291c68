/**
 * Runtime validation of `clip-theory/results@1` values (e.g. results.json files read back when merging shards).
 * Every violation throws a ReportError naming the field path, such as `claims[3].quantities[0].ci`.
 */
import { ReportError } from './report-error.js';
import {
  RESULTS_SCHEMA,
  type ClaimResult,
  type PlotSpec,
  type RunResults,
} from './results-schema.js';

const FN = 'validateResults';

/** Identifiers used in file names, HTML ids and JUnit names. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

type Obj = Record<string, unknown>;

const RUN_KEYS = ['schema', 'tool', 'seed', 'tier', 'shard', 'falseFailureBudget', 'environment', 'timing', 'replay', 'claims'];
const CLAIM_KEYS = [
  'id', 'title', 'source', 'statement', 'tier', 'seed', 'status', 'falseFailureRate', 'power', 'powerStatus',
  'powerNote', 'binding', 'contentFraction', 'resolution', 'powerChecks', 'summary',
  'quantities', 'checks', 'plots', 'table', 'counterexample', 'replay', 'message', 'timing',
];

function fail(field: string, message: string): never {
  throw new ReportError(FN, field, message);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `a ${typeof v}`;
}

function obj(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) fail(field, `expected an array, got ${describe(v)}`);
  return v;
}

function str(v: unknown, field: string, nonEmpty = true): string {
  if (typeof v !== 'string') fail(field, `expected a string, got ${describe(v)}`);
  if (nonEmpty && v.trim() === '') fail(field, 'must not be empty');
  return v;
}

function num(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `expected a finite number, got ${describe(v)}`);
  return v;
}

function int(v: unknown, field: string, min: number): number {
  const n = num(v, field);
  if (!Number.isSafeInteger(n) || n < min) fail(field, `expected an integer ≥ ${min}, got ${n}`);
  return n;
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') fail(field, `expected a boolean, got ${describe(v)}`);
  return v;
}

function oneOf<T extends string>(v: unknown, field: string, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    fail(field, `expected one of ${choices.join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

/** Rejects keys outside `allowed` (typos such as `logx` would otherwise be ignored silently). */
function only(o: Obj, field: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(field === '(root)' ? k : `${field}.${k}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

function optional(o: Obj, key: string): boolean {
  return o[key] !== undefined;
}

function id(v: unknown, field: string): string {
  const s = str(v, field);
  if (!ID_PATTERN.test(s)) fail(field, `expected an identifier matching ${ID_PATTERN}, got ${describe(s)}`);
  return s;
}

/** Relative path inside a report directory: no absolute paths, no `..`, no backslashes, no empty segments. */
export function isSafeRelativePath(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

function validatePlot(p: unknown, f: string): void {
  const o = obj(p, f);
  only(o, f, ['id', 'title', 'xLabel', 'yLabel', 'logX', 'logY', 'series']);
  id(o.id, `${f}.id`);
  str(o.title, `${f}.title`);
  str(o.xLabel, `${f}.xLabel`);
  str(o.yLabel, `${f}.yLabel`);
  const logX = optional(o, 'logX') ? bool(o.logX, `${f}.logX`) : false;
  const logY = optional(o, 'logY') ? bool(o.logY, `${f}.logY`) : false;
  const series = arr(o.series, `${f}.series`);
  if (series.length === 0) fail(`${f}.series`, 'must contain at least one series');
  const names = new Set<string>();
  series.forEach((s, i) => {
    const sf = `${f}.series[${i}]`;
    const so = obj(s, sf);
    only(so, sf, ['name', 'kind', 'points']);
    const name = str(so.name, `${sf}.name`);
    if (names.has(name)) fail(`${sf}.name`, `duplicate series name ${JSON.stringify(name)}`);
    names.add(name);
    oneOf(so.kind, `${sf}.kind`, ['ours', 'published', 'bound', 'fit'] as const);
    const pts = arr(so.points, `${sf}.points`);
    if (pts.length === 0) fail(`${sf}.points`, 'must contain at least one point');
    pts.forEach((pt, j) => {
      const pf = `${sf}.points[${j}]`;
      const po = obj(pt, pf);
      only(po, pf, ['x', 'y', 'lo', 'hi']);
      const x = num(po.x, `${pf}.x`);
      const y = num(po.y, `${pf}.y`);
      const hasLo = optional(po, 'lo');
      const hasHi = optional(po, 'hi');
      if (hasLo !== hasHi) fail(pf, 'lo and hi must be given together');
      if (logX && x <= 0) fail(`${pf}.x`, `must be > 0 on a log x axis, got ${x}`);
      if (logY && y <= 0) fail(`${pf}.y`, `must be > 0 on a log y axis, got ${y}`);
      if (hasLo) {
        const lo = num(po.lo, `${pf}.lo`);
        const hi = num(po.hi, `${pf}.hi`);
        if (lo > hi) fail(pf, `lo (${lo}) must be ≤ hi (${hi})`);
        if (logY && lo <= 0) fail(`${pf}.lo`, `must be > 0 on a log y axis, got ${lo}`);
      }
    });
  });
}

function fraction(v: unknown, field: string): number {
  const x = num(v, field);
  if (x < 0 || x > 1) fail(field, `must lie in [0, 1], got ${x}`);
  return x;
}

function nonNegativeOrNull(o: Obj, key: string, f: string): void {
  if (!optional(o, key) || o[key] === null) return;
  if (num(o[key], `${f}.${key}`) < 0) fail(`${f}.${key}`, `must be ≥ 0 or null, got ${String(o[key])}`);
}

/** The power fields of a claim (optional: results written before they existed lack them). */
function validatePower(o: Obj, f: string): void {
  if (optional(o, 'powerStatus')) oneOf(o.powerStatus, `${f}.powerStatus`, ['ok', 'weak', 'vacuous'] as const);
  if (optional(o, 'powerNote')) str(o.powerNote, `${f}.powerNote`);
  nonNegativeOrNull(o, 'binding', f);
  nonNegativeOrNull(o, 'resolution', f);
  if (optional(o, 'contentFraction') && o.contentFraction !== null) fraction(o.contentFraction, `${f}.contentFraction`);
  if (!optional(o, 'powerChecks')) return;
  arr(o.powerChecks, `${f}.powerChecks`).forEach((p, i) => {
    const pf = `${f}.powerChecks[${i}]`;
    const po = obj(p, pf);
    only(po, pf, ['label', 'kind', 'cases', 'binding', 'contentFraction', 'resolution', 'powerLevel', 'target', 'note']);
    str(po.label, `${pf}.label`);
    oneOf(po.kind, `${pf}.kind`, ['bound', 'statistical'] as const);
    int(po.cases, `${pf}.cases`, 0);
    nonNegativeOrNull(po, 'binding', pf);
    if (optional(po, 'contentFraction')) fraction(po.contentFraction, `${pf}.contentFraction`);
    nonNegativeOrNull(po, 'resolution', pf);
    if (optional(po, 'powerLevel')) fraction(po.powerLevel, `${pf}.powerLevel`);
    nonNegativeOrNull(po, 'target', pf);
    if (optional(po, 'note')) str(po.note, `${pf}.note`, false);
  });
}

function validateClaim(c: unknown, f: string): void {
  const o = obj(c, f);
  only(o, f, CLAIM_KEYS);
  id(o.id, `${f}.id`);
  str(o.title, `${f}.title`);
  const src = obj(o.source, `${f}.source`);
  only(src, `${f}.source`, ['kind', 'tag', 'reference']);
  oneOf(src.kind, `${f}.source.kind`, ['paper', 'derived'] as const);
  oneOf(src.tag, `${f}.source.tag`, ['FOUND', 'FOUND-CODE', 'RECONSTRUCTED', 'UNKNOWN'] as const);
  str(src.reference, `${f}.source.reference`);
  const st = obj(o.statement, `${f}.statement`);
  only(st, `${f}.statement`, ['expression', 'tex']);
  str(st.expression, `${f}.statement.expression`);
  str(st.tex, `${f}.statement.tex`);
  oneOf(o.tier, `${f}.tier`, ['quick', 'full'] as const);
  int(o.seed, `${f}.seed`, 0);
  oneOf(o.status, `${f}.status`, ['pass', 'fail', 'error'] as const);
  const ffr = num(o.falseFailureRate, `${f}.falseFailureRate`);
  if (ffr < 0 || ffr > 1) fail(`${f}.falseFailureRate`, `must lie in [0, 1], got ${ffr}`);
  if (optional(o, 'power')) str(o.power, `${f}.power`);
  validatePower(o, f);
  str(o.summary, `${f}.summary`);
  arr(o.quantities, `${f}.quantities`).forEach((q, i) => {
    const qf = `${f}.quantities[${i}]`;
    const qo = obj(q, qf);
    only(qo, qf, ['name', 'tex', 'estimate', 'ci', 'se', 'exact', 'note']);
    str(qo.name, `${qf}.name`);
    if (optional(qo, 'tex')) str(qo.tex, `${qf}.tex`);
    num(qo.estimate, `${qf}.estimate`);
    if (optional(qo, 'ci')) {
      const ci = arr(qo.ci, `${qf}.ci`);
      if (ci.length !== 2) fail(`${qf}.ci`, `expected [lo, hi], got ${ci.length} entries`);
      const lo = num(ci[0], `${qf}.ci[0]`);
      const hi = num(ci[1], `${qf}.ci[1]`);
      if (lo > hi) fail(`${qf}.ci`, `lo (${lo}) must be ≤ hi (${hi})`);
    }
    if (optional(qo, 'se')) {
      const se = num(qo.se, `${qf}.se`);
      if (se < 0) fail(`${qf}.se`, `must be ≥ 0, got ${se}`);
    }
    bool(qo.exact, `${qf}.exact`);
    if (optional(qo, 'note')) str(qo.note, `${qf}.note`, false);
  });
  arr(o.checks, `${f}.checks`).forEach((k, i) => {
    const kf = `${f}.checks[${i}]`;
    const ko = obj(k, kf);
    only(ko, kf, ['description', 'passed', 'detail']);
    str(ko.description, `${kf}.description`);
    bool(ko.passed, `${kf}.passed`);
    str(ko.detail, `${kf}.detail`, false);
  });
  if (optional(o, 'plots')) {
    const ids = new Set<string>();
    arr(o.plots, `${f}.plots`).forEach((p, i) => {
      validatePlot(p, `${f}.plots[${i}]`);
      const pid = (p as PlotSpec).id;
      if (ids.has(pid)) fail(`${f}.plots[${i}].id`, `duplicate plot id ${JSON.stringify(pid)}`);
      ids.add(pid);
    });
  }
  if (optional(o, 'table')) {
    const t = obj(o.table, `${f}.table`);
    only(t, `${f}.table`, ['columns', 'rows']);
    const cols = arr(t.columns, `${f}.table.columns`);
    if (cols.length === 0) fail(`${f}.table.columns`, 'must contain at least one column');
    cols.forEach((c2, i) => str(c2, `${f}.table.columns[${i}]`));
    arr(t.rows, `${f}.table.rows`).forEach((r, i) => {
      const row = arr(r, `${f}.table.rows[${i}]`);
      if (row.length !== cols.length) fail(`${f}.table.rows[${i}]`, `expected ${cols.length} cells, got ${row.length}`);
      row.forEach((cell, j) => {
        if (typeof cell === 'number') num(cell, `${f}.table.rows[${i}][${j}]`);
        else str(cell, `${f}.table.rows[${i}][${j}]`, false);
      });
    });
  }
  if (optional(o, 'counterexample')) {
    const cf = `${f}.counterexample`;
    const ce = obj(o.counterexample, cf);
    only(ce, cf, ['modelFile', 'fastCheckSeed', 'path', 'replay', 'description']);
    const file = str(ce.modelFile, `${cf}.modelFile`);
    if (!isSafeRelativePath(file)) fail(`${cf}.modelFile`, `must be a relative path inside the report directory, got ${describe(file)}`);
    int(ce.fastCheckSeed, `${cf}.fastCheckSeed`, Number.MIN_SAFE_INTEGER);
    str(ce.path, `${cf}.path`, false);
    str(ce.replay, `${cf}.replay`);
    str(ce.description, `${cf}.description`);
  }
  str(o.replay, `${f}.replay`);
  if (optional(o, 'message')) str(o.message, `${f}.message`, false);
  const tm = obj(o.timing, `${f}.timing`);
  only(tm, `${f}.timing`, ['durationMs']);
  if (num(tm.durationMs, `${f}.timing.durationMs`) < 0) fail(`${f}.timing.durationMs`, 'must be ≥ 0');
}

/**
 * Checks that `x` is a valid `clip-theory/results@1` value and returns it typed. Throws a ReportError naming the
 * first offending field. Beyond types it checks: unique claim ids, intervals with lo ≤ hi, rates in [0, 1],
 * positive values on log axes, table rows matching the columns, counterexample files inside the report directory.
 */
export function validateResults(x: unknown): RunResults {
  const o = obj(x, '(root)');
  only(o, '(root)', RUN_KEYS);
  if (o.schema !== RESULTS_SCHEMA) fail('schema', `expected ${JSON.stringify(RESULTS_SCHEMA)}, got ${describe(o.schema)}`);
  const tool = obj(o.tool, 'tool');
  only(tool, 'tool', ['name', 'version']);
  str(tool.name, 'tool.name');
  str(tool.version, 'tool.version');
  int(o.seed, 'seed', 0);
  oneOf(o.tier, 'tier', ['quick', 'full'] as const);
  if (optional(o, 'shard')) {
    const sh = obj(o.shard, 'shard');
    only(sh, 'shard', ['index', 'count']);
    const count = int(sh.count, 'shard.count', 1);
    const index = int(sh.index, 'shard.index', 1);
    if (index > count) fail('shard.index', `must be ≤ shard.count (${count}), got ${index} (shards are 1-based)`);
  }
  if (num(o.falseFailureBudget, 'falseFailureBudget') < 0) fail('falseFailureBudget', 'must be ≥ 0');
  const env = obj(o.environment, 'environment');
  only(env, 'environment', ['node', 'platform', 'cpus', 'backend']);
  str(env.node, 'environment.node');
  str(env.platform, 'environment.platform');
  int(env.cpus, 'environment.cpus', 0);
  if (optional(env, 'backend')) str(env.backend, 'environment.backend');
  const tm = obj(o.timing, 'timing');
  only(tm, 'timing', ['startedAt', 'durationMs']);
  const started = str(tm.startedAt, 'timing.startedAt');
  if (Number.isNaN(Date.parse(started))) fail('timing.startedAt', `expected an ISO date, got ${describe(started)}`);
  if (num(tm.durationMs, 'timing.durationMs') < 0) fail('timing.durationMs', 'must be ≥ 0');
  str(o.replay, 'replay');
  const claims = arr(o.claims, 'claims');
  const ids = new Set<string>();
  claims.forEach((c, i) => {
    validateClaim(c, `claims[${i}]`);
    const cid = (c as ClaimResult).id;
    if (ids.has(cid)) fail(`claims[${i}].id`, `duplicate claim id ${JSON.stringify(cid)}`);
    ids.add(cid);
  });
  return x as RunResults;
}
