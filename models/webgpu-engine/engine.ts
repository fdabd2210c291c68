/// <reference types="@webgpu/types" />
/**
 * The project WebGPU training engine: an explicit forward and backward of the fixed CLIP encoder architecture
 * (`models/encoders/transformer.ts`) for M independent models at once (a leading model axis: model m owns image
 * encoder 2m and text encoder 2m+1), with the CLIP loss, global-norm clipping and AdamW, all in one recorded GPU
 * program: one command encoder, one compute pass, one submit per step; nothing is read back unless asked.
 *
 * Dispatches per step: 9 + 19·layers (no output projection) or 9 + 22·layers (with Wo), whatever M, plus one
 * split-K reduction per weight gradient (3 or 4 per layer) when N·T ≥ 2 048 rows (W1: 61, W2: 139).
 * Parameters live in one flat f32 buffer [M][2][P] (layout `encoderLayout`, the encoder's variable order), with
 * gradient and Adam-moment buffers of the same shape, and the logit scales (cosine similarity) in a small
 * [4][M] buffer (value, gradient, m, v).
 *
 * Restrictions (refused at construction, naming the field): image and text encoders share one configuration;
 * T ≤ 128; K ≤ 64; outDim ≤ 256; every buffer within the adapter's storage-binding limit.
 */
import type { EncoderConfig } from '../encoders/index.js';
import { checkEncoderConfig } from '../encoders/index.js';
import type { GpuContext } from './gpu-context.js';
import { type EncoderLayout, encoderLayout } from './layout.js';
import { type Dispatch, Program } from './program.js';
import {
  ATTENTION_MAX_T,
  CLIP_LOSS_MAX_K,
  KERNELS,
  NONE,
  NORM_CHUNK,
  READOUT_MAX_OUT,
  f32Bits,
  grid2d,
  matmulVariant,
} from './kernels/index.js';

/** What the engine trains. */
export interface EngineOptions {
  /** The encoder configuration (image and text alike). */
  encoder: EncoderConfig;
  /** Sequences per encoder per step (paper loss: B(K+1); in-batch: B). */
  rows: number;
  loss: 'paper' | 'in-batch';
  /** K of the paper loss. */
  k?: number;
  similarity: 'dot' | 'cosine';
  /** Independent models trained together (the model axis), default 1. */
  models?: number;
  weightDecay: number;
  /** Max global gradient norm per model. */
  gradClip: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /**
   * Split-K slices of the weight-gradient matMuls (reductions over all N·T rows); 0 (default): automatic,
   * min(32, ⌊N·T/1024⌋) from 2 048 rows on, else 1. Each split adds one reduction dispatch per weight gradient.
   */
  splitK?: number;
}

/** The split-K slices of the weight-gradient matMuls for these options. */
export function splitKSlices(o: Required<EngineOptions>): number {
  if (o.splitK > 0) return o.splitK;
  const R = o.rows * o.encoder.length;
  return R >= 2048 ? Math.min(32, Math.floor(R / 1024)) : 1;
}

/** Per-model results of the last step. */
export interface EngineStats {
  /** CLIP loss per model (before the update). */
  loss: Float32Array;
  /** Pre-clipping global gradient norm per model. */
  gradNorm: Float32Array;
}

const LOGIT_MAX = Math.log(100);

