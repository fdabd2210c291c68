/**
 * Loading a `jghm/v1` model named by a CLI flag (`--model FILE`, or `-` for stdin). Every failure — missing file,
 * malformed JSON, wrong format tag, bad shapes, rows not summing to 1, negative or non-numeric entries — becomes a
 * one-line UsageError naming the flag, the file and the offending field.
 */
import { readFileSync, statSync } from 'node:fs';
import { int } from './args.js';
import type { Jghm } from '../theory/model.js';
import { ModelError } from '../theory/model.js';
import { parseJghm } from '../theory/model-format.js';
import { DEFAULT_MAX_CELLS, type TreeShape, describeCells, modelSize } from '../theory/model-size.js';
import { UsageError } from './errors.js';
import { readTextInput } from './io.js';

/** Largest model file read (bytes): larger text cannot be held as one JavaScript string. */
export const MAX_MODEL_FILE_BYTES = 400_000_000;

/** The `--max-cells` flag shared by every command that builds or loads a model. */
export const maxCellsFlag = int({
  min: 1,
  default: DEFAULT_MAX_CELLS,
  placeholder: 'N',
  help: 'refuse models holding more than N cells (kernel entries + S per node, both trees), checked from the shape before allocating',
});

/** The shape of a tree in decoded JSON, or undefined when it is malformed (parseJghm then names the field). */
function shapeOf(tree: unknown): TreeShape | undefined {
  if (tree === null || typeof tree !== 'object') return undefined;
  const t = tree as Record<string, unknown>;
  const b = t.branching;
  if (!Array.isArray(b) || b.length === 0 || !b.every((m) => typeof m === 'number' && Number.isSafeInteger(m) && m >= 1)) return undefined;
  return { branching: b as number[], perEdge: 'edgeKernels' in t };
}

/**
 * Refuses a decoded model whose shape is too large to build (above `maxCells`), from its states and branching alone,
 * before any table is allocated. Malformed shapes pass through to parseJghm, which names the field.
 */
export function checkModelShape(value: unknown, where: string, maxCells: number): void {
  if (value === null || typeof value !== 'object') return;
  const v = value as Record<string, unknown>;
  const S = v.states;
  const trees = v.trees as Record<string, unknown> | undefined;
  if (typeof S !== 'number' || !Number.isInteger(S) || S < 2 || S > 65535 || trees === null || typeof trees !== 'object') return;
  const image = shapeOf(trees.image);
  const text = shapeOf(trees.text);
  if (!image || !text) return;
  const size = modelSize(S, image, text);
  if (size.cells > BigInt(maxCells)) {
    const field = size.image.cells >= size.text.cells ? 'trees.image.branching' : 'trees.text.branching';
    throw new UsageError(`${where}: ${field}: the model is too large: ${describeCells(S, size)}, above the limit of ${maxCells} cells (raise it with --max-cells)`);
  }
}

/** Splits a ModelError field such as `trees.image.kernels[0][1][2]` into path keys (`trees`, `image`, …, 2). */
export function fieldPath(field: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field)) !== null) keys.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return keys;
}

/** The value at a field path in a decoded JSON value, or `undefined` when the path does not exist. */
export function valueAtField(root: unknown, field: string): unknown {
  let cur: unknown = root;
  for (const key of fieldPath(field)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/**
 * Explains a non-numeric JSON entry: JSON has no NaN, so a NaN shows up as `null` (what JSON.stringify writes) or as
 * a string such as `"NaN"`; both are reported as not-a-number.
 */
function describeNonNumber(value: unknown): string | undefined {
  if (value === null) return 'got null, which is not a number (JSON.stringify writes NaN as null)';
  if (typeof value === 'string') {
    const nanLike = /^[+-]?(nan|inf(inity)?)$/i.test(value.trim());
    return `got the string ${JSON.stringify(value)}, which is not a number${nanLike ? ' (JSON has no NaN or Infinity)' : ''}`;
  }
  if (typeof value === 'boolean') return `got ${value}, which is not a number`;
  return undefined;
}

/** Reads the text behind a model flag: a file path, or `-` for standard input. */
function readModelText(path: string, flag: string): string {
  if (path === '-') {
    try {
      return readFileSync(0, 'utf8');
    } catch (e) {
      throw new UsageError(`--${flag}: cannot read standard input (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  let bytes = 0;
  try {
    bytes = statSync(path).size;
  } catch {
    // readTextInput names the problem
  }
  if (bytes > MAX_MODEL_FILE_BYTES) {
    throw new UsageError(`--${flag} ${path}: the file has ${(bytes / 1e6).toFixed(0)} MB, above the ${MAX_MODEL_FILE_BYTES / 1e6} MB limit of model files`);
  }
  return readTextInput(path, flag);
}

/**
 * Loads and validates the model at `path` (`-` = stdin) for flag `--<flag>`, refusing shapes above `maxCells`
 * before building any table. Throws a one-line UsageError of the form
 * `--model FILE: FIELD: problem` on any failure.
 */
export function loadModel(path: string, flag = 'model', maxCells = DEFAULT_MAX_CELLS): Jghm {
  return loadModelInput(path, flag, maxCells).model;
}

/** A loaded model together with the exact text it was parsed from (for hashing / provenance). */
export interface ModelInput {
  /** The validated model. */
  readonly model: Jghm;
  /** The file's text. */
  readonly text: string;
}

/** Like `loadModel`, but also returns the text read (so callers never read the file twice). */
export function loadModelInput(path: string, flag = 'model', maxCells = DEFAULT_MAX_CELLS): ModelInput {
  const text = readModelText(path, flag);
  const where = `--${flag} ${path === '-' ? '(stdin)' : path}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${where}: malformed JSON: ${(e as Error).message}`);
  }
  checkModelShape(value, where, maxCells);
  try {
    return { model: parseJghm(value), text };
  } catch (e) {
    if (e instanceof ModelError) {
      const wantsNumber = /must be (a number|an integer|a finite number)/.test(e.message);
      const extra = wantsNumber ? describeNonNumber(valueAtField(value, e.field)) : undefined;
      throw new UsageError(`${where}: ${e.message}${extra ? `; ${extra}` : ''}`);
    }
    throw e;
  }
}
