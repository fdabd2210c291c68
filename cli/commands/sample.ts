/**
 * `clip-theory sample`: n paired (image, text) leaf samples from a model, written atomically as a directory:
 * `image.npy`, `text.npy`, `roots.npy` (format npy) or `samples.json` (format json), plus `meta.json`.
 * The draws are `samplePairs(model, n, Rng.fromSeed(seed).split('sample'))`, so a seed replays them exactly.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { writeDirAtomicSync } from '../../io/index.js';
import { loadModelInput } from '../model-input.js';
import { encodeNpy } from '../npy.js';
import { Rng } from '../../theory/random.js';
import { type LeafBatch, samplePairs } from '../../theory/sampling.js';

/** Format tag of `samples.json`. */
export const SAMPLES_FORMAT = 'jghm-samples/v1';
/** Format tag of `meta.json`. */
export const SAMPLES_META_FORMAT = 'jghm-samples-meta/v1';
/** Label of the sampling stream under the root seed. */
export const SAMPLE_STREAM = 'sample';
/** Most leaf values (n × (image leaves + text leaves)) written as npy. */
export const MAX_NPY_VALUES = 500_000_000;
/** Most leaf values written as JSON (JSON is ~2–3 bytes a value and one string in memory). */
export const MAX_JSON_VALUES = 20_000_000;

/** Flags of `sample`. */
export const spec: CommandSpec = {
  name: 'sample',
  summary: 'sample paired leaves from a model (json or npy)',
  flags: [
    { name: 'model', type: 'string', required: true, placeholder: 'FILE', help: 'jghm/v1 model file (- for stdin)' },
    { name: 'n', type: 'int', min: 1, required: true, placeholder: 'N', help: 'number of (image, text) pairs' },
    { name: 'seed', type: 'int', min: 0, required: true, placeholder: 'N', help: 'root seed; draws use Rng.fromSeed(seed).split("sample")' },
    { name: 'format', type: 'string', choices: ['npy', 'json'], default: 'npy', help: 'npy: image.npy, text.npy, roots.npy; json: samples.json' },
    { name: 'out', type: 'string', required: true, placeholder: 'DIR', help: 'output directory, written atomically (replaces a previous `sample` output)' },
  ],
  details: [
    'npy arrays: image and text have shape (n, leaves), dtype uint8 (|u1) when S ≤ 256 else uint16 (<u2), C order;',
    'roots has shape (n,), dtype int32 (<i4). meta.json records the model, seed, n and the stream label.',
    'Example: clip-theory sample --model small.json --n 1000 --seed 3 --out samples/',
  ].join('\n'),
};

/**
 * Refuses an --out that exists but is not a directory written by `sample` (or an empty one): replacing it would
 * delete unrelated files.
 */
export function checkOutDir(out: string): void {
  const abs = resolve(out);
  if (!existsSync(abs)) return;
  if (!statSync(abs).isDirectory()) throw new UsageError(`--out: ${out} exists and is not a directory`);
  const entries = readdirSync(abs);
  if (entries.length === 0) return;
  let tag: unknown;
  try {
    tag = (JSON.parse(readFileSync(join(abs, 'meta.json'), 'utf8')) as { format?: unknown }).format;
  } catch {
    tag = undefined;
  }
  if (tag !== SAMPLES_META_FORMAT) {
    throw new UsageError(`--out: ${out} exists and is not an earlier \`sample\` output (no meta.json with format ${SAMPLES_META_FORMAT}); refusing to replace it`);
  }
}

function rows(batch: LeafBatch): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < batch.n; i++) out.push(Array.from(batch.data.subarray(i * batch.leaves, (i + 1) * batch.leaves)));
  return out;
}

/** Runs `sample`. */
export async function run(args: ParsedArgs): Promise<number> {
  const modelPath = args.model as string;
  const n = args.n as number;
  const seed = args.seed as number;
  const format = args.format as 'npy' | 'json';
  const out = args.out as string;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: must be a safe integer (≤ ${Number.MAX_SAFE_INTEGER}), got ${seed}`);
  const { model, text: modelText } = loadModelInput(modelPath);
  const values = n * (model.image.leaves + model.text.leaves);
  const cap = format === 'npy' ? MAX_NPY_VALUES : MAX_JSON_VALUES;
  if (values > cap) {
    throw new UsageError(`--n: ${n} pairs make ${values.toExponential(2)} leaf values, above the ${format} limit of ${cap}${format === 'json' ? ' (use --format npy)' : ''}`);
  }
  checkOutDir(out);
  const batch = samplePairs(model, n, Rng.fromSeed(seed).split(SAMPLE_STREAM));
  const S = model.states;
  const files: Record<string, unknown> = {};
  writeDirAtomicSync(out, (staging) => {
    if (format === 'npy') {
      writeFileSync(join(staging, 'image.npy'), encodeNpy(batch.image.data, [n, batch.image.leaves]));
      writeFileSync(join(staging, 'text.npy'), encodeNpy(batch.text.data, [n, batch.text.leaves]));
      writeFileSync(join(staging, 'roots.npy'), encodeNpy(batch.roots, [n]));
      const dtype = S <= 256 ? 'uint8' : 'uint16';
      files['image.npy'] = { shape: [n, batch.image.leaves], dtype };
      files['text.npy'] = { shape: [n, batch.text.leaves], dtype };
      files['roots.npy'] = { shape: [n], dtype: 'int32' };
    } else {
      const body = { format: SAMPLES_FORMAT, seed, n, image: rows(batch.image), text: rows(batch.text), roots: Array.from(batch.roots) };
      writeFileSync(join(staging, 'samples.json'), `${JSON.stringify(body)}\n`);
      files['samples.json'] = { format: SAMPLES_FORMAT };
    }
    const meta = {
      format: SAMPLES_META_FORMAT,
      model: modelPath === '-' ? '(stdin)' : modelPath,
      modelSha256: createHash('sha256').update(modelText, 'utf8').digest('hex'),
      ...(model.name === undefined ? {} : { modelName: model.name }),
      states: S,
      leaves: { image: model.image.leaves, text: model.text.leaves },
      n,
      seed,
      stream: `Rng.fromSeed(${seed}).split('${SAMPLE_STREAM}')`,
      sampleFormat: format,
      files,
    };
    writeFileSync(join(staging, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  });
  return 0;
}
