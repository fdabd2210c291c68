/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped, non-finite numbers refused. Two
 * equal values always give the same text, so its sha256 identifies a value (cell identity, result comparison).
 */
import { createHash } from 'node:crypto';
import { ExperimentError } from './errors.js';

/** Canonical JSON text of `value` (sorted keys; throws on non-finite numbers, functions, cycles). */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const enc = (v: unknown, path: string): string => {
    if (v === null) return 'null';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new ExperimentError(`canonicalJson: ${path} is ${v}, which JSON cannot hold`);
      return JSON.stringify(v);
    }
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (typeof v !== 'object') throw new ExperimentError(`canonicalJson: ${path} is a ${typeof v}, which JSON cannot hold`);
    if (seen.has(v)) throw new ExperimentError(`canonicalJson: ${path} is a cycle`);
    seen.add(v);
    let out: string;
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      out = `[${Array.from(v as ArrayLike<unknown>, (x, i) => enc(x, `${path}[${i}]`)).join(',')}]`;
    } else {
      const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
      out = `{${keys.map((k) => `${JSON.stringify(k)}:${enc((v as Record<string, unknown>)[k], `${path}.${k}`)}`).join(',')}}`;
    }
    seen.delete(v);
    return out;
  };
  return enc(value, '$');
}

/** sha256 (hex) of a string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
