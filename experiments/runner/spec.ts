/**
 * An experiment spec: a JGHM family × encoder configurations × seeds × sample sizes × step counts, plus the training
 * settings they share and how its table reads. Every combination is one cell (one training run, `cells.ts`). Specs are
 * plain data, so a spec file is one object literal and a JSON file works too; `validateSpec` checks one before
 * anything is allocated, naming the field at fault.
 */
import type { TrainConfig } from '../../models/index.js';
import { ExperimentError } from './errors.js';

/** How the cell's JGHM is generated (theory/generators.ts); the generated model's content goes into the cell hash. */
export type ModelSpec =
  /** The authors' kernels (`generate --authors --states S --branching m,…,m --p P --seed N`). */
  | { kind: 'authors'; states: number; depth: number; children: number; p: number; numpySeed: number }
  /** The paper's construction with our seeded RNG (`generate --states S --branching m1,… --p P --seed N`). */
  | { kind: 'paper'; states: number; branching: number[]; p: number; seed: number };

/** Training settings a spec may set (everything of `TrainConfig` but the seed, steps and data, which are dimensions). */
export type TrainSettings = Partial<Omit<TrainConfig, 'seed' | 'steps' | 'data'>>;

/** The `TrainConfig` fields a spec may set (checked against `TrainConfig` by the compiler, and by a test). */
export const TRAIN_SETTING_FIELDS = [
  'batch',
  'k',
  'layers',
  'width',
  'heads',
  'mlp',
  'outDim',
  'attention',
  'readout',
  'outputProjection',
  'embeddingStd',
  'lr',
  'lrMin',
  'weightDecay',
  'gradClip',
  'loss',
  'similarity',
  'evalEvery',
  'testPairs',
  'guidedWeight',
] as const satisfies readonly (keyof TrainSettings)[];

/** One value of a labelled dimension. */
export interface Labelled<T> {
  /** Short label, unique in its dimension (`L4-pS`); used in tables and logs, never in the cell hash. */
  label: string;
  /** What it is, in words (the table's row title). */
  title: string;
  value: T;
}

/** A trained-model experiment. */
export interface ExperimentSpec {
  /** Name = the spec file's name without extension (`learning-curve`). */
  name: string;
  /** One line. */
  title: string;
  /** What it measures and why (shown by `experiment list`). */
  description: string;
  /** JGHM family. */
  models: Labelled<ModelSpec>[];
  /** Encoder configurations (training settings that override `train`). */
  encoders: Labelled<TrainSettings>[];
  /** Root seeds of the training runs. */
  seeds: number[];
  /** 'online' (fresh pairs every step) or a fixed dataset of n pairs. */
  sampleSizes: ('online' | number)[];
  /** Planned steps (the cosine horizon) of each run. */
  steps: number[];
  /** Training settings shared by every cell. */
  train: TrainSettings;
  /** Save a checkpoint every this many steps (default: evalEvery, else steps/10); not part of a cell's identity. */
  checkpointEvery?: number;
  /** The table: test-gap columns at these steps, and optional targets (gap ≤ maxGap at step) counted per row. */
  table: { evalSteps: number[]; targets?: { step: number; maxGap: number }[] };
}

const SPEC_FIELDS = ['name', 'title', 'description', 'models', 'encoders', 'seeds', 'sampleSizes', 'steps', 'train', 'checkpointEvery', 'table'];