/** Float count of every engine buffer for M models (the engine allocates exactly these). */
export function bufferSizes(o: Required<EngineOptions>, M: number): Record<string, number> {
  const { length: T, width: D, layers, heads: H, mlp: F, outDim: O } = o.encoder;
  const E = 2 * M;
  const N = o.rows;
  const R = N * T;
  const P = encoderLayout(o.encoder).size;
  const chunks = Math.ceil((2 * P) / NORM_CHUNK);
  const wo = o.encoder.outputProjection !== false;
  const sizes: Record<string, number> = {
    params: E * P, grads: E * P, mom1: E * P, mom2: E * P, scal: 4 * M, stats: 4 * M, partial: M * chunks,
    tokens: E * R, h: E * R * D, dh: E * R * D, dx: E * R * D, du: E * R * F, dqkv: 3 * E * R * D,
    pooled: E * N * D, dpooled: E * N * D, y: E * N * O, dy: E * N * O, lossScratch: E * N * O + E * N + M * 2 * N,
    ...(wo ? { dO: E * R * D } : {}),
  };
  const S = splitKSlices(o);
  if (S > 1) sizes.splitK = E * S * Math.max(D * F, 3 * D * D);
  for (let l = 0; l < layers; l++) {
    Object.assign(sizes, {
      [`xhat1_${l}`]: E * R * D, [`rstd1_${l}`]: E * R, [`a1_${l}`]: E * R * D, [`qkv_${l}`]: 3 * E * R * D,
      [`P_${l}`]: E * N * H * T * T, [`xhat2_${l}`]: E * R * D, [`rstd2_${l}`]: E * R, [`c_${l}`]: E * R * D,
      [`u_${l}`]: E * R * F, [`g_${l}`]: E * R * F, ...(wo ? { [`O_${l}`]: E * R * D } : {}),
    });
  }
  return sizes;
}

/** The default-filled options. */
export function resolveEngineOptions(opts: EngineOptions): Required<EngineOptions> {
  return { models: 1, k: 2, beta1: 0.9, beta2: 0.999, eps: 1e-8, splitK: 0, ...opts } as Required<EngineOptions>;
}

/**
 * The most models one program holds on this device: every buffer within the storage-binding limit and u32
 * indexing (0 when even one model does not fit).
 */
export function modelsPerProgram(ctx: GpuContext, opts: EngineOptions): number {
  const o = resolveEngineOptions(opts);
  const per = bufferSizes(o, 1);
  const biggest = Math.max(...Object.values(per));
  return Math.floor(Math.min(ctx.maxBinding / 4, 2 ** 32 - 1) / biggest);
}

/** The engine. Create with `WgslClipEngine.create`; free with `dispose()`. */
export class WgslClipEngine {
  readonly options: Required<EngineOptions>;
  readonly layout: EncoderLayout;
  /** Number of models M. */
  readonly models: number;
  /** Dispatches recorded for one step (= `dispatchWorkgroups` calls per step). */
  readonly dispatchesPerStep: number;
  /** Dispatches of the last `step()` as counted while encoding. */
  lastDispatches = 0;
  private readonly program: Program;
  private readonly buffers: GPUBuffer[] = [];
  private readonly b: Record<string, GPUBuffer> = {};
  private readonly adam: Dispatch;
  private t = 0;
  private readonly device: GPUDevice;

  private constructor(
    private readonly ctx: GpuContext,
    opts: EngineOptions,
  ) {
    this.device = ctx.device;
    const o = (this.options = resolveEngineOptions(opts));
    checkEncoderConfig(o.encoder, 'WgslClipEngine');
    const cfg = o.encoder;
    const where = 'WgslClipEngine';
    const int = (v: unknown, name: string, min: number) => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new RangeError(`${where}: ${name} must be an integer >= ${min}, got ${String(v)}`);
    };
    int(o.rows, 'rows', 1);
    int(o.models, 'models', 1);
    if (o.loss !== 'paper' && o.loss !== 'in-batch') throw new RangeError(`${where}: loss must be 'paper' or 'in-batch', got ${String(o.loss)}`);
    if (o.similarity !== 'dot' && o.similarity !== 'cosine') throw new RangeError(`${where}: similarity must be 'dot' or 'cosine', got ${String(o.similarity)}`);
    if (o.loss === 'paper') {
      int(o.k, 'k', 2);
      if (o.k > CLIP_LOSS_MAX_K) throw new RangeError(`${where}: k must be <= ${CLIP_LOSS_MAX_K}, got ${o.k}`);
      if (o.rows % (o.k + 1) !== 0) throw new RangeError(`${where}: rows (${o.rows}) must be a multiple of k+1 (${o.k + 1}) for the paper loss`);
    }
    if (cfg.length > ATTENTION_MAX_T) throw new RangeError(`${where}: encoder.length must be <= ${ATTENTION_MAX_T}, got ${cfg.length}`);
    if (cfg.outDim > READOUT_MAX_OUT) throw new RangeError(`${where}: encoder.outDim must be <= ${READOUT_MAX_OUT}, got ${cfg.outDim}`);
    if (!(o.gradClip > 0)) throw new RangeError(`${where}: gradClip must be > 0, got ${String(o.gradClip)}`);
    if (!Number.isSafeInteger(o.splitK) || o.splitK < 0) throw new RangeError(`${where}: splitK must be an integer >= 0, got ${String(o.splitK)}`);
    if (!(o.weightDecay >= 0)) throw new RangeError(`${where}: weightDecay must be >= 0, got ${String(o.weightDecay)}`);
    this.models = o.models;
    const L = (this.layout = encoderLayout(cfg));
    const M = o.models;
    const E = 2 * M;
    const { vocab: V, length: T, width: D, layers, heads: H, mlp: F, outDim: O } = cfg;
    const N = o.rows;
    const R = N * T;
    const P = L.size;
    const PM = 2 * P;
    const chunks = Math.ceil(PM / NORM_CHUNK);
    const wo = cfg.outputProjection !== false;
    if (Math.ceil(PM / 256) > 65535) throw new RangeError(`${where}: ${PM} parameters per model exceed the AdamW grid (${65535 * 256})`);

