/**
 * Root posteriors on several cores: a small worker-thread pool over root-posterior-fast.ts.
 *
 * The calling thread and `threads − 1` workers share the batch: leaves and the output live in SharedArrayBuffers and
 * every thread claims chunks of rows from a shared atomic counter until none are left. Every row is computed by the
 * same code (the plan's WebAssembly module, its generated source, or the generic kernel's source text) on the same
 * numbers, so the output is bit-for-bit identical to the serial `rootPosteriors`, whichever thread computes which row.
 *
 * Workers are created from source text (`eval: true`), not from a file, so the pool works the same under tsx,
 * vitest and compiled JavaScript. They hold no reference on the event loop while idle (unref), so they never keep a
 * process alive; `close()` terminates them.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Jghm, MODALITIES, type Modality } from './model.js';
import type { LeafArray, LeafBatch } from './sampling.js';
import {
  type RootPosteriorPlan,
  badLeafError,
  buildRootPosteriorPlan,
  checkLeafBatch,
  rootPosteriorPlan,
  rootPosteriorRows,
  runPlanRows,
} from './root-posterior-fast.js';
import { WASM_CHUNK_ROWS, instantiateRootPosteriorWasm } from './root-posterior-wasm.js';

/** Options of `createRootPosteriorPool`. */
export interface RootPosteriorPoolOptions {
  /** Threads in all, the calling thread included (default min(2, available cores)); 1 means no workers. */
  threads?: number;
  /** Rows claimed at a time (default 256). */
  chunk?: number;
  /** Whether the calling thread computes too (default true): then `threads − 1` workers, else `threads` workers. */
  callerComputes?: boolean;
  /** Use generated code (JavaScript and WebAssembly) where available (default true); false runs the generic kernel. */
  generate?: boolean;
}

/** A pool computing the root posteriors of one model on several threads. */
export interface RootPosteriorPool {
  /** Computing threads (the calling thread included when it computes). */
  readonly threads: number;
  /** Number of worker threads. */
  readonly workers: number;
  /** Exact root posteriors [n × S] of a batch of observed leaves (same contract and bits as `rootPosteriors`). */
  rootPosteriors(modality: Modality, leaves: LeafBatch): Promise<Float64Array>;
  /** Terminates the workers; later calls reject. */
  close(): Promise<void>;
}

/** The worker program: compiles the plans' kernels, then serves chunk-claiming requests. Plain JavaScript. */
function workerSource(): string {
  return `
var __name = (f) => f; // esbuild's keepNames helper, in case it appears in the function text
const { parentPort } = require('node:worker_threads');
const rootPosteriorRows = (${rootPosteriorRows.toString()});
const instantiateRootPosteriorWasm = (${instantiateRootPosteriorWasm.toString()});
const runners = {};
parentPort.on('message', (msg) => {
  if (msg.type === 'init') {
    for (const modality of Object.keys(msg.plans)) {
      const plan = msg.plans[modality];
      const work = new Float64Array(plan.workSize);
      const gen = plan.source === null ? null : new Function(plan.source)();
      const wasm = plan.wasm === null ? null : instantiateRootPosteriorWasm(plan.wasm, plan.tables, plan.S, plan.leaves, msg.wasmChunkRows);
      const js = gen
        ? (data, out, a, b) => gen(data, out, a, b, plan.tables, plan.leafMsg)
        : (data, out, a, b) => rootPosteriorRows(plan, data, out, a, b, work);
      runners[modality] = wasm ? (data, out, a, b) => (data instanceof Uint8Array ? wasm : js)(data, out, a, b) : js;
    }
    parentPort.postMessage({ type: 'ready' });
    return;
  }
  const { id, modality, data, out, counter, n, chunk } = msg;
  const run = runners[modality];
  let bad = -1;
  for (;;) {
    const start = Atomics.add(counter, 0, chunk);
    if (start >= n) break;
    const end = Math.min(n, start + chunk);
    bad = run(data, out, start, end);
    if (bad >= 0) break;
  }
  parentPort.postMessage({ type: 'done', id, bad });
});
`;
}

interface Pending {
  resolve: (bad: number) => void;
  reject: (e: Error) => void;
}

/** Copies leaf values into shared memory (unless they already are). */
function sharedLeaves(data: LeafArray, count: number): LeafArray {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const bytes = Math.max(1, count) * data.BYTES_PER_ELEMENT;
  const shared: LeafArray = data instanceof Uint8Array ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint16Array(new SharedArrayBuffer(bytes));
  shared.set(data.subarray(0, count));
  return shared;
}

