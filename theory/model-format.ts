/**
 * The `jghm/v1` JSON model format: parsing with validation (every error names its field) and serialisation.
 *
 * ```
 * { "format": "jghm/v1", "states": S, "rootPrior": [S numbers summing to 1],
 *   "trees": { "image": TREE, "text": TREE } }
 * TREE = { "branching": [m1, ..., mL], "kernels": [[K(1,0), ..., K(1,m1-1)], ..., [K(L,0), ...]] }
 *     or { "branching": [m1, ..., mL], "edgeKernels": [[K for each node of layer 1], ..., [K for each node of layer L]] }
 * ```
 */
import { type Jghm, type Modality, ModelError, type TreeModel, makeJghm, makeTree, MODALITIES } from './model.js';

/** The format tag of version 1. */
export const JGHM_FORMAT = 'jghm/v1';

/** Plain-JSON form of a tree. */
export interface TreeJson {
  branching: number[];
  kernels?: number[][][][];
  edgeKernels?: number[][][][];
}

/** Plain-JSON form of a JGHM. */
export interface JghmJson {
  format: typeof JGHM_FORMAT;
  name?: string;
  states: number;
  rootPrior: number[];
  trees: { image: TreeJson; text: TreeJson };
  [extra: string]: unknown;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function parseMatrix(x: unknown, S: number, field: string): Float64Array {
  if (!Array.isArray(x) || x.length !== S) throw new ModelError(field, `must be a ${S}×${S} matrix (array of ${S} rows)`);
  const out = new Float64Array(S * S);
  x.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== S) throw new ModelError(`${field}[${r}]`, `must be a row of ${S} numbers`);
    row.forEach((v, c) => {
      if (typeof v !== 'number') throw new ModelError(`${field}[${r}][${c}]`, 'must be a number');
      out[r * S + c] = v;
    });
  });
  return out;
}

function parseTree(x: unknown, S: number, field: string): TreeModel {
  if (!isObject(x)) throw new ModelError(field, 'must be an object with "branching" and "kernels" or "edgeKernels"');
  const branching = x.branching;
  if (!Array.isArray(branching) || branching.length === 0) {
    throw new ModelError(`${field}.branching`, 'must be a non-empty array of integers ≥ 1');
  }
  branching.forEach((m, i) => {
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 1) {
      throw new ModelError(`${field}.branching[${i}]`, `must be an integer ≥ 1 (got ${JSON.stringify(m)})`);
    }
  });
  const hasInv = 'kernels' in x;
  const hasEdge = 'edgeKernels' in x;
  if (hasInv === hasEdge) throw new ModelError(field, 'must have exactly one of "kernels" (translation-invariant) or "edgeKernels" (per-edge)');
  const key = hasInv ? 'kernels' : 'edgeKernels';
  const layers = x[key];
  if (!Array.isArray(layers)) throw new ModelError(`${field}.${key}`, 'must be an array with one list of kernels per layer');
  if (layers.length !== branching.length) {
    throw new ModelError(`${field}.${key}`, `must have ${branching.length} layers (one per branching entry), got ${layers.length}`);
  }
  const parsed = layers.map((list, l) => {
    if (!Array.isArray(list)) throw new ModelError(`${field}.${key}[${l}]`, 'must be an array of kernels');
    return list.map((k, i) => parseMatrix(k, S, `${field}.${key}[${l}][${i}]`));
  });
  return makeTree(S, branching as number[], parsed, hasInv, field);
}

/**
 * Parses and validates a `jghm/v1` object (already JSON-decoded). Throws ModelError naming the offending field:
 * wrong format tag, states < 2, shapes, branching < 1, negative/NaN entries, rows not summing to 1 (beyond 1e-9).
 */
export function parseJghm(x: unknown): Jghm {
  if (!isObject(x)) throw new ModelError('(root)', 'model must be a JSON object');
  if (x.format !== JGHM_FORMAT) throw new ModelError('format', `must be "${JGHM_FORMAT}" (got ${JSON.stringify(x.format)})`);
  const S = x.states;
  if (typeof S !== 'number' || !Number.isInteger(S) || S < 2) throw new ModelError('states', `must be an integer ≥ 2 (got ${JSON.stringify(S)})`);
  if (S > 65535) throw new ModelError('states', `must be at most 65535 (got ${S})`);
  const prior = x.rootPrior;
  if (!Array.isArray(prior) || prior.length !== S) throw new ModelError('rootPrior', `must be an array of ${S} numbers`);
  prior.forEach((v, i) => {
    if (typeof v !== 'number') throw new ModelError(`rootPrior[${i}]`, 'must be a number');
  });
  if (!isObject(x.trees)) throw new ModelError('trees', 'must be an object with "image" and "text" trees');
  const trees = x.trees;
  const parsed = {} as Record<Modality, TreeModel>;
  for (const m of MODALITIES) {
    if (!(m in trees)) throw new ModelError(`trees.${m}`, 'is missing');
    parsed[m] = parseTree(trees[m], S, `trees.${m}`);
  }
  const name = typeof x.name === 'string' ? x.name : undefined;
  return makeJghm(S, prior as number[], parsed.image, parsed.text, name);
}

/** Parses JSON text in the `jghm/v1` format; malformed JSON gives a ModelError on field `(json)`. */
export function parseJghmText(text: string): Jghm {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ModelError('(json)', `malformed JSON: ${(e as Error).message}`);
  }
  return parseJghm(value);
}

function matrixToJson(k: Float64Array, S: number): number[][] {
  const rows: number[][] = [];
  for (let r = 0; r < S; r++) rows.push(Array.from(k.subarray(r * S, r * S + S)));
  return rows;
}

function treeToJson(tree: TreeModel, S: number): TreeJson {
  const layers = tree.kernels.map((flat) => {
    const count = flat.length / (S * S);
    const list: number[][][] = [];
    for (let i = 0; i < count; i++) list.push(matrixToJson(flat.subarray(i * S * S, (i + 1) * S * S), S));
    return list;
  });
  return tree.translationInvariant
    ? { branching: [...tree.branching], kernels: layers }
    : { branching: [...tree.branching], edgeKernels: layers };
}

/** Serialises a model to a plain `jghm/v1` object (round-trips through parseJghm exactly). */
export function jghmToJson(model: Jghm): JghmJson {
  const S = model.states;
  return {
    format: JGHM_FORMAT,
    ...(model.name === undefined ? {} : { name: model.name }),
    states: S,
    rootPrior: Array.from(model.rootPrior),
    trees: { image: treeToJson(model.image, S), text: treeToJson(model.text, S) },
  };
}
