/**
 * Expands a spec into its cells. A cell is one training run; its identity (`key`) is the sha256 of the canonical JSON
 * of {cell format, the model's content hash, the fully resolved `TrainConfig` (defaults filled in), the code
 * version}. Labels and titles are not part of it: renaming a row never recomputes anything, and two specs that
 * describe the same run share its result.
 */
import type { TrainConfig } from '../../models/index.js';
import type { Jghm } from '../../theory/index.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { ExperimentError } from './errors.js';
import { modelOf, modelSha256 } from './model-of.js';
import type { ExperimentSpec, ModelSpec } from './spec.js';

/** Format tag of a cell's identity and of `cell.json`. */
export const CELL_FORMAT = 'clip-theory/experiment-cell@1';

/** The labels of a cell (one per dimension). */
export interface CellLabels {
  model: string;
  encoder: string;
  sampleSize: 'online' | number;
  steps: number;
  seed: number;
}

/** One training run of an experiment. */
export interface Cell {
  /** sha256 hex of the identity (see the file comment). */
  key: string;
  experiment: string;
  labels: CellLabels;
  /** The table row it belongs to (all labels but the seed). */
  row: string;
  modelSpec: ModelSpec;
  modelSha256: string;
  /** The resolved training configuration. */
  config: TrainConfig;
  codeVersion: string;
}

/** The identity content of a cell (what its key hashes). */
export function cellIdentity(modelSha: string, config: TrainConfig, codeVersion: string): Record<string, unknown> {
  return { format: CELL_FORMAT, modelSha256: modelSha, config, codeVersion };
}

/** Row id of a cell: model, encoder, sample size and steps labels. */
export function rowOf(l: Omit<CellLabels, 'seed'>): string {
  return `${l.model}/${l.encoder}/${l.sampleSize === 'online' ? 'online' : `n${l.sampleSize}`}/${l.steps}`;
}

/**
 * All cells of `spec` in spec order (models, encoders, sample sizes, steps, seeds; seeds innermost), with their
 * JGHMs. Loads models/ (tfjs) on first use. A setting that `resolveTrainConfig` refuses is an ExperimentError naming
 * the spec, the cell and the field.
 */
export async function expandCells(spec: ExperimentSpec, codeVersion: string): Promise<{ cells: Cell[]; models: Map<string, Jghm> }> {
  const { resolveTrainConfig } = await import('../../models/index.js');
  const cells: Cell[] = [];
  const models = new Map<string, Jghm>();
  for (const m of spec.models) {
    let model: Jghm;
    try {
      model = modelOf(m.value);
    } catch (e) {
      throw new ExperimentError(`spec ${spec.name}: models '${m.label}': ${(e as Error).message}`);
    }
    const msha = modelSha256(model);
    models.set(msha, model);
    for (const enc of spec.encoders) {
      for (const sampleSize of spec.sampleSizes) {
        for (const steps of spec.steps) {
          for (const seed of spec.seeds) {
            const labels: CellLabels = { model: m.label, encoder: enc.label, sampleSize, steps, seed };
            let config: TrainConfig;
            try {
              config = resolveTrainConfig(model, {
                ...spec.train,
                ...enc.value,
                seed,
                steps,
                data: sampleSize === 'online' ? { kind: 'online' } : { kind: 'fixed', n: sampleSize },
              });
            } catch (e) {
              throw new ExperimentError(`spec ${spec.name}: cell ${rowOf(labels)} seed ${seed}: ${(e as Error).message}`);
            }
            const key = sha256Hex(canonicalJson(cellIdentity(msha, config, codeVersion)));
            cells.push({ key, experiment: spec.name, labels, row: rowOf(labels), modelSpec: m.value, modelSha256: msha, config, codeVersion });
          }
        }
      }
    }
  }
  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c.key)) throw new ExperimentError(`spec ${spec.name}: two cells are the same run (${c.row} seed ${c.labels.seed}); make the dimensions distinct`);
    seen.add(c.key);
  }
  return { cells, models };
}
