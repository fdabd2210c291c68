/**
 * Bringing up WebGPU (Dawn, the `webgpu` npm package) under Node without crashes and without native noise.
 *
 * Dawn, the Vulkan loader and Mesa write warnings straight to file descriptor 2 from native code (for example
 * `error: XDG_RUNTIME_DIR is invalid…`, `Warning: vkCreateInstance: Found no drivers!`, or a Dawn source location
 * line). Node cannot redirect fd 2 in-process, so:
 * 1. cheap checks first, without loading Dawn: the Vulkan loader library exists (Linux), an ICD (driver manifest)
 *    exists (`VK_ICD_FILENAMES`/`VK_DRIVER_FILES`, or the standard `icd.d` folders);
 * 2. `XDG_RUNTIME_DIR` is set to a fresh private folder when unset or invalid (libwayland complains otherwise);
 * 3. the adapter is probed in a CHILD process whose stderr is captured and dropped (`probeWebGpuAdapter`): a machine
 *    whose Vulkan has no working driver, or whose driver crashes, costs one short child process and prints nothing;
 * 4. only when the probe found an adapter is Dawn loaded in this process (`prepareWebGpu`). What Dawn prints then
 *    (e.g. lavapipe's two "limit artificially reduced" warnings at adapter creation) is filtered by the command line
 *    (`cli/native-stderr-filter.ts` runs such commands in a child process with a filtered stderr).
 *
 * Software adapters (Mesa's lavapipe/llvmpipe, SwiftShader) work but are tens of times slower than the CPU backends,
 * so `'auto'` skips them unless CLIP_THEORY_WEBGPU_SOFTWARE=1; `--backend webgpu` uses them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the child-process probe saw. */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software rasteriser (lavapipe/llvmpipe, SwiftShader) or a fallback adapter. */
  software: boolean;
  features: string[];
}

/** The probe's verdict: an adapter, or why there is none (one line). */
export type WebGpuProbe = { ok: true; adapter: WebGpuAdapterInfo } | { ok: false; reason: string };

const SEARCH_LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/local/lib'];

function hasLibrary(file: string): boolean {
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter((d) => d !== ''), ...SEARCH_LIB_DIRS];
  return dirs.some((d) => existsSync(join(d, file)));
}

/** Why no Vulkan driver can be found (undefined when one may exist). Linux only; elsewhere Dawn decides. */
export function vulkanMissingReason(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  if (!hasLibrary('libvulkan.so.1')) return 'no Vulkan loader (libvulkan.so.1) on this machine';
  const listed = process.env.VK_DRIVER_FILES || process.env.VK_ICD_FILENAMES;
  if (listed) {
    const files = listed.split(delimiter).filter((f) => f !== '');
    if (!files.some((f) => existsSync(f))) return `no Vulkan driver: ${process.env.VK_DRIVER_FILES ? 'VK_DRIVER_FILES' : 'VK_ICD_FILENAMES'} names no existing file`;
    return undefined;
  }
  const dataDirs = (process.env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(delimiter);
  const icdDirs = ['/etc/vulkan/icd.d', ...dataDirs.map((d) => join(d, 'vulkan', 'icd.d')), '/usr/local/nvidia/share/vulkan/icd.d'];
  const any = icdDirs.some((d) => {
    try {
      return readdirSync(d).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  });
  return any ? undefined : 'no Vulkan driver (no ICD manifest in the vulkan/icd.d folders)';
}

/**
 * Sets XDG_RUNTIME_DIR to a fresh private folder when it is unset or not an existing folder (libwayland, loaded by
 * Mesa's Vulkan drivers, prints an error otherwise). Affects this process and its children.
 */
export function ensureXdgRuntimeDir(): void {
  const cur = process.env.XDG_RUNTIME_DIR;
  if (cur) {
    try {
      if (statSync(cur).isDirectory()) return;
    } catch {
      // fall through: invalid
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'clip-theory-xdg-'));
  process.env.XDG_RUNTIME_DIR = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}

/** Absolute path of the `webgpu` package's entry, or undefined when the optional package is not installed. */
export function webgpuPackageEntry(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('webgpu');
  } catch {
    return undefined;
  }
}

const PROBE_SCRIPT = `
const { create } = await import(process.env.CLIP_THEORY_WEBGPU_ENTRY);
const out = (o) => process.stdout.write('CLIP_THEORY_PROBE ' + JSON.stringify(o) + '\\n');
try {
  const gpu = create([]);
  const a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!a) out({ adapter: null });
  else {
    const i = a.info ?? {};
    const d = await a.requestDevice();
    d.destroy();
    out({ adapter: { vendor: i.vendor ?? '', architecture: i.architecture ?? '', device: i.device ?? '', description: i.description ?? '', fallback: Boolean(i.isFallbackAdapter ?? a.isFallbackAdapter), features: [...a.features] } });
  }
} catch (e) {
  out({ error: String(e && e.message ? e.message : e).split('\\n')[0] });
}
process.exit(0);
`;

let probed: WebGpuProbe | undefined;

/**
 * Probes for a WebGPU adapter in a child process (stderr dropped, 60 s limit), once per process; the cheap checks of
 * `vulkanMissingReason` come first. Never throws.
 */
export function probeWebGpuAdapter(): WebGpuProbe {
  if (probed) return probed;
  probed = (() => {
    const missing = vulkanMissingReason();
    if (missing) return { ok: false, reason: missing };
    const entry = webgpuPackageEntry();
    if (!entry) return { ok: false, reason: "the optional 'webgpu' package is not installed" };
    ensureXdgRuntimeDir();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT], {
      env: { ...process.env, CLIP_THEORY_WEBGPU_ENTRY: pathToFileURL(entry).href },
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('CLIP_THEORY_PROBE '));
    if (!line) {
      const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
      return { ok: false, reason: `the WebGPU probe process failed (${why})` };
    }
    const o = JSON.parse(line.slice('CLIP_THEORY_PROBE '.length)) as {
      adapter?: { vendor: string; architecture: string; device: string; description: string; fallback: boolean; features: string[] } | null;
      error?: string;
    };
    if (o.error) return { ok: false, reason: `Dawn failed: ${o.error}` };
    if (!o.adapter) return { ok: false, reason: 'Dawn found no WebGPU adapter (no working Vulkan driver)' };
    const a = o.adapter;
    const text = `${a.vendor} ${a.architecture} ${a.device} ${a.description}`.toLowerCase();
    const software = a.fallback || a.architecture === 'software' || /llvmpipe|lavapipe|swiftshader|softpipe/.test(text);
    return { ok: true, adapter: { vendor: a.vendor, architecture: a.architecture, device: a.device, description: a.description, software, features: a.features } };
  })();
  return probed;
}

