/**
 * Builds a cell's JGHM from its `ModelSpec` with the theory/ generators, and the sha256 of its `jghm/v1` JSON (the
 * model's content, which enters the cell identity).
 */
import { generateAuthorsJghm, generatePaperJghm, jghmToJson, type Jghm } from '../../theory/index.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import type { ModelSpec } from './spec.js';

/** The JGHM a model spec describes. */
export function modelOf(spec: ModelSpec): Jghm {
  if (spec.kind === 'authors') {
    return generateAuthorsJghm({ states: spec.states, depth: spec.depth, children: spec.children, p: spec.p, numpySeed: spec.numpySeed });
  }
  return generatePaperJghm({ states: spec.states, imageBranching: spec.branching, p: spec.p, seed: spec.seed });
}

/** sha256 of the model's canonical `jghm/v1` JSON (its name field excluded: labels never change identity). */
export function modelSha256(model: Jghm): string {
  const json = { ...(jghmToJson(model) as unknown as Record<string, unknown>) };
  delete json.name;
  return sha256Hex(canonicalJson(json));
}