    // Sizes (floats) of every buffer, checked against the binding limit BEFORE anything is allocated.
    const sizes = bufferSizes(o, M);
    for (const [name, n] of Object.entries(sizes)) {
      if (n * 4 > ctx.maxBinding) {
        throw new RangeError(`${where}: buffer '${name}' needs ${(n * 4 / 2 ** 20).toFixed(0)} MiB, over the adapter's ${(ctx.maxBinding / 2 ** 20).toFixed(0)} MiB storage-binding limit (use fewer models or rows)`);
      }
      if (n >= 2 ** 32) throw new RangeError(`${where}: buffer '${name}' has ${n} entries, over u32 indexing`);
    }
    for (const [name, n] of Object.entries(sizes)) {
      const buf = this.device.createBuffer({ size: Math.max(16, n * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, label: name });
      this.buffers.push(buf);
      this.b[name] = buf;
    }
    const b = this.b;
    const prog = (this.program = new Program(ctx));
    const K = KERNELS;
    const dummy = this.b.stats; // bound where a kernel's optional buffer is unused
    const mm = (
      label: string,
      v: { transA: boolean; transB: boolean; epilogue?: 0 | 1 | 2; bias?: boolean; accumulate?: boolean },
      f: Partial<Record<string, number>>,
      bufs: { A: GPUBuffer; B: GPUBuffer; C: GPUBuffer; bias?: GPUBuffer; aux?: GPUBuffer },
    ) => {
      const vals: Record<string, number> = {
        KB: 1, Z1: 1, sa0: 0, sa1: 0, sb0: 0, sb1: 0, sc0: 0, sc1: 0, ska: 0, skb: 0, aOff: 0, bOff: 0, cOff: 0,
        biasOff: 0, sbias0: 0, auxOff: 0, beta: f32Bits(v.accumulate ? 1 : 0), S: 1, scs: 0, ...(f as Record<string, number>),
      };
      vals.kc ??= vals.K * vals.KB;
      const variant = matmulVariant({ transA: v.transA, transB: v.transB, epilogue: v.epilogue ?? 0, bias: v.bias ?? false, accumulate: v.accumulate ?? false });
      prog.add(label, K.matmul, variant, vals, [bufs.A, bufs.B, bufs.C, bufs.bias ?? b.params, bufs.aux ?? dummy], [
        Math.ceil(vals.N / 64), Math.ceil(vals.M / 64), vals.Z1 * E * vals.S,
      ]);
    };
    const rowGrid = grid2d(E * R, 64);
    const lnFwd = (l: number, which: 1 | 2, out: GPUBuffer) => {
      const blk = L.blocks[l];
      prog.add(`L${l}/ln${which}`, K['layer-norm-fwd'], '', { rows: E * R, R, D, P, gOff: which === 1 ? blk.ln1g : blk.ln2g, bOff: which === 1 ? blk.ln1b : blk.ln2b, eps: f32Bits(1e-5) },
        [b.h, b.params, out, b[`xhat${which}_${l}`], b[`rstd${which}_${l}`]], rowGrid);
    };
    const attn = { groups: E * N * H, N, T, H, dh: D / H, D, R, scale: f32Bits(1 / Math.sqrt(D / H)), causal: cfg.causal ? 1 : 0, relu: cfg.attention === 'relu' ? 1 : 0 };
    const attnGrid = grid2d(E * N * H, 1);

    let adam: Dispatch | undefined;
    prog.record(() => {
      // ---- forward
      prog.add('embed', K['embed-fwd'], '', { total: E * R * D, R, T, D, P, tokOff: L.tok, posOff: L.pos }, [b.tokens, b.params, b.h], grid2d(E * R * D, 256));
      for (let l = 0; l < layers; l++) {
        const blk = L.blocks[l];
        lnFwd(l, 1, b[`a1_${l}`]);
        mm(`L${l}/qkv`, { transA: false, transB: false }, { M: R, N: D, K: D, Z1: 3, lda: D, ldb: D, ldc: D, sa0: R * D, sb0: P, sb1: D * D, sc0: 3 * R * D, sc1: R * D, bOff: blk.wqkv },
          { A: b[`a1_${l}`], B: b.params, C: b[`qkv_${l}`] });
        prog.add(`L${l}/attention`, K['attention-fwd'], wo ? '' : 'add', attn, [b[`qkv_${l}`], b[`P_${l}`], wo ? b[`O_${l}`] : b.h], attnGrid);
        if (wo) {
          mm(`L${l}/wo`, { transA: false, transB: false, accumulate: true }, { M: R, N: D, K: D, lda: D, ldb: D, ldc: D, sa0: R * D, sb0: P, sc0: R * D, bOff: blk.wo! },
            { A: b[`O_${l}`], B: b.params, C: b.h });
        }
        lnFwd(l, 2, b[`c_${l}`]);
        mm(`L${l}/w1`, { transA: false, transB: false, epilogue: 1, bias: true }, { M: R, N: F, K: D, lda: D, ldb: F, ldc: F, sa0: R * D, sb0: P, sc0: R * F, bOff: blk.w1, biasOff: blk.b1, sbias0: P },
          { A: b[`c_${l}`], B: b.params, C: b[`g_${l}`], aux: b[`u_${l}`] });
        mm(`L${l}/w2`, { transA: false, transB: false, bias: true, accumulate: true }, { M: R, N: D, K: F, lda: F, ldb: D, ldc: D, sa0: R * F, sb0: P, sc0: R * D, bOff: blk.w2, biasOff: blk.b2, sbias0: P },
          { A: b[`g_${l}`], B: b.params, C: b.h });
      }
      const ro = { E, N, T, D, O, P, rwOff: L.readoutW, rbOff: L.readoutB, pwOff: L.poolW ?? 0, pbOff: L.poolB ?? 0, paper: cfg.readout === 'paper' ? 1 : 0 };
      prog.add('pool', K['pool-fwd'], '', ro, [b.h, b.params, b.pooled], grid2d(E * N * D, 256));
      prog.add('readout', K['readout-fwd'], '', ro, [b.pooled, b.params, b.y], grid2d(E * N * O, 256));
      // ---- loss
      const B = o.loss === 'paper' ? N / (o.k + 1) : N;
      prog.add('clip-loss', K['clip-loss'], '', {
        M, N, O, B, K: o.loss === 'paper' ? o.k : 0, kind: o.loss === 'paper' ? 0 : 1, cosine: o.similarity === 'cosine' ? 1 : 0, rOff: E * N * O, lseOff: E * N * O + E * N,
      }, [b.y, b.scal, b.dy, b.lossScratch, b.stats], [M]);
      // ---- backward
      prog.add('readout-bwd', K['readout-bwd'], '', ro, [b.dy, b.pooled, b.h, b.params, b.grads, b.dpooled], [E]);
      prog.add('pool-bwd', K['pool-bwd'], '', ro, [b.dpooled, b.params, b.dh], grid2d(E * R * D, 256));
      const colsum = (label: string, x: GPUBuffer, y: GPUBuffer, C: number, oA: number, oB: number) =>
        prog.add(label, K['column-sum'], '', { R, C, P, oA, oB, xOff: 0 }, [x, y, b.grads], [Math.ceil(C / 64), E]);
      const S = splitKSlices(o);
    const kc = Math.ceil(R / S / 16) * 16;
    /** A weight gradient Σ_rows Aᵀ·B (K = R) into grads at `off`: directly, or as S split-K partials + a column sum. */
    const wgrad = (label: string, f: Record<string, number>, bufs: { A: GPUBuffer; B: GPUBuffer }, off: number) => {
      const Z1 = f.Z1 ?? 1;
      const MN = f.M * f.N;
      if (S === 1) {
        mm(label, { transA: true, transB: false }, { ...f, K: R, ldc: f.N, sc0: P, sc1: MN, cOff: off }, { ...bufs, C: b.grads });
        return;
      }
      mm(`${label}/split`, { transA: true, transB: false }, { ...f, K: R, ldc: f.N, sc0: S * Z1 * MN, sc1: MN, scs: Z1 * MN, S, kc, cOff: 0 }, { ...bufs, C: b.splitK });
      prog.add(`${label}/reduce`, K['column-sum'], '', { R: S, C: Z1 * MN, P, oA: NONE, oB: off, xOff: 0 }, [b.splitK, b.splitK, b.grads], [Math.ceil((Z1 * MN) / 64), E]);
    };
    const lnBwd = (l: number, which: 1 | 2) => {
        const blk = L.blocks[l];
        prog.add(`L${l}/ln${which}-bwd`, K['layer-norm-bwd'], '', { rows: E * R, R, D, P, gOff: which === 1 ? blk.ln1g : blk.ln2g },
          [b.dx, b[`xhat${which}_${l}`], b[`rstd${which}_${l}`], b.params, b.dh], rowGrid);
        colsum(`L${l}/ln${which}-params`, b.dx, b[`xhat${which}_${l}`], D, which === 1 ? blk.ln1g : blk.ln2g, which === 1 ? blk.ln1b : blk.ln2b);
      };
      for (let l = layers - 1; l >= 0; l--) {
        const blk = L.blocks[l];
        mm(`L${l}/d-mlp-hidden`, { transA: false, transB: true, epilogue: 2 }, { M: R, N: F, K: D, lda: D, ldb: D, ldc: F, sa0: R * D, sb0: P, sc0: R * F, bOff: blk.w2 },
          { A: b.dh, B: b.params, C: b.du, aux: b[`u_${l}`] });
        wgrad(`L${l}/d-w2`, { M: F, N: D, lda: F, ldb: D, sa0: R * F, sb0: R * D }, { A: b[`g_${l}`], B: b.dh }, blk.w2);
        colsum(`L${l}/d-b2`, b.dh, b.dh, D, NONE, blk.b2);
        wgrad(`L${l}/d-w1`, { M: D, N: F, lda: D, ldb: F, sa0: R * D, sb0: R * F }, { A: b[`c_${l}`], B: b.du }, blk.w1);
        colsum(`L${l}/d-b1`, b.du, b.du, F, NONE, blk.b1);
        mm(`L${l}/d-ln2-out`, { transA: false, transB: true }, { M: R, N: D, K: F, lda: F, ldb: F, ldc: D, sa0: R * F, sb0: P, sc0: R * D, bOff: blk.w1 },
          { A: b.du, B: b.params, C: b.dx });
        lnBwd(l, 2);
        if (wo) {
          mm(`L${l}/d-attn-out`, { transA: false, transB: true }, { M: R, N: D, K: D, lda: D, ldb: D, ldc: D, sa0: R * D, sb0: P, sc0: R * D, bOff: blk.wo! },
            { A: b.dh, B: b.params, C: b.dO });
          wgrad(`L${l}/d-wo`, { M: D, N: D, lda: D, ldb: D, sa0: R * D, sb0: R * D }, { A: b[`O_${l}`], B: b.dh }, blk.wo!);
        }
        prog.add(`L${l}/attention-bwd`, K['attention-bwd'], '', attn, [b[`qkv_${l}`], b[`P_${l}`], wo ? b.dO : b.dh, b.dqkv], attnGrid);
        wgrad(`L${l}/d-wqkv`, { M: D, N: D, Z1: 3, lda: D, ldb: D, sa0: R * D, sb0: 3 * R * D, sb1: R * D }, { A: b[`a1_${l}`], B: b.dqkv }, blk.wqkv);
        mm(`L${l}/d-ln1-out`, { transA: false, transB: true }, { M: R, N: D, K: D, KB: 3, lda: D, ldb: D, ldc: D, sa0: 3 * R * D, ska: R * D, sb0: P, skb: D * D, sc0: R * D, bOff: blk.wqkv },
          { A: b.dqkv, B: b.params, C: b.dx });
        lnBwd(l, 1);
      }
      prog.add('embed-bwd', K['embed-bwd'], '', { total: E * (V + T) * D, R, T, D, P, V, N, tokOff: L.tok, posOff: L.pos }, [b.tokens, b.dh, b.grads], grid2d(E * (V + T) * D, 256));
      // ---- clipping + AdamW
      const hasLogit = o.similarity === 'cosine' ? 1 : 0;
      prog.add('grad-norm', K['grad-norm'], '', { PM, chunks, hasLogit, M }, [b.grads, b.scal, b.partial], [chunks, M]);
      adam = prog.add('adamw', K.adamw, '', {
        PM, chunks, hasLogit, M, beta1: f32Bits(o.beta1), beta2: f32Bits(o.beta2), eps: f32Bits(o.eps), decay: f32Bits(1), stepSize: 0, rsqrtBc2: f32Bits(1),
        maxNorm: f32Bits(o.gradClip), logitMax: f32Bits(LOGIT_MAX),
      }, [b.params, b.grads, b.mom1, b.mom2, b.partial, b.scal, b.stats], [Math.ceil(PM / 256), M]);
    });
    this.adam = adam!;
    this.dispatchesPerStep = prog.dispatches.length;
  }

