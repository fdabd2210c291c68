/**
 * The `clip-theory exact` report: the exact quantities of an enumerable model in one JSON-able object (the keys of
 * `properties/data/toy-jghm.expected.json`).
 */
import type { Jghm } from './model.js';
import { type ExactTables, exactTables } from './exact-tables.js';
import { exactClipLoss } from './clip-loss-exact.js';
import { encoderFromName, rootMapDiagnostics, type RootMapDiagnostics } from './encoders.js';
import { mutualInformation, pairPmi, rootPosteriorOf, sufficiency, zeroShotBayesCrossEntropy } from './information.js';
import { pmiTable } from './exact-tables.js';

/** Options of `exactSummary`. */
export interface ExactSummaryOptions {
  /** Image leaves for the root posterior / PMI (optional). */
  imageLeaves?: readonly number[];
  /** Text leaves for the root posterior / PMI (optional). */
  textLeaves?: readonly number[];
  /** Encoder names for the sufficiency table. */
  encoders?: readonly string[];
  /** Values of K for the exact Bayes CLIP loss (default [2, 3]). */
  k?: readonly number[];
  /** Maximum leaf configurations per modality (default 20 000). */
  maxConfigurations?: number;
  /** Maximum anchor × tuple evaluations for the exact K-sample losses. */
  maxTuples?: number;
}

/** The exact summary of a model. */
export interface ExactSummary {
  format: 'jghm-exact/v1';
  leafConfigurations: { image: number; text: number };
  mutualInformation: number;
  bayesClipLoss: Record<string, number>;
  bayesClipLossByDirection: Record<string, { imageAnchor: number; textAnchor: number }>;
  rootPosterior: { image?: number[]; text?: number[] };
  /** PMI of the given pair; the string '-Infinity' when p(x, y) = 0 (JSON has no −∞); null unless both leaves are given. */
  pmi: number | '-Infinity' | null;
  /** The same computed directly from the leaf likelihoods. */
  pmiDirect: number | '-Infinity' | null;
  sufficiency: Record<string, number>;
  zeroShotBayesCrossEntropy: number;
  diagnostics: { image: RootMapDiagnostics; text: RootMapDiagnostics };
}

/** A log-probability for JSON: −∞ (an impossible pair) as the string '-Infinity', so it is never printed as null. */
function jsonLogValue(v: number): number | '-Infinity' {
  if (v === -Infinity) return '-Infinity';
  if (!Number.isFinite(v)) throw new RangeError(`exactSummary: log value ${v} is not finite`);
  return v;
}

function checkLeaves(model: Jghm, which: 'image' | 'text', leaves: readonly number[]): void {
  const tree = which === 'image' ? model.image : model.text;
  if (leaves.length !== tree.leaves) throw new RangeError(`${which}Leaves: expected ${tree.leaves} values, got ${leaves.length}`);
  leaves.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= model.states) throw new RangeError(`${which}Leaves: leaf ${i} must be an integer in 0..${model.states - 1} (got ${v})`);
  });
}

/** Computes the exact summary; refuses (EnumerationTooLargeError) models above the enumeration limits. */
export function exactSummary(model: Jghm, opts: ExactSummaryOptions = {}, tables?: ExactTables): ExactSummary {
  if (opts.imageLeaves) checkLeaves(model, 'image', opts.imageLeaves);
  if (opts.textLeaves) checkLeaves(model, 'text', opts.textLeaves);
  const ks = opts.k ?? [2, 3];
  ks.forEach((k) => {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k: values must be integers ≥ 1 (got ${k})`);
  });
  const t = tables ?? exactTables(model, opts.maxConfigurations === undefined ? {} : { maxConfigurations: opts.maxConfigurations });
  const encoders = (opts.encoders ?? []).map((name) => encoderFromName(t, name));
  const mi = mutualInformation(t);
  const pmi = pmiTable(t);
  const bayesClipLoss: Record<string, number> = {};
  const byDir: Record<string, { imageAnchor: number; textAnchor: number }> = {};
  for (const k of ks) {
    const v = exactClipLoss(t, k, pmi, opts.maxTuples === undefined ? {} : { maxTuples: opts.maxTuples });
    bayesClipLoss[String(k)] = v.symmetric;
    byDir[String(k)] = { imageAnchor: v.imageAnchor, textAnchor: v.textAnchor };
  }
  const suff: Record<string, number> = {};
  for (const e of encoders) suff[e.name] = sufficiency(t, e, mi);
  const rootPosterior: { image?: number[]; text?: number[] } = {};
  if (opts.imageLeaves) rootPosterior.image = Array.from(rootPosteriorOf(model, 'image', opts.imageLeaves));
  if (opts.textLeaves) rootPosterior.text = Array.from(rootPosteriorOf(model, 'text', opts.textLeaves));
  const pair = opts.imageLeaves && opts.textLeaves ? pairPmi(model, opts.imageLeaves, opts.textLeaves) : null;
  return {
    format: 'jghm-exact/v1',
    leafConfigurations: { image: t.nx, text: t.ny },
    mutualInformation: mi,
    bayesClipLoss,
    bayesClipLossByDirection: byDir,
    rootPosterior,
    pmi: pair ? jsonLogValue(pair.closedForm) : null,
    pmiDirect: pair ? jsonLogValue(pair.direct) : null,
    sufficiency: suff,
    zeroShotBayesCrossEntropy: zeroShotBayesCrossEntropy(t),
    diagnostics: { image: rootMapDiagnostics(t, 'image'), text: rootMapDiagnostics(t, 'text') },
  };
}
