/// <reference types="@webgpu/types" />
/**
 * A recorded GPU program: an ordered list of kernel dispatches (pipeline, bind group, uniform block, workgroup grid),
 * built once and encoded every step into ONE compute pass of one command encoder (one submit). Counts the
 * `dispatchWorkgroups` calls it encodes, and brackets the pass with GPU timestamps when the device has
 * 'timestamp-query'.
 */
import type { GpuContext } from './gpu-context.js';
import type { KernelSpec } from './kernels/index.js';

/** One recorded dispatch. */
export interface Dispatch {
  label: string;
  kernel: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  uniform: GPUBuffer;
  /** Uniform values in field order (kept so that a dispatch's uniforms can be rewritten, e.g. AdamW's step). */
  fields: readonly string[];
  grid: [number, number, number];
}

/** Compiled pipelines and their layouts, per device, shared by every Program (compiling is slow on software Vulkan). */
const compiled = new WeakMap<GPUDevice, Map<string, { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>>();

/** Records dispatches and encodes them. */
export class Program {
  readonly dispatches: Dispatch[] = [];

  private readonly uniforms: GPUBuffer[] = [];
  private querySet?: GPUQuerySet;
  private queryResolve?: GPUBuffer;

  private recorded?: Promise<GPUError | null>;

  constructor(readonly ctx: GpuContext) {}

  /**
   * Records dispatches inside a validation error scope (opened and closed synchronously, so scopes of programs built
   * one after another never interleave); `validate()` reports what the scope caught.
   */
  record(build: () => void): void {
    this.ctx.device.pushErrorScope('validation');
    try {
      build();
    } finally {
      this.recorded = this.ctx.device.popErrorScope();
    }
  }

  /**
   * Throws the first validation error raised while the program was recorded (a shader that does not compile on this
   * adapter, a bad binding), instead of letting steps silently produce nothing.
   */
  async validate(): Promise<void> {
    const err = await this.recorded;
    if (err) throw new Error(`webgpu-engine: the GPU program is invalid on this adapter: ${err.message.split('\n')[0]}`);
  }

  private pipeline(spec: KernelSpec, variant: string): { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout } {
    const key = `${spec.name}:${variant}`;
    let cache = compiled.get(this.ctx.device);
    if (!cache) compiled.set(this.ctx.device, (cache = new Map()));
    let p = cache.get(key);
    if (!p) {
      const module = this.ctx.device.createShaderModule({ code: spec.source(variant), label: key });
      // An explicit layout: every declared binding stays, even where a variant does not use it.
      const layout = this.ctx.device.createBindGroupLayout({
        entries: [
          { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
          ...spec.bindings.map((b, i) => ({ binding: i + 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: b.write ? ('storage' as const) : ('read-only-storage' as const) } })),
        ],
      });
      const pipeline = this.ctx.device.createComputePipeline({ layout: this.ctx.device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: 'main' }, label: key });
      p = { pipeline, layout };
      cache.set(key, p);
    }
    return p;
  }

  /** Appends a dispatch of `spec` (variant `variant`) with these uniform values and storage buffers (binding order). */
  add(label: string, spec: KernelSpec, variant: string, values: Record<string, number>, buffers: GPUBuffer[], grid: [number, number?, number?]): Dispatch {
    if (buffers.length !== spec.bindings.length) throw new Error(`Program.add(${label}): ${spec.name} takes ${spec.bindings.length} buffers, got ${buffers.length}`);
    const data = new Uint32Array(Math.max(4, Math.ceil(spec.fields.length / 4) * 4));
    spec.fields.forEach((f, i) => {
      const v = values[f];
      if (v === undefined || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`Program.add(${label}): field ${f} = ${String(v)} is not a u32`);
      data[i] = v;
    });
    for (const k of Object.keys(values)) if (!spec.fields.includes(k)) throw new Error(`Program.add(${label}): ${spec.name} has no field ${k}`);
    const device = this.ctx.device;
    const uniform = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: `${label}/u` });
    device.queue.writeBuffer(uniform, 0, data);
    this.uniforms.push(uniform);
    const { pipeline, layout } = this.pipeline(spec, variant);
    const bindGroup = device.createBindGroup({
      layout,
      entries: [{ binding: 0, resource: { buffer: uniform } }, ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } }))],
      label,
    });
    const g: [number, number, number] = [grid[0], grid[1] ?? 1, grid[2] ?? 1];
    for (const n of g) if (!(Number.isInteger(n) && n >= 1 && n <= 65535)) throw new Error(`Program.add(${label}): workgroup grid [${g.join(', ')}] out of range`);
    const d: Dispatch = { label, kernel: spec.name, pipeline, bindGroup, uniform, fields: spec.fields, grid: g };
    this.dispatches.push(d);
    return d;
  }

  /** Rewrites some uniform values of a recorded dispatch (all values given as u32 bits). */
  update(d: Dispatch, values: Record<string, number>): void {
    for (const [k, v] of Object.entries(values)) {
      const i = d.fields.indexOf(k);
      if (i < 0) throw new Error(`Program.update(${d.label}): no field ${k}`);
      this.ctx.device.queue.writeBuffer(d.uniform, i * 4, new Uint32Array([v]));
    }
  }

  /**
   * Encodes every dispatch into one compute pass and submits it. With `timed` (and 'timestamp-query'), writes the
   * pass's begin/end timestamps into `timestampBuffer`. Returns the number of `dispatchWorkgroups` calls.
   */
  run(timed = false): number {
    const device = this.ctx.device;
    const encoder = device.createCommandEncoder();
    let desc: GPUComputePassDescriptor = {};
    if (timed && this.ctx.timestamps) {
      this.querySet ??= device.createQuerySet({ type: 'timestamp', count: 2 });
      this.queryResolve ??= device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
      desc = { timestampWrites: { querySet: this.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } };
    }
    const pass = encoder.beginComputePass(desc);
    let count = 0;
    for (const d of this.dispatches) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
      count++;
    }
    pass.end();
    if (timed && this.querySet && this.queryResolve) encoder.resolveQuerySet(this.querySet, 0, 2, this.queryResolve, 0);
    device.queue.submit([encoder.finish()]);
    return count;
  }

  /** GPU nanoseconds between the last timed pass's begin and end, or undefined without timestamps. */
  async lastPassNs(): Promise<number | undefined> {
    if (!this.queryResolve) return undefined;
    const device = this.ctx.device;
    const read = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(this.queryResolve, 0, read, 0, 16);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const t = new BigUint64Array(read.getMappedRange().slice(0));
    read.unmap();
    read.destroy();
    return Number(t[1] - t[0]);
  }

  /** Frees the uniform buffers and query objects. */
  dispose(): void {
    for (const u of this.uniforms) u.destroy();
    this.querySet?.destroy();
    this.queryResolve?.destroy();
  }
}
