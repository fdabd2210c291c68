/// <reference types="@webgpu/types" />
/**
 * A sweep: M independent models of one shape trained together. The models are packed onto the model axis of as few
 * engine programs as the device's storage-binding limit allows (`modelsPerProgram`); each step runs every program
 * (one submit each). Model m lives in program ⌊m / perProgram⌋ at index m mod perProgram.
 */
import type { GpuContext } from './gpu-context.js';
import { type EngineOptions, type EngineStats, WgslClipEngine, modelsPerProgram } from './engine.js';

/** The engines of a sweep, addressed by global model index. */
export class WgslClipSweep {
  readonly engines: WgslClipEngine[] = [];
  /** Models per program (the last one may hold fewer). */
  readonly perProgram: number;
  readonly models: number;

  constructor(ctx: GpuContext, opts: EngineOptions) {
    const total = opts.models ?? 1;
    if (!Number.isSafeInteger(total) || total < 1) throw new RangeError(`WgslClipSweep: models must be an integer >= 1, got ${String(total)}`);
    const fit = modelsPerProgram(ctx, { ...opts, models: 1 });
    if (fit < 1) throw new RangeError(`WgslClipSweep: one model of this shape exceeds the adapter's storage-binding limit (${ctx.maxBinding} bytes); use fewer rows`);
    this.perProgram = Math.min(fit, total);
    this.models = total;
    try {
      for (let start = 0; start < total; start += this.perProgram) {
        this.engines.push(WgslClipEngine.create(ctx, { ...opts, models: Math.min(this.perProgram, total - start) }));
      }
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  private locate(model: number): [WgslClipEngine, number] {
    if (!Number.isSafeInteger(model) || model < 0 || model >= this.models) throw new RangeError(`WgslClipSweep: model must be in 0..${this.models - 1}, got ${String(model)}`);
    return [this.engines[Math.floor(model / this.perProgram)], model % this.perProgram];
  }

  /** The layout of every encoder. */
  get layout() {
    return this.engines[0].layout;
  }

  /** Dispatches per step, all programs together. */
  get dispatchesPerStep(): number {
    return this.engines.reduce((s, e) => s + e.dispatchesPerStep, 0);
  }

  /** Dispatches encoded by the last step. */
  get lastDispatches(): number {
    return this.engines.reduce((s, e) => s + e.lastDispatches, 0);
  }

  setParameters(model: number, which: 'image' | 'text', flat: Float32Array): void {
    const [e, m] = this.locate(model);
    e.setParameters(m, which, flat);
  }

  setLogitScale(model: number, value: number): void {
    const [e, m] = this.locate(model);
    e.setLogitScale(m, value);
  }

  /** One step of every model: tokens [M][N][T] per modality, model-major; learning rate per model or shared. */
  step(tokens: { image: ArrayLike<number>; text: ArrayLike<number> }, lr: number, timed = false): void {
    const o = this.engines[0].options;
    const per = o.rows * o.encoder.length;
    if (tokens.image.length !== this.models * per || tokens.text.length !== this.models * per) {
      throw new RangeError(`WgslClipSweep.step: tokens.image and tokens.text must have ${this.models}·${o.rows}·${o.encoder.length} entries`);
    }
    const slice = (a: ArrayLike<number>, from: number, to: number) => Array.prototype.slice.call(a, from, to) as number[];
    this.engines.forEach((e, g) => {
      const from = g * this.perProgram * per;
      const to = from + e.models * per;
      e.step({ image: slice(tokens.image, from, to), text: slice(tokens.text, from, to) }, lr, timed);
    });
  }

  /** Loss and gradient norm of every model (last step). */
  async stats(): Promise<EngineStats> {
    const all = await Promise.all(this.engines.map((e) => e.stats()));
    const cat = (k: keyof EngineStats) => Float32Array.from(all.flatMap((s) => Array.from(s[k])));
    return { loss: cat('loss'), gradNorm: cat('gradNorm') };
  }

  parameters(model: number, which: 'image' | 'text'): Promise<Float32Array> {
    const [e, m] = this.locate(model);
    return e.parameters(m, which);
  }

  async logitScale(model: number): Promise<{ value: number; grad: number }> {
    const [e, m] = this.locate(model);
    return e.logitScale(m);
  }

  /** Sum of the programs' GPU times of the last timed step (ms), or undefined without timestamps. */
  async lastGpuMs(): Promise<number | undefined> {
    let s = 0;
    for (const e of this.engines) {
      const t = await e.lastGpuMs();
      if (t === undefined) return undefined;
      s += t;
    }
    return s;
  }

  /** Throws if the GPU rejected any program (shader or binding errors). */
  async validate(): Promise<void> {
    for (const e of this.engines) await e.validate();
  }

  async finish(): Promise<void> {
    await Promise.all(this.engines.map((e) => e.finish()));
  }

  dispose(): void {
    for (const e of this.engines) e.dispose();
    this.engines.length = 0;
  }
}
