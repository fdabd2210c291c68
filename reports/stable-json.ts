/**
 * Canonical JSON: object keys sorted (recursively), 2-space indentation, trailing newline, so the same value always
 * serialises to the same bytes whatever order its producer built it in.
 */
import { ReportError } from './report-error.js';

/** Serialises `value` with sorted keys and 2-space indentation; throws on non-finite numbers (JSON cannot hold them). */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value, '(root)'), null, 2)}\n`;
}

function sortKeys(v: unknown, path: string): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new ReportError('stableJson', path, `non-finite number ${v} cannot be written as JSON`);
  if (Array.isArray(v)) return v.map((x, i) => sortKeys(x, `${path}[${i}]`));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x, path === '(root)' ? k : `${path}.${k}`);
    }
    return out;
  }
  return v;
}
