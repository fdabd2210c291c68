/**
 * Targets of guided training (theory.md §5.1, the official "Guided TF"): for every token (leaf) t and every tree level
 * ℓ = L−1..0, the exact BP message h of t's level-ℓ ancestor — the likelihood of the leaves below that node given its
 * state — in the max-shifted log domain of the official code: log h(s) − max_s log h(s) (so max_s = 0).
 *
 * Computed with theory/belief-propagation.ts: the message h_j of node j at level ℓ is the root likelihood of the
 * subtree rooted at j, so `upward` runs on that subtree (a per-edge tree built from the kernels below j) with the
 * block of leaves under j as evidence; `rootLikelihood` is already max-normalised.
 */
import { type Jghm, type Modality, kernelOf, makeJghm, makeTree, treeOf } from '../../theory/model.js';
import type { LeafBatch } from '../../theory/sampling.js';
import { observedEvidence, upward } from '../../theory/belief-propagation.js';

/** Computes guided-training targets for one tree; subtree models are built once and reused. */
export class GuidedTargets {
  private readonly subtrees: { level: number; node: number; model: Jghm }[] = [];
  readonly states: number;
  readonly depth: number;
  readonly leaves: number;

  constructor(
    model: Jghm,
    readonly modality: Modality,
  ) {
    const tree = treeOf(model, modality);
    const S = model.states;
    this.states = S;
    this.depth = tree.depth;
    this.leaves = tree.leaves;
    for (let l = 0; l < tree.depth; l++) {
      for (let j = 0; j < tree.layerSizes[l]; j++) {
        const branching = tree.branching.slice(l);
        const layers: Float64Array[][] = [];
        for (let r = 1; r <= tree.depth - l; r++) {
          const width = tree.layerSizes[l + r] / tree.layerSizes[l];
          const list: Float64Array[] = [];
          for (let i = 0; i < width; i++) list.push(Float64Array.from(kernelOf(tree, S, l + r, j * width + i)));
          layers.push(list);
        }
        const sub = makeTree(S, branching, layers, false, `guided.${modality}.level${l}.node${j}`);
        this.subtrees.push({ level: l, node: j, model: makeJghm(S, model.rootPrior, sub, sub) });
      }
    }
  }

  /**
   * Targets for a batch of leaves, Float32Array [n × leaves × L × S]: entry (i, t, r, s) is the max-shifted log
   * message of token t's level-(L−1−r) ancestor, i.e. r = 0 is the parent of the leaves and r = L−1 the root.
   */
  compute(batch: LeafBatch): Float32Array {
    const { n } = batch;
    const S = this.states;
    const L = this.depth;
    const T = this.leaves;
    if (batch.leaves !== T) throw new RangeError(`GuidedTargets.compute: batch has ${batch.leaves} leaves, the ${this.modality} tree has ${T}`);
    const out = new Float32Array(n * T * L * S);
    for (const { level, node, model } of this.subtrees) {
      const block = model.image.leaves;
      const start = node * block;
      const data = new (batch.data.constructor as Uint8ArrayConstructor)(n * block);
      for (let i = 0; i < n; i++) data.set(batch.data.subarray(i * T + start, i * T + start + block), i * block);
      const { rootLikelihood } = upward(model, 'image', observedEvidence(S, { n, leaves: block, data }));
      const r = L - 1 - level;
      for (let i = 0; i < n; i++) {
        for (let t = start; t < start + block; t++) {
          const base = ((i * T + t) * L + r) * S;
          for (let s = 0; s < S; s++) out[base + s] = Math.max(Math.log(rootLikelihood[i * S + s]), -1e4);
        }
      }
    }
    return out;
  }
}