  /**
   * Builds the engine on a device (throws a RangeError naming the option when a shape is unsupported). Call
   * `validate()` (async) before trusting results on a new adapter.
   */
  static create(ctx: GpuContext, opts: EngineOptions): WgslClipEngine {
    return new WgslClipEngine(ctx, opts);
  }

  /** Throws if the GPU rejected any shader or binding of the program (see `Program.validate`). */
  validate(): Promise<void> {
    return this.program.validate();
  }

  /** Scalar parameters per encoder. */
  get parametersPerEncoder(): number {
    return this.layout.size;
  }

  /** AdamW steps taken. */
  get stepCount(): number {
    return this.t;
  }

  private encoderIndex(model: number, which: 'image' | 'text'): number {
    if (!Number.isSafeInteger(model) || model < 0 || model >= this.models) throw new RangeError(`WgslClipEngine: model must be in 0..${this.models - 1}, got ${String(model)}`);
    return 2 * model + (which === 'image' ? 0 : 1);
  }

  /** Sets one encoder's parameters (flat, `layout` order); resets nothing else. */
  setParameters(model: number, which: 'image' | 'text', flat: Float32Array): void {
    if (flat.length !== this.layout.size) throw new RangeError(`WgslClipEngine.setParameters: expected ${this.layout.size} values, got ${flat.length}`);
    this.device.queue.writeBuffer(this.b.params, this.encoderIndex(model, which) * this.layout.size * 4, new Float32Array(flat));
  }