function fail(where: string, msg: string): never {
  throw new ExperimentError(`${where}: ${msg}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int(v: unknown, where: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) fail(where, `must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  return v;
}

function str(v: unknown, where: string, pattern?: RegExp): string {
  if (typeof v !== 'string' || v.trim() === '') fail(where, `must be a non-empty string, got ${JSON.stringify(v)}`);
  if (pattern && !pattern.test(v)) fail(where, `must match ${pattern}, got ${JSON.stringify(v)}`);
  return v;
}

function list(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v) || v.length === 0) fail(where, 'must be a non-empty array');
  return v;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${where}.${k}`, `unknown field (fields: ${allowed.join(', ')})`);
}

function unique(values: readonly unknown[], where: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) fail(where, `duplicate value ${key}`);
    seen.add(key);
  }
}

function modelSpec(v: unknown, where: string): ModelSpec {
  if (!isObject(v)) fail(where, 'must be an object');
  const p = v.p;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail(`${where}.p`, `must be a number in [0, 1], got ${JSON.stringify(p)}`);
  if (v.kind === 'authors') {
    onlyKeys(v, ['kind', 'states', 'depth', 'children', 'p', 'numpySeed'], where);
    return {
      kind: 'authors',
      states: int(v.states, `${where}.states`, 2, 256),
      depth: int(v.depth, `${where}.depth`, 1, 12),
      children: int(v.children, `${where}.children`, 1, 16),
      p,
      numpySeed: int(v.numpySeed, `${where}.numpySeed`, 0, 2 ** 32 - 1),
    };
  }
  if (v.kind === 'paper') {
    onlyKeys(v, ['kind', 'states', 'branching', 'p', 'seed'], where);
    const branching = list(v.branching, `${where}.branching`).map((m, i) => int(m, `${where}.branching[${i}]`, 1, 16));
    if (branching.length > 12) fail(`${where}.branching`, `at most 12 layers, got ${branching.length}`);
    return { kind: 'paper', states: int(v.states, `${where}.states`, 2, 256), branching, p, seed: int(v.seed, `${where}.seed`, 0) };
  }
  return fail(`${where}.kind`, `must be 'authors' or 'paper', got ${JSON.stringify(v.kind)}`);
}

function settings(v: unknown, where: string): TrainSettings {
  if (!isObject(v)) fail(where, 'must be an object');
  onlyKeys(v, TRAIN_SETTING_FIELDS, where);
  // values are checked by resolveTrainConfig when the cells are expanded (with the field named)
  return { ...v } as TrainSettings;
}

function labelled<T>(v: unknown, where: string, value: (x: unknown, w: string) => T): Labelled<T>[] {
  const out = list(v, where).map((e, i) => {
    const w = `${where}[${i}]`;
    if (!isObject(e)) fail(w, 'must be an object {label, title, value}');
    onlyKeys(e, ['label', 'title', 'value'], w);
    return { label: str(e.label, `${w}.label`, /^[A-Za-z0-9._-]+$/), title: str(e.title, `${w}.title`), value: value(e.value, `${w}.value`) };
  });
  unique(out.map((e) => e.label), `${where} labels`);
  return out;
}

/** Checks a spec (plain data from a spec file or JSON) and returns it typed; throws an ExperimentError naming the field. */
export function validateSpec(raw: unknown, source: string): ExperimentSpec {
  const w = `spec ${source}`;
  if (!isObject(raw)) fail(w, 'must be an object (the default export of a spec file, or a JSON object)');
  onlyKeys(raw, SPEC_FIELDS, w);
  const name = str(raw.name, `${w}.name`, /^[a-z0-9][a-z0-9-]*$/);
  const seeds = list(raw.seeds, `${w}.seeds`).map((s, i) => int(s, `${w}.seeds[${i}]`, 0));
  unique(seeds, `${w}.seeds`);
  const sampleSizes = list(raw.sampleSizes, `${w}.sampleSizes`).map((s, i) => (s === 'online' ? ('online' as const) : int(s, `${w}.sampleSizes[${i}]`, 2)));
  unique(sampleSizes, `${w}.sampleSizes`);
  const steps = list(raw.steps, `${w}.steps`).map((s, i) => int(s, `${w}.steps[${i}]`, 1, 10_000_000));
  unique(steps, `${w}.steps`);
  const table = raw.table;
  if (!isObject(table)) fail(`${w}.table`, 'must be an object {evalSteps, targets?}');
  onlyKeys(table, ['evalSteps', 'targets'], `${w}.table`);
  const evalSteps = list(table.evalSteps, `${w}.table.evalSteps`).map((s, i) => int(s, `${w}.table.evalSteps[${i}]`, 1));
  unique(evalSteps, `${w}.table.evalSteps`);
  const targets =
    table.targets === undefined
      ? undefined
      : (table.targets as unknown[]).map((t, i) => {
          const tw = `${w}.table.targets[${i}]`;
          if (!isObject(t)) fail(tw, 'must be an object {step, maxGap}');
          onlyKeys(t, ['step', 'maxGap'], tw);
          if (typeof t.maxGap !== 'number' || !Number.isFinite(t.maxGap)) fail(`${tw}.maxGap`, `must be a finite number, got ${JSON.stringify(t.maxGap)}`);
          return { step: int(t.step, `${tw}.step`, 1), maxGap: t.maxGap };
        });
  if (table.targets !== undefined && !Array.isArray(table.targets)) fail(`${w}.table.targets`, 'must be an array');
  const spec: ExperimentSpec = {
    name,
    title: str(raw.title, `${w}.title`),
    description: str(raw.description, `${w}.description`),
    models: labelled(raw.models, `${w}.models`, modelSpec),
    encoders: labelled(raw.encoders, `${w}.encoders`, settings),
    seeds,
    sampleSizes,
    steps,
    train: settings(raw.train, `${w}.train`),
    table: { evalSteps, ...(targets ? { targets } : {}) },
  };
  if (raw.checkpointEvery !== undefined) spec.checkpointEvery = int(raw.checkpointEvery, `${w}.checkpointEvery`, 1);
  const cells = spec.models.length * spec.encoders.length * seeds.length * sampleSizes.length * steps.length;
  if (cells > 100_000) fail(w, `${cells} cells is more than the limit of 100000`);
  return spec;
}

/** Number of cells of a spec (without expanding it). */
export function cellCount(spec: ExperimentSpec): number {
  return spec.models.length * spec.encoders.length * spec.seeds.length * spec.sampleSizes.length * spec.steps.length;
}