/** True when `'auto'` may use a software adapter (CLIP_THEORY_WEBGPU_SOFTWARE=1). */
export function softwareWebGpuAllowed(): boolean {
  return process.env.CLIP_THEORY_WEBGPU_SOFTWARE === '1';
}

/** One line describing an adapter. */
export function describeAdapter(a: WebGpuAdapterInfo): string {
  const what = a.description || [a.vendor, a.device].filter((x) => x).join(' ') || 'unknown adapter';
  return `${what}${a.software ? ' (software)' : ''}`;
}

let prepared: { ok: true; adapter: WebGpuAdapterInfo } | { ok: false; reason: string } | undefined;

/**
 * Loads Dawn in this process, installs `navigator.gpu` and the WebGPU globals, and imports the tfjs WebGPU backend,
 * after a successful probe. `allowSoftware` false refuses a software adapter. Returns the adapter or the reason.
 */
export async function prepareWebGpu(allowSoftware: boolean): Promise<WebGpuProbe> {
  const probe = probeWebGpuAdapter();
  if (!probe.ok) return probe;
  if (probe.adapter.software && !allowSoftware) {
    return { ok: false, reason: `the only adapter is a software one (${describeAdapter(probe.adapter)}), slower than the CPU backends; CLIP_THEORY_WEBGPU_SOFTWARE=1 lets 'auto' use it` };
  }
  if (prepared) return prepared;
  prepared = await (async (): Promise<WebGpuProbe> => {
    let webgpu: { create: (opts: string[]) => unknown; globals: Record<string, unknown> };
    try {
      webgpu = (await import(/* @vite-ignore */ pathToFileURL(webgpuPackageEntry()!).href)) as typeof webgpu;
    } catch (e) {
      return { ok: false, reason: `the 'webgpu' package cannot be loaded (${(e as Error).message.split('\n')[0]})` };
    }
    const gpu = webgpu.create([]);
    Object.assign(globalThis, webgpu.globals);
    const g = globalThis as unknown as { navigator?: Record<string, unknown> };
    g.navigator ??= {};
    if (!('gpu' in g.navigator)) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    try {
      await import(/* @vite-ignore */ '@tensorflow/tfjs-backend-webgpu' as string);
    } catch (e) {
      return { ok: false, reason: `@tensorflow/tfjs-backend-webgpu cannot be imported (${(e as Error).message.split('\n')[0]})` };
    }
    return probe;
  })();
  return prepared;
}

/**
 * Whether initialising `backend` ('auto', 'webgpu', …) will load Dawn into this process (so that a command line can
 * first arrange to filter its native stderr). Probes (child process) when needed; never throws.
 */
export function dawnWillLoad(backend: string): boolean {
  if (backend !== 'webgpu' && backend !== 'auto') return false;
  const probe = probeWebGpuAdapter();
  if (!probe.ok) return false;
  return backend === 'webgpu' || !probe.adapter.software || softwareWebGpuAllowed();
}