  /** Sets a model's logit scale (cosine similarity). */
  setLogitScale(model: number, value: number): void {
    this.encoderIndex(model, 'image');
    this.device.queue.writeBuffer(this.b.scal, model * 4, new Float32Array([value]));
  }

  /**
   * One training step of every model: tokens [M][N][T] per modality (model-major), learning rate `lr` (shared by
   * all models). Submits one command buffer; returns without waiting for the GPU.
   */
  step(tokens: { image: ArrayLike<number>; text: ArrayLike<number> }, lr: number, timed = false): void {
    const { rows: N, encoder } = this.options;
    const T = encoder.length;
    const per = N * T;
    for (const w of ['image', 'text'] as const) {
      if (tokens[w].length !== this.models * per) throw new RangeError(`WgslClipEngine.step: tokens.${w} must have ${this.models}·${N}·${T} entries, got ${tokens[w].length}`);
    }
    if (!(typeof lr === 'number' && Number.isFinite(lr) && lr >= 0)) throw new RangeError(`WgslClipEngine.step: lr must be a finite number >= 0, got ${String(lr)}`);
    const all = new Uint32Array(2 * this.models * per);
    for (let m = 0; m < this.models; m++) {
      for (const [s, w] of [[0, 'image'], [1, 'text']] as const) {
        const src = tokens[w];
        const dst = (2 * m + s) * per;
        for (let i = 0; i < per; i++) {
          const v = src[m * per + i];
          if (!(v >= 0 && v < encoder.vocab && Number.isInteger(v))) throw new RangeError(`WgslClipEngine.step: tokens.${w}[${m * per + i}] = ${v} is not in 0..${encoder.vocab - 1}`);
          all[dst + i] = v;
        }
      }
    }
    this.device.queue.writeBuffer(this.b.tokens, 0, all);
    this.t += 1;
    const { beta1, beta2, weightDecay } = this.options;
    this.program.update(this.adam, {
      decay: f32Bits(1 - lr * weightDecay),
      stepSize: f32Bits(lr / (1 - beta1 ** this.t)),
      rsqrtBc2: f32Bits(1 / Math.sqrt(1 - beta2 ** this.t)),
    });
    this.lastDispatches = this.program.run(timed);
  }

