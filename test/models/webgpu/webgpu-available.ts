/**
 * Whether the WebGPU tests can run here: `initBackend('webgpu')` (software adapters allowed, e.g. lavapipe from
 * `scripts/setup-lavapipe.sh`). When it cannot, the tests skip and print why — unless CLIP_THEORY_REQUIRE_WEBGPU=1
 * (set by `.ci/run` after a successful set-up), where an unavailable backend is a failure, not a skip.
 */
import { BackendUnavailableError, initBackend } from '../../../models/backends/backend.js';

/** undefined when webgpu works (it is then the active backend), else the reason. */
export async function webgpuUnavailableReason(file: string): Promise<string | undefined> {
  try {
    await initBackend('webgpu');
    return undefined;
  } catch (e) {
    if (!(e instanceof BackendUnavailableError)) throw e;
    if (process.env.CLIP_THEORY_REQUIRE_WEBGPU === '1') {
      throw new Error(`${file}: CLIP_THEORY_REQUIRE_WEBGPU=1 but webgpu is unavailable: ${e.reason}`);
    }
    console.log(`[webgpu tests] ${file}: skipped: ${e.reason} (run scripts/setup-lavapipe.sh and export what it prints)`);
    return e.reason;
  }
}