/**
 * Creates a pool for one model (both trees); workers start in the background and the first request waits for them.
 * Deterministic: the output equals the serial `rootPosteriors` bit for bit.
 */
export function createRootPosteriorPool(model: Jghm, options: RootPosteriorPoolOptions = {}): RootPosteriorPool {
  const fn = 'createRootPosteriorPool';
  const threads = options.threads ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new RangeError(`${fn}: threads must be an integer in 1..64 (got ${threads})`);
  const chunk = options.chunk ?? 256;
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`${fn}: chunk must be a positive integer (got ${chunk})`);
  const callerComputes = options.callerComputes ?? true;
  const workerCount = callerComputes ? threads - 1 : threads;
  const plans = {} as Record<Modality, RootPosteriorPlan>;
  for (const m of MODALITIES) plans[m] = options.generate === false ? buildRootPosteriorPlan(model, m, { generate: false, wasm: false }) : rootPosteriorPlan(model, m);
  const mainWork = {} as Record<Modality, Float64Array>;
  for (const m of MODALITIES) mainWork[m] = new Float64Array(plans[m].workSize);

  const workers: Worker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | null = null;
  let closed = false;
  const fail = (e: Error) => {
    failure = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const ready: Promise<void>[] = [];
  const src = workerSource();
  for (let w = 0; w < workerCount; w++) {
    const worker = new Worker(src, { eval: true });
    worker.unref();
    ready.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', (msg: { type: string }) => (msg.type === 'ready' ? resolve() : reject(new Error(`${fn}: worker sent ${msg.type} before ready`))));
        worker.once('error', reject);
      }),
    );
    worker.on('message', (msg: { type: string; id: number; bad: number }) => {
      if (msg.type !== 'done') return;
      const p = pending.get(msg.id);
      if (p) {
        pending.delete(msg.id);
        p.resolve(msg.bad);
      }
    });
    worker.on('error', (e) => fail(new Error(`${fn}: worker failed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (!closed) fail(new Error(`${fn}: worker exited unexpectedly (code ${code})`));
    });
    worker.postMessage({ type: 'init', plans, wasmChunkRows: WASM_CHUNK_ROWS });
    workers.push(worker);
  }
  let tail: Promise<unknown> = Promise.all(ready).catch(async (e: Error) => {
    fail(new Error(`${fn}: could not start workers: ${e.message}`));
    closed = true;
    await Promise.all(workers.map((w) => w.terminate()));
  });
  const compute = async (modality: Modality, leaves: LeafBatch): Promise<Float64Array> => {
    const plan = plans[modality];
    const n = leaves.n;
    const S = plan.S;
    const count = n * plan.leaves;
    const data = workers.length > 0 ? sharedLeaves(leaves.data, count) : leaves.data;
    const out = new Float64Array(workers.length > 0 ? new SharedArrayBuffer(Math.max(1, n * S) * 8) : new ArrayBuffer(n * S * 8)).subarray(0, n * S);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const done: Promise<number>[] = [];
    if (n > chunk || !callerComputes) {
      for (const worker of workers) {
        const id = nextId++;
        done.push(new Promise<number>((resolve, reject) => pending.set(id, { resolve, reject })));
        worker.ref(); // keep the process alive while a request is in flight
        worker.postMessage({ type: 'run', id, modality, data, out, counter, n, chunk });
      }
    }
    let bad = -1;
    try {
      while (callerComputes) {
        const start = Atomics.add(counter, 0, chunk);
        if (start >= n) break;
        bad = runPlanRows(plan, data, out, start, Math.min(n, start + chunk), mainWork[modality]);
        if (bad >= 0) break;
      }
      const bads = await Promise.all(done);
      for (const b of bads) if (b >= 0 && (bad < 0 || b < bad)) bad = b;
    } finally {
      for (const worker of workers) worker.unref();
    }
    if (bad >= 0) throw badLeafError('rootPosteriors', leaves, bad, S);
    return out;
  };
  return {
    threads,
    workers: workerCount,
    rootPosteriors(modality: Modality, leaves: LeafBatch): Promise<Float64Array> {
      if (closed) return Promise.reject(new Error('rootPosteriors: the pool is closed'));
      if (failure) return Promise.reject(failure);
      if (modality !== 'image' && modality !== 'text') {
        return Promise.reject(new RangeError(`rootPosteriors: modality must be 'image' or 'text' (got ${String(modality)})`));
      }
      try {
        checkLeafBatch(plans[modality], leaves, 'rootPosteriors', modality);
      } catch (e) {
        return Promise.reject(e);
      }
      const result = tail.then(() => {
        if (failure) throw failure;
        return compute(modality, leaves);
      });
      tail = result.catch(() => undefined);
      return result;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
