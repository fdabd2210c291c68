/**
 * fast-check arbitraries over small random JGHMs (states, depth, per-layer branching per tree, prior, kernels,
 * translation-invariant or per-edge), sized for brute-force enumeration, shrinking toward minimal models. Options
 * select the regime a statement covers: kernels bounded away from 0 (`minEntry`), exact zeros allowed (`zeros`,
 * the adversarial regime: zero entries and, with positive probability, deterministic kernels whose rows are one-hot),
 * uniform, positive or arbitrary root priors ('any', the default, has exact zero entries with positive probability:
 * states that never occur, whose 0/0 terms the exact code must treat as 0).
 */
import fc from 'fast-check';
import { type Jghm, type TreeModel, layerSizesOf, makeJghm, makeTree } from '../../theory/model.js';

/** Options of `jghmArbitrary`. */
export interface JghmArbitraryOptions {
  /** Minimum number of states (default 2). */
  minStates?: number;
  /** Maximum number of states (default 3). */
  maxStates?: number;
  /** Maximum depth per tree (default 3). */
  maxDepth?: number;
  /** Maximum children per node (default 3). */
  maxBranching?: number;
  /** Maximum leaves per tree (default 6). */
  maxLeaves?: number;
  /** Maximum non-root nodes per tree (bounds brute force S^nodes; default 8). */
  maxNodes?: number;
  /** Maximum leaf configurations S^leaves per tree (default 800). */
  maxConfigurations?: number;
  /** Smallest kernel entry before normalisation, in [0, 1) (default 0.02: bounded away from 0). */
  minEntry?: number;
  /** Allow exact zeros in kernels (adversarial; default false). */
  zeros?: boolean;
  /**
   * Root prior: 'uniform'; 'positive' (every entry ≥ 0.05 before normalisation); or 'any' (default): each entry is
   * exactly 0 with probability 1/6 (all zero falls back to a point mass on state 0), otherwise as 'positive'.
   */
  prior?: 'uniform' | 'positive' | 'any';
  /** 'invariant', 'per-edge' or 'any' (default 'any'). */
  kernels?: 'invariant' | 'per-edge' | 'any';
}

function normalise(row: number[]): Float64Array {
  let s = row.reduce((a, b) => a + b, 0);
  const v = s > 0 ? row.map((x) => x / s) : row.map((_, i) => (i === 0 ? 1 : 0));
  s = v.reduce((a, b) => a + b, 0);
  return Float64Array.from(v.map((x) => x / s));
}

function shapeArb(S: number, o: Required<JghmArbitraryOptions>): fc.Arbitrary<number[]> {
  return fc
    .integer({ min: 1, max: o.maxDepth })
    .chain((depth) => fc.array(fc.integer({ min: 1, max: o.maxBranching }), { minLength: depth, maxLength: depth }))
    .filter((b) => {
      const sizes = layerSizesOf(b);
      const leaves = sizes[sizes.length - 1];
      const nodes = sizes.slice(1).reduce((a, c) => a + c, 0);
      return leaves <= o.maxLeaves && nodes <= o.maxNodes && Math.pow(S, leaves) <= o.maxConfigurations;
    });
}

/** A deterministic kernel: every row one-hot at a random column (a random function of the parent state). */
function deterministicKernelArb(S: number): fc.Arbitrary<Float64Array> {
  return fc.array(fc.integer({ min: 0, max: S - 1 }), { minLength: S, maxLength: S }).map((cols) => {
    const k = new Float64Array(S * S);
    cols.forEach((c, r) => (k[r * S + c] = 1));
    return k;
  });
}

function rowArb(S: number, o: Required<JghmArbitraryOptions>): fc.Arbitrary<Float64Array> {
  const entry = o.zeros
    ? fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 3 })
    : fc.double({ min: o.minEntry, max: 1, noNaN: true });
  return fc.array(entry, { minLength: S, maxLength: S }).map(normalise);
}

function treeArb(S: number, o: Required<JghmArbitraryOptions>, field: string): fc.Arbitrary<TreeModel> {
  const perEdgeArb = o.kernels === 'any' ? fc.boolean() : fc.constant(o.kernels === 'per-edge');
  return fc.tuple(shapeArb(S, o), perEdgeArb).chain(([branching, perEdge]) => {
    const sizes = layerSizesOf(branching);
    const counts = branching.map((m, l) => (perEdge ? sizes[l + 1] : m));
    const random = fc.array(rowArb(S, o), { minLength: S, maxLength: S }).map((rows) => {
      const k = new Float64Array(S * S);
      rows.forEach((r, i) => k.set(r, i * S));
      return k;
    });
    // adversarial regime: one kernel in four is deterministic (a whole layer is, when its kernels all are)
    const kernel = o.zeros ? fc.oneof({ arbitrary: random, weight: 3 }, { arbitrary: deterministicKernelArb(S), weight: 1 }) : random;
    return fc
      .tuple(...counts.map((c) => fc.array(kernel, { minLength: c, maxLength: c })))
      .map((layers) => makeTree(S, branching, layers, !perEdge, field));
  });
}

/** An arbitrary over small JGHMs (see `JghmArbitraryOptions`). */
export function jghmArbitrary(options: JghmArbitraryOptions = {}): fc.Arbitrary<Jghm> {
  const o: Required<JghmArbitraryOptions> = {
    minStates: 2,
    maxStates: 3,
    maxDepth: 3,
    maxBranching: 3,
    maxLeaves: 6,
    maxNodes: 8,
    maxConfigurations: 800,
    minEntry: 0.02,
    zeros: false,
    prior: 'any',
    kernels: 'any',
    ...options,
  };
  return fc.integer({ min: o.minStates, max: o.maxStates }).chain((S) => {
    const positive = fc.double({ min: 0.05, max: 1, noNaN: true });
    const entry = o.prior === 'any' ? fc.oneof({ arbitrary: positive, weight: 5 }, { arbitrary: fc.constant(0), weight: 1 }) : positive;
    const prior = o.prior === 'uniform' ? fc.constant(new Float64Array(S).fill(1 / S)) : fc.array(entry, { minLength: S, maxLength: S }).map(normalise);
    return fc
      .tuple(prior, treeArb(S, o, 'trees.image'), treeArb(S, o, 'trees.text'))
      .map(([p, image, text]) => makeJghm(S, p, image, text, 'fast-check model'));
  });
}
