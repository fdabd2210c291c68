/**
 * A random stream tied to a model: `modelRng(rng, model)` splits `rng` by the model's jghm/v1 JSON, so a fast-check
 * predicate that draws perturbations, encoders or samples for a model is a deterministic function of the model (the
 * shrinker re-evaluates the same model identically, and the quantities printed for a shrunk counterexample are the
 * ones that failed).
 */
import type { Jghm } from '../../theory/model.js';
import { jghmToJson } from '../../theory/model-format.js';
import type { Rng } from '../../theory/random.js';

/** The sub-stream of `rng` labelled by the model's canonical JSON. */
export function modelRng(rng: Rng, model: Jghm): Rng {
  return rng.split(`model:${JSON.stringify(jghmToJson(model))}`);
}