  /** GPU time of the last timed step in ms (undefined without 'timestamp-query'). */
  async lastGpuMs(): Promise<number | undefined> {
    const ns = await this.program.lastPassNs();
    return ns === undefined ? undefined : ns / 1e6;
  }

  /** Waits for the GPU to finish everything submitted. */
  async finish(): Promise<void> {
    await this.device.queue.onSubmittedWorkDone();
  }

  private async read(buffer: GPUBuffer, offsetFloats: number, count: number): Promise<Float32Array> {
    const read = this.device.createBuffer({ size: Math.max(16, count * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(buffer, offsetFloats * 4, read, 0, count * 4);
    this.device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(read.getMappedRange(0, count * 4).slice(0));
    read.unmap();
    read.destroy();
    return out;
  }

  /** Loss and pre-clipping gradient norm per model, of the last step. */
  async stats(): Promise<EngineStats> {
    const s = await this.read(this.b.stats, 0, 4 * this.models);
    return { loss: s.filter((_, i) => i % 4 === 0), gradNorm: s.filter((_, i) => i % 4 === 1) };
  }

  /** One encoder's parameters (flat, `layout` order). */
  parameters(model: number, which: 'image' | 'text'): Promise<Float32Array> {
    return this.read(this.b.params, this.encoderIndex(model, which) * this.layout.size, this.layout.size);
  }

  /** One encoder's gradients of the last step (before clipping). */
  gradients(model: number, which: 'image' | 'text'): Promise<Float32Array> {
    return this.read(this.b.grads, this.encoderIndex(model, which) * this.layout.size, this.layout.size);
  }

  /** A model's logit scale, its last gradient (cosine similarity). */
  async logitScale(model: number): Promise<{ value: number; grad: number }> {
    this.encoderIndex(model, 'image');
    const s = await this.read(this.b.scal, 0, 4 * this.models);
    return { value: s[model], grad: s[this.models + model] };
  }

  /** Embeddings [N][outDim] of the last step's forward pass (before the update). */
  embeddings(model: number, which: 'image' | 'text'): Promise<Float32Array> {
    const n = this.options.rows * this.options.encoder.outDim;
    return this.read(this.b.y, this.encoderIndex(model, which) * n, n);
  }

  /** Frees every GPU buffer of the engine. */
  dispose(): void {
    this.program.dispose();
    for (const buf of this.buffers) buf.destroy();
    this.buffers.length = 0;
  }
}
