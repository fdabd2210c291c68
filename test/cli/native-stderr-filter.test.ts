/**
 * The native-noise filter of the command line: it drops what Dawn, the Vulkan loader and Mesa print (real lines,
 * captured on software Vulkan and on a machine without a driver) and passes the command's own output through
 * unchanged, including a progress bar redrawn with `\r` and split across chunks. Deterministic.
 */
import { describe, expect, it } from 'vitest';
import { NativeNoiseFilter, isNativeNoise } from '../../cli/native-stderr-filter.js';

const DAWN = [
  'error: XDG_RUNTIME_DIR is invalid or not set in the environment.',
  'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.',
  'Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.',
  ' - While initializing adapter (backend=BackendType::Vulkan)',
  '    at InitializeImpl (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/PhysicalDeviceVk.cpp:257)',
  '',
  'Warning: loader_get_json: Failed to open JSON file /nonexistent.json',
  'Warning: vkCreateInstance: Found no drivers!',
  '    at CheckVkSuccessImpl (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/VulkanError.cpp:106)',
  '',
].join('\n');

const OWN = ['step 1/4 loss 1.3415 0.26 steps/s ETA 11s', 'eval step 4: test 1.3418±0.0358 bayes 1.0104 gap 0.3314±0.2286 (n=20)', '--backend: initBackend: backend \'webgpu\' is unavailable: no Vulkan driver', '  indented own line', ''];

function run(chunks: string[]): string {
  let out = '';
  const f = new NativeNoiseFilter((s) => (out += s));
  for (const c of chunks) f.push(c);
  f.end();
  return out;
}

describe('NativeNoiseFilter', () => {
  it('drops every captured Dawn/Vulkan line and keeps the command’s own lines, in any chunking', () => {
    for (const line of DAWN.split('\n').filter((l) => l !== '')) expect(isNativeNoise(line), line).toBe(true);
    for (const line of OWN.filter((l) => l !== '')) expect(isNativeNoise(line), line).toBe(false);
    const text = `${OWN[0]}\n${DAWN}\n${OWN[1]}\n${DAWN}\n${OWN[2]}\n${OWN[3]}\n`;
    const want = `${OWN[0]}\n${OWN[1]}\n${OWN[2]}\n${OWN[3]}\n`;
    expect(run([text])).toBe(want);
    // every split point, and one character at a time
    for (let i = 0; i < text.length; i += 7) expect(run([text.slice(0, i), text.slice(i)])).toBe(want);
    expect(run([...text])).toBe(want);
  });

  it('passes a progress bar redrawn with \\r through at once', () => {
    let out = '';
    const f = new NativeNoiseFilter((s) => (out += s));
    f.push('\r[##......] step 1/4 loss 1.2\x1b[K');
    expect(out).toBe('\r[##......] step 1/4 loss 1.2\x1b[K');
    f.push('\r[####....] step 2/4');
    expect(out.endsWith('step 2/4')).toBe(true);
  });

  it('planted failure: without the filter the Dawn lines would reach the terminal', () => {
    const text = `${OWN[0]}\n${DAWN}\n`;
    expect(text.split('\n').some(isNativeNoise)).toBe(true);
    expect(run([text]).split('\n').some(isNativeNoise)).toBe(false);
  });
});
