/** Canonical JSON for results.json. */
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../reports/report-error.js';
import { stableJson } from '../../reports/stable-json.js';

describe('stableJson', () => {
  it('sorts keys recursively, indents by 2 and ends with a newline', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } })).toBe(
      '{\n  "a": {\n    "c": "x",\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
  it('gives the same bytes whatever the insertion order', () => {
    expect(stableJson({ x: 1, y: [1, 2], z: { q: true } })).toBe(stableJson({ z: { q: true }, y: [1, 2], x: 1 }));
  });
  it('drops undefined fields', () => {
    expect(stableJson({ a: undefined, b: 1 })).toBe('{\n  "b": 1\n}\n');
  });
  it('refuses non-finite numbers, naming the field', () => {
    expect(() => stableJson({ claims: [{ q: NaN }] })).toThrow(ReportError);
    expect(() => stableJson({ claims: [{ q: NaN }] })).toThrow('claims[0].q');
  });
});
