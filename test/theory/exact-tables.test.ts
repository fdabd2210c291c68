/**
 * theory/exact-tables.ts: the refusals of oversized tables and enumerations (from the shape, naming the limit), and the
 * NaN check's message. The values themselves are checked against a brute-force oracle in zero-probability.test.ts and
 * against the golden toy in information.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assertNotNaN, checkTableSize, exactTables, jointTable, pmiTable } from '../../theory/exact-tables.js';
import { EnumerationTooLargeError } from '../../theory/enumeration.js';
import { parseJghmText } from '../../theory/model-format.js';

const toy = () => parseJghmText(readFileSync(new URL('../../properties/data/toy-jghm.json', import.meta.url), 'utf8'));

function refusal(f: () => unknown): EnumerationTooLargeError {
  try {
    f();
  } catch (e) {
    if (e instanceof EnumerationTooLargeError) return e;
    throw e;
  }
  throw new Error('expected an EnumerationTooLargeError');
}

describe('size limits', () => {
  it('nx × ny tables: exactly at the limit passes, one above is refused naming the table and the limit', () => {
    const t = exactTables(toy()); // 81 × 81 = 6561
    expect(() => checkTableSize(t, 6561)).not.toThrow();
    expect(jointTable(t, 6561)).toHaveLength(6561);
    const e = refusal(() => jointTable(t, 6560));
    expect(e.field).toBe('maxTableEntries');
    expect(e.message).toBe('joint table too large: 81 × 81 entries exceed the limit of 6560');
    expect(refusal(() => pmiTable(t, 6560)).message).toBe('PMI table too large: 81 × 81 entries exceed the limit of 6560');
    expect(refusal(() => checkTableSize(t, 100)).message).toBe('table too large: 81 × 81 entries exceed the limit of 100');
  });

  it('an asymmetric model: the limit is on the product nx·ny, not a ratio', () => {
    const m = toy();
    const asym = { ...m, text: { ...m.image, branching: [2], layerSizes: [1, 2], depth: 1, leaves: 2, kernels: [m.image.kernels[0]], kernelIndex: [m.image.kernelIndex[0]] } };
    const t = exactTables(asym); // 81 × 9
    expect(t.ny).toBe(9);
    expect(() => checkTableSize(t, 729)).not.toThrow();
    expect(refusal(() => checkTableSize(t, 728)).message).toBe('table too large: 81 × 9 entries exceed the limit of 728');
  });

  it('maxConfigurations is honoured (80 < 81 configurations is refused, 81 passes)', () => {
    expect(refusal(() => exactTables(toy(), { maxConfigurations: 80 })).field).toBe('maxConfigurations');
    expect(exactTables(toy(), { maxConfigurations: 81 }).nx).toBe(81);
  });
});

describe('NaN', () => {
  it('assertNotNaN passes numbers through (±∞ included) and names the function on NaN', () => {
    expect(assertNotNaN(-Infinity, 'f')).toBe(-Infinity);
    expect(assertNotNaN(0.5, 'f')).toBe(0.5);
    expect(() => assertNotNaN(NaN, 'pmiTable')).toThrow('pmiTable: NaN in an exact computation');
  });

  it('pmiTable names itself when a posterior of a possible configuration is NaN', () => {
    const t = exactTables(toy());
    const postIm = Float64Array.from(t.postIm);
    postIm[5] = NaN;
    expect(() => pmiTable({ ...t, postIm })).toThrow('pmiTable: NaN');
  });
});
