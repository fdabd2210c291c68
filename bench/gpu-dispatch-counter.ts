/**
 * Counts WebGPU work at the Dawn API level, so it counts any engine in this process (tfjs-backend-webgpu, or a
 * project WGSL engine) the same way: compute dispatches (`GPUComputePassEncoder.dispatchWorkgroups` and
 * `dispatchWorkgroupsIndirect`), compute passes and queue submits. It wraps the methods on the prototypes that
 * `webgpu`'s globals install (every encoder Dawn creates inherits them); `stop()` restores them.
 */

/** Running totals since `countGpuWork()`. */
export interface GpuWorkCounter {
  dispatches: number;
  passes: number;
  submits: number;
  /** Restores the original methods. */
  stop(): void;
}

type Proto = Record<string, (...args: unknown[]) => unknown>;

/** Starts counting; undefined when the WebGPU globals are not installed (no webgpu backend in this process). */
export function countGpuWork(): GpuWorkCounter | undefined {
  const g = globalThis as unknown as Record<string, { prototype: Proto } | undefined>;
  const pass = g.GPUComputePassEncoder?.prototype;
  const encoder = g.GPUCommandEncoder?.prototype;
  const queue = g.GPUQueue?.prototype;
  if (!pass || !encoder || !queue) return undefined;
  const counter = { dispatches: 0, passes: 0, submits: 0, stop: () => {} };
  const restore: (() => void)[] = [];
  const wrap = (proto: Proto, method: string, count: () => void) => {
    const orig = proto[method];
    if (typeof orig !== 'function') return;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      count();
      return orig.apply(this, args);
    };
    restore.push(() => (proto[method] = orig));
  };
  wrap(pass, 'dispatchWorkgroups', () => (counter.dispatches += 1));
  wrap(pass, 'dispatchWorkgroupsIndirect', () => (counter.dispatches += 1));
  wrap(encoder, 'beginComputePass', () => (counter.passes += 1));
  wrap(queue, 'submit', () => (counter.submits += 1));
  counter.stop = () => {
    for (const r of restore.splice(0)) r();
  };
  return counter;
}
