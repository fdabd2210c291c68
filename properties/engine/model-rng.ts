/**
 * A random stream tied to a model: `modelRng(rng, model, label)` splits `rng` by `label` and the model's jghm/v1 JSON
 * (`<label>:<json>`, label 'model' by default), so a fast-check
 * predicate that draws perturbations, encoders or samples for a model is a deterministic function of the model (the
 * shrinker re-evaluates the same model identically, and the quantities printed for a shrunk counterexample are the
 * ones that failed).
 */
import type { Jghm } from '../../theory/model.js';
import { jghmToJson } from '../../theory/model-format.js';
import type { Rng } from '../../theory/random.js';

/**
 * The sub-stream of `rng` labelled `<label>:<the model's canonical JSON>`. Distinct labels give independent streams
 * for the same model (e.g. one per fast-check property of a claim); the same label and model give the same stream.
 */
export function modelRng(rng: Rng, model: Jghm, label = 'model'): Rng {
  return rng.split(`${label}:${JSON.stringify(jghmToJson(model))}`);
}
