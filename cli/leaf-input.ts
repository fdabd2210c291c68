/**
 * Validation of the leaf-level CLI inputs of the exact commands against a model: leaf vectors (`--image-leaves`,
 * `--text-leaves`), encoder names (`--encoder`) and batch sizes (`--k`). Each failure is a one-line UsageError that
 * names the flag, so nothing out of range ever reaches the theory code.
 */
import { type Jghm, type Modality, MODALITIES, treeOf } from '../theory/model.js';
import { UsageError } from './errors.js';

/**
 * Checks a leaf vector given on the command line: exactly as many values as the tree has leaves, each an integer in
 * 0..S−1. Returns the values unchanged, or `undefined` when the flag was not given.
 */
export function checkLeaves(model: Jghm, modality: Modality, values: readonly number[] | undefined, flag = `${modality}-leaves`): number[] | undefined {
  if (values === undefined) return undefined;
  const tree = treeOf(model, modality);
  const S = model.states;
  if (values.length !== tree.leaves) {
    throw new UsageError(`--${flag}: the ${modality} tree has ${tree.leaves} leaves, got ${values.length} value${values.length === 1 ? '' : 's'}`);
  }
  values.forEach((v, t) => {
    if (!Number.isInteger(v) || v < 0 || v >= S) throw new UsageError(`--${flag}: leaf ${t} must be an integer in 0..${S - 1} (got ${v})`);
  });
  return [...values];
}

/** The kinds of encoder the exact summary knows. */
export type EncoderKind = 'leaf' | 'root-map' | 'root-posterior';

/** A parsed encoder name. */
export interface EncoderName {
  /** The name as given (`image:leaf:0`). */
  readonly name: string;
  /** Which modality it encodes. */
  readonly modality: Modality;
  /** What it keeps of the leaves. */
  readonly kind: EncoderKind;
  /** The leaf index, for `leaf` encoders. */
  readonly leaf?: number;
}

/** The accepted encoder grammar, for messages and help. */
export const ENCODER_GRAMMAR = 'image|text:leaf:I, image|text:root-map or image|text:root-posterior';

/**
 * Parses one `--encoder` value: `image:leaf:I` / `text:leaf:I` (I in 0..leaves−1), `image:root-map`,
 * `text:root-map`, `image:root-posterior`, `text:root-posterior`.
 */
export function parseEncoderName(model: Jghm, raw: string, flag = 'encoder'): EncoderName {
  const parts = raw.split(':');
  const modality = parts[0] as Modality;
  if (!MODALITIES.includes(modality)) throw new UsageError(`--${flag}: ${JSON.stringify(raw)} must start with image: or text: (expected ${ENCODER_GRAMMAR})`);
  if (parts.length === 2 && (parts[1] === 'root-map' || parts[1] === 'root-posterior')) return { name: raw, modality, kind: parts[1] };
  if (parts.length === 3 && parts[1] === 'leaf') {
    const leaves = treeOf(model, modality).leaves;
    const index = /^\d+$/.test(parts[2]) ? Number(parts[2]) : NaN;
    if (!Number.isInteger(index) || index >= leaves) {
      throw new UsageError(`--${flag}: ${JSON.stringify(raw)}: leaf index must be an integer in 0..${leaves - 1}`);
    }
    return { name: raw, modality, kind: 'leaf', leaf: index };
  }
  throw new UsageError(`--${flag}: unknown encoder ${JSON.stringify(raw)} (expected ${ENCODER_GRAMMAR})`);
}

/** Parses every `--encoder` value; a name given twice is an error. */
export function parseEncoderNames(model: Jghm, raws: readonly string[] | undefined, flag = 'encoder'): EncoderName[] {
  const list = (raws ?? []).map((r) => parseEncoderName(model, r, flag));
  const seen = new Set<string>();
  for (const e of list) {
    if (seen.has(e.name)) throw new UsageError(`--${flag}: ${JSON.stringify(e.name)} given more than once`);
    seen.add(e.name);
  }
  return list;
}

/** Checks the batch sizes of `--k`: integers ≥ 2, no duplicates. */
export function checkBatchSizes(ks: readonly number[], flag = 'k'): number[] {
  if (ks.length === 0) throw new UsageError(`--${flag}: give at least one batch size`);
  const seen = new Set<number>();
  for (const k of ks) {
    if (!Number.isInteger(k) || k < 2) throw new UsageError(`--${flag}: batch sizes must be integers ≥ 2 (got ${k})`);
    if (seen.has(k)) throw new UsageError(`--${flag}: ${k} given more than once`);
    seen.add(k);
  }
  return [...ks];
}
