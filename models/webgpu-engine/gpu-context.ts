/// <reference types="@webgpu/types" />
/**
 * A WebGPU device for the project engine, from the optional `webgpu` npm package (Dawn). Works on real GPUs and on
 * software Vulkan (lavapipe: `VK_ICD_FILENAMES=/opt/lavapipe/lvp.json`). Never throws for a missing GPU: returns
 * the reason instead, so callers (tests, bench) can skip with a printed line.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** An acquired device and what its adapter offers. */
export interface GpuContext {
  device: GPUDevice;
  /** Adapter description (vendor/device/description), for reports. */
  adapter: string;
  /** The adapter supports 'timestamp-query' and the device was created with it. */
  timestamps: boolean;
  /** Largest storage binding in bytes (the engine checks its buffers against it before allocating). */
  maxBinding: number;
}

let cached: Promise<GpuContext | string> | undefined;
/** Dawn's GPU object: kept referenced for the life of the process (Dawn aborts when it is collected under a live device). */
let keepAlive: GPU | undefined;

function hasLibrary(file: string): boolean {
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter((d) => d !== ''),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/lib/x86_64-linux-gnu',
    '/usr/local/lib',
  ];
  return dirs.some((d) => existsSync(join(d, file)));
}

/**
 * The process-wide engine device (created once), or a one-line reason why there is none. Requests the adapter's
 * largest storage-binding and buffer sizes, 10 storage buffers per stage, and 'timestamp-query' when offered.
 */
export function acquireGpu(): Promise<GpuContext | string> {
  cached ??= (async (): Promise<GpuContext | string> => {
    if (process.platform === 'linux' && !hasLibrary('libvulkan.so.1')) return 'no Vulkan loader (libvulkan.so.1) on this machine';
    let webgpu: { create: (opts: string[]) => GPU; globals: Record<string, unknown> };
    try {
      webgpu = (await import(/* @vite-ignore */ 'webgpu' as string)) as typeof webgpu;
    } catch {
      return "the optional 'webgpu' package cannot be imported";
    }
    Object.assign(globalThis, webgpu.globals);
    const gpu = webgpu.create([]);
    keepAlive = gpu;
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return 'Dawn found no WebGPU adapter';
    const timestamps = adapter.features.has('timestamp-query');
    const device = await adapter.requestDevice({
      requiredFeatures: timestamps ? ['timestamp-query'] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
        maxStorageBuffersPerShaderStage: Math.min(10, adapter.limits.maxStorageBuffersPerShaderStage),
        maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      },
    });
    const info = (adapter as unknown as { info?: Record<string, string> }).info;
    const name = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s).join(' ') || 'unknown adapter';
    return { device, adapter: name, timestamps, maxBinding: adapter.limits.maxStorageBufferBindingSize };
  })();
  return cached;
}
