/**
 * Training checkpoints: the full trainer state (variable values, AdamW state, step, sampler RNG state) saved to a
 * folder atomically (assembled in a staging folder next to it and swapped in, `io/atomic-dir.ts`), so an interrupted save
 * leaves the previous checkpoint intact. Values are stored as raw little-endian float32 (bit-exact), so a resumed
 * run continues exactly as if uninterrupted on the same backend.
 *
 * Layout of a checkpoint folder: `checkpoint.json` (format, step, sampler state, variable and moment names/shapes,
 * byte offsets, free-form `meta`) and `tensors.bin` (all float32 arrays back to back).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirAtomicSync } from '../../io/index.js';
import type { AdamWState } from './optimizer.js';

/** Format tag of checkpoint.json. */
export const CHECKPOINT_FORMAT = 'clip-theory-checkpoint/v1';

/** One saved array. */
export interface SavedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Everything needed to resume training exactly. */
export interface TrainerState {
  /** Steps completed. */
  step: number;
  /** Trainable variables (encoders, logit scale), in the trainer's order. */
  variables: SavedArray[];
  /** Optimiser state. */
  optimizer: AdamWState;
  /** State of the data sampler's RNG stream (`Rng.getState`). */
  samplerState: number[];
  /** Free-form JSON metadata (config, backend, …). */
  meta?: Record<string, unknown>;
}

/** Thrown for a missing or malformed checkpoint; the message names the file and field. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

interface Entry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** Saves `state` into folder `dir` atomically (replacing any previous checkpoint there). */
export function saveCheckpoint(dir: string, state: TrainerState): void {
  const arrays: Float32Array[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], data: Float32Array): Entry => {
    const e = { name, shape, offset, length: data.length };
    arrays.push(data);
    offset += data.length;
    return e;
  };
  const variables = state.variables.map((v) => add(v.name, v.shape, v.data));
  const m = state.optimizer.names.map((n, i) => add(n, [state.optimizer.m[i].length], state.optimizer.m[i]));
  const v = state.optimizer.names.map((n, i) => add(n, [state.optimizer.v[i].length], state.optimizer.v[i]));
  const all = new Float32Array(offset);
  let o = 0;
  for (const a of arrays) {
    all.set(a, o);
    o += a.length;
  }
  const manifest = {
    format: CHECKPOINT_FORMAT,
    step: state.step,
    samplerState: state.samplerState,
    optimizer: { step: state.optimizer.step, names: state.optimizer.names, m, v },
    variables,
    meta: state.meta ?? {},
  };
  writeDirAtomicSync(dir, (staging) => {
    writeFileSync(join(staging, 'tensors.bin'), new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
    writeFileSync(join(staging, 'checkpoint.json'), JSON.stringify(manifest, null, 1) + '\n');
  });
}

/** True when `dir` holds a checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'checkpoint.json')) && existsSync(join(dir, 'tensors.bin'));
}

/** Loads a checkpoint saved by `saveCheckpoint`. */
export function loadCheckpoint(dir: string): TrainerState {
  const file = join(dir, 'checkpoint.json');
  if (!hasCheckpoint(dir)) throw new CheckpointError(`loadCheckpoint: no checkpoint in ${dir} (checkpoint.json and tensors.bin expected)`);
  let manifest: {
    format: string;
    step: number;
    samplerState: number[];
    optimizer: { step: number; names: string[]; m: Entry[]; v: Entry[] };
    variables: Entry[];
    meta: Record<string, unknown>;
  };
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CheckpointError(`loadCheckpoint: ${file} is not valid JSON (${(e as Error).message})`);
  }
  if (manifest.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`loadCheckpoint: ${file}: format must be '${CHECKPOINT_FORMAT}', got ${JSON.stringify(manifest.format)}`);
  if (!Number.isSafeInteger(manifest.step) || manifest.step < 0) throw new CheckpointError(`loadCheckpoint: ${file}: step must be a non-negative integer`);
  const buf = readFileSync(join(dir, 'tensors.bin'));
  if (buf.byteLength % 4 !== 0) throw new CheckpointError(`loadCheckpoint: ${join(dir, 'tensors.bin')} has ${buf.byteLength} bytes (not a multiple of 4)`);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const read = (e: Entry, field: string): Float32Array => {
    if (!(Number.isSafeInteger(e.offset) && Number.isSafeInteger(e.length) && e.offset >= 0 && e.offset + e.length <= all.length)) {
      throw new CheckpointError(`loadCheckpoint: ${file}: ${field} '${e.name}' points outside tensors.bin`);
    }
    return all.slice(e.offset, e.offset + e.length);
  };
  return {
    step: manifest.step,
    samplerState: manifest.samplerState,
    variables: manifest.variables.map((e) => ({ name: e.name, shape: e.shape, data: read(e, 'variables') })),
    optimizer: {
      step: manifest.optimizer.step,
      names: manifest.optimizer.names,
      m: manifest.optimizer.m.map((e) => read(e, 'optimizer.m')),
      v: manifest.optimizer.v.map((e) => read(e, 'optimizer.v')),
    },
    meta: manifest.meta,
  };
}
