/**
 * Loading a `jghm/v1` model named by a CLI flag (`--model FILE`, or `-` for stdin). Every failure — missing file,
 * malformed JSON, wrong format tag, bad shapes, rows not summing to 1, negative or non-numeric entries — becomes a
 * one-line UsageError naming the flag, the file and the offending field.
 */
import { readFileSync } from 'node:fs';
import type { Jghm } from '../theory/model.js';
import { ModelError } from '../theory/model.js';
import { parseJghm } from '../theory/model-format.js';
import { UsageError } from './errors.js';
import { readTextInput } from './io.js';

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
  return readTextInput(path, flag);
}

/**
 * Loads and validates the model at `path` (`-` = stdin) for flag `--<flag>`. Throws a one-line UsageError of the form
 * `--model FILE: FIELD: problem` on any failure.
 */
export function loadModel(path: string, flag = 'model'): Jghm {
  return loadModelInput(path, flag).model;
}

/** A loaded model together with the exact text it was parsed from (for hashing / provenance). */
export interface ModelInput {
  /** The validated model. */
  readonly model: Jghm;
  /** The file's text. */
  readonly text: string;
}

/** Like `loadModel`, but also returns the text read (so callers never read the file twice). */
export function loadModelInput(path: string, flag = 'model'): ModelInput {
  const text = readModelText(path, flag);
  const where = `--${flag} ${path === '-' ? '(stdin)' : path}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${where}: malformed JSON: ${(e as Error).message}`);
  }
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
