/**
 * The engine tests' device: acquired once; when there is none (no Vulkan, no adapter), the suites skip and print
 * why (CI installs lavapipe so that they run).
 */
import { acquireGpu, type GpuContext } from '../../../models/webgpu-engine/index.js';

const got = await acquireGpu();
/** The device, or undefined when there is none. */
export const gpu: GpuContext | undefined = typeof got === 'string' ? undefined : got;
if (typeof got === 'string') {
  // CI sets this after installing software Vulkan: a missing adapter is then a failure, not a skip
  if (process.env.CLIP_THEORY_REQUIRE_WEBGPU === '1') throw new Error(`webgpu-engine tests: CLIP_THEORY_REQUIRE_WEBGPU=1 but there is no WebGPU device: ${got}`);
  console.log(`[webgpu-engine tests] skipped: ${got} (software Vulkan: VK_ICD_FILENAMES=/opt/lavapipe/lvp.json)`);
}

/** Max |a − b| over max(max |b|, floor) (0 when they are equal). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 0): number {
  let d = 0;
  let m = floor;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d === 0 ? 0 : d / m;
}

/** Max |entry| of an array. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
