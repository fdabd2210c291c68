/** `modelRng`: a per-model random stream, labelled, identical to the split it documents (seeds must not move). */
import { describe, expect, it } from 'vitest';
import { generatePreset } from '../../../theory/generators.js';
import { jghmToJson } from '../../../theory/model-format.js';
import { Rng } from '../../../theory/random.js';
import { modelRng } from '../../../properties/engine/model-rng.js';

describe('modelRng', () => {
  const root = Rng.fromSeed(7);
  const a = generatePreset('small', { p: 0.2, seed: 1 });
  const b = generatePreset('small', { p: 0.2, seed: 1 });
  const c = generatePreset('small', { p: 0.2, seed: 2 });
  it('is a function of the model', () => {
    expect(modelRng(root, a).nextUint32()).toBe(modelRng(root, b).nextUint32());
    expect(modelRng(root, a).nextUint32()).not.toBe(modelRng(root, c).nextUint32());
  });
  it('is the split `<label>:<canonical JSON>`, label "model" by default', () => {
    const json = JSON.stringify(jghmToJson(a));
    expect(modelRng(root, a).nextUint32()).toBe(root.split(`model:${json}`).nextUint32());
    expect(modelRng(root, a, 'zeros').nextUint32()).toBe(root.split(`zeros:${json}`).nextUint32());
    expect(modelRng(root, a, 'zeros').nextUint32()).not.toBe(modelRng(root, a, 'regular').nextUint32());
  });
});
