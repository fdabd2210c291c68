/**
 * Sizes of a JGHM computed from its shape alone (states and branching factors), before anything is allocated, in
 * BigInt and logarithms so that nothing overflows to Infinity. The commands check these against stated limits
 * (`--max-cells`, `--max-configurations`) and refuse a shape that is too large with a readable message, instead of
 * allocating for seconds and gigabytes first.
 *
 * Cells: what loading or generating a model holds, counted as Σ over both trees of (distinct kernels × S²) + (nodes
 * × S): the kernel entries plus one S-vector per node (its kernel index and its BP message). Nodes are n_1 + … + n_L
 * with n_l = m_1·…·m_l. A translation-invariant tree has m_l kernels at layer l; a per-edge tree has n_l.
 */

/** Default limit on a model's cells (2·10⁷: about 160 MB of float64, and a jghm/v1 file of at most ~400 MB). */
export const DEFAULT_MAX_CELLS = 20_000_000;

/** The shape of one tree. */
export interface TreeShape {
  /** Children per node at each layer, m_1..m_L (positive integers). */
  readonly branching: readonly number[];
  /** One kernel per edge (true) or per (layer, child index) (false). */
  readonly perEdge: boolean;
}

/** Exact sizes of one tree. */
export interface TreeSize {
  /** Leaves n_L. */
  readonly leaves: bigint;
  /** Nodes below the root, n_1 + … + n_L. */
  readonly nodes: bigint;
  /** Distinct kernels. */
  readonly kernels: bigint;
  /** Kernel entries: kernels × S². */
  readonly kernelEntries: bigint;
  /** Cells: kernel entries + S per node. */
  readonly cells: bigint;
}

/** Sizes of a tree of `states` states and the given shape. Throws RangeError on a malformed shape. */
export function treeSize(states: number, shape: TreeShape): TreeSize {
  if (!Number.isInteger(states) || states < 1) throw new RangeError(`treeSize: states must be a positive integer, got ${states}`);
  const S = BigInt(states);
  let layer = 1n;
  let nodes = 0n;
  let kernels = 0n;
  shape.branching.forEach((m, i) => {
    if (!Number.isSafeInteger(m) || m < 1) throw new RangeError(`treeSize: branching[${i}] must be a positive integer, got ${m}`);
    layer *= BigInt(m);
    nodes += layer;
    kernels += shape.perEdge ? layer : BigInt(m);
  });
  const kernelEntries = kernels * S * S;
  return { leaves: layer, nodes, kernels, kernelEntries, cells: kernelEntries + nodes * S };
}

/** Sizes of a whole model. */
export interface ModelSize {
  /** The image tree. */
  readonly image: TreeSize;
  /** The text tree. */
  readonly text: TreeSize;
  /** Cells of both trees plus the root prior. */
  readonly cells: bigint;
}

/** Sizes of a model with `states` states and the two tree shapes. */
export function modelSize(states: number, image: TreeShape, text: TreeShape): ModelSize {
  const im = treeSize(states, image);
  const tx = treeSize(states, text);
  return { image: im, text: tx, cells: im.cells + tx.cells + BigInt(states) };
}

/** log10 of a positive BigInt (accurate to ~15 digits, for any size). */
export function log10BigInt(n: bigint): number {
  if (n <= 0n) throw new RangeError(`log10BigInt: expected a positive number, got ${n}`);
  const digits = n.toString();
  const head = Number(digits.slice(0, 17));
  return Math.log10(head) + (digits.length - Math.min(17, digits.length));
}

/** Groups digits by thousands with thin spaces: 1048576 → "1 048 576". */
export function groupDigits(n: bigint | number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** A count for messages: exact below 10⁷ ("1 048 576"), else in scientific form ("≈1.05·10^9"), never Infinity. */
export function formatCount(n: bigint): string {
  if (n < 10_000_000n) return groupDigits(n);
  const l = log10BigInt(n);
  const e = Math.floor(l);
  const mant = 10 ** (l - e);
  return mant >= 9.995 ? `≈10^${groupDigits(e + 1)}` : `≈${mant.toFixed(2)}·10^${groupDigits(e)}`;
}

/** log10 of the number of leaf configurations S^leaves. */
export function log10LeafConfigurations(states: number, leaves: bigint): number {
  return Number(leaves) * Math.log10(states);
}

/**
 * The number of leaf configurations S^leaves in words: exact when small ("3^4 = 81"), else as a power of ten
 * ("3^1 048 576 leaf configurations ≈ 10^500 274"), never Infinity.
 */
export function formatLeafConfigurations(states: number, leaves: bigint): string {
  const l = log10LeafConfigurations(states, leaves);
  const power = `${states}^${groupDigits(leaves)}`;
  if (l < 15) return `${power} = ${groupDigits(BigInt(states) ** leaves)}`;
  if (l < 1e6) {
    const e = Math.floor(l);
    return `${power} ≈ ${(10 ** (l - e)).toFixed(2)}·10^${groupDigits(e)}`;
  }
  return `${power} ≈ 10^${groupDigits(Math.round(l))}`;
}

/** True when S^leaves exceeds `max` (computed in logs, exact near the boundary). */
export function leafConfigurationsExceed(states: number, leaves: bigint, max: number): boolean {
  const l = log10LeafConfigurations(states, leaves);
  if (l > Math.log10(max) + 1) return true;
  if (l < Math.log10(max) - 1) return false;
  return BigInt(states) ** leaves > BigInt(Math.floor(max));
}

/** A human description of where a model's cells come from, for messages. */
export function describeCells(states: number, size: ModelSize): string {
  const tree = (name: string, t: TreeSize) => `${name}: ${formatCount(t.nodes)} nodes, ${formatCount(t.kernels)} kernels`;
  return `${formatCount(size.cells)} cells (S = ${states}; ${tree('image', size.image)}; ${tree('text', size.text)})`;
}
