/**
 * Differentiable building blocks of the encoders, each with a hand-written gradient (`tf.customGrad`) so that
 * backprop costs a few fused ops instead of tfjs's op-by-op autodiff:
 * - `layerNorm` over the last axis of a 2-D input (on wasm with width % 4 = 0: two fused SIMD kernels);
 * - `gelu` (tanh approximation, evaluated through a sigmoid);
 * - `linear` (x·W + b on 2-D inputs).
 * Each has a plain composite twin (`*Reference`) built from stock tfjs ops with tfjs autodiff, used by the tests.
 */
import * as tf from '@tensorflow/tfjs';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from '../backends/index.js';

type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/** LayerNorm epsilon (PyTorch's default). */
export const LAYER_NORM_EPS = 1e-5;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

/**
 * LayerNorm over the last axis of `x` [N, D]: (x − mean)/sqrt(var + eps)·gamma + beta, with the biased variance
 * (PyTorch convention). Gradient hand-written: dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·gamma,
 * dgamma = Σ_rows dy·x̂, dbeta = Σ_rows dy.
 */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = LAYER_NORM_EPS): tf.Tensor2D {
  if (x.shape[1] % 4 === 0 && tf.getBackend() === 'wasm' && tf.getKernel(LAYER_NORM_KERNEL, 'wasm')) {
    return layerNormFused(x, gamma, beta, eps);
  }
  const f = tf.customGrad(((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const mean = tf.mean(xi, -1, true);
    const xc = tf.sub(xi, mean);
    const variance = tf.mean(tf.square(xc), -1, true);
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(xc, rstd);
    save([xhat, rstd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, rs, gm] = saved;
        const gy = tf.mul(dy, gm);
        const dx = tf.mul(rs, tf.sub(tf.sub(gy, tf.mean(gy, -1, true)), tf.mul(xh, tf.mean(tf.mul(gy, xh), -1, true))));
        return [dx, tf.sum(tf.mul(dy, xh), 0), tf.sum(dy, 0)];
      },
    };
  }) as unknown as CustomGradientFunc);
  return f(x, gamma, beta) as tf.Tensor2D;
}

/** `layerNorm` through the fused wasm kernels (`models/backends/kernels/wasm-layernorm.ts`): 2 kernels instead of ~20. */
function layerNormFused(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
  const f = tf.customGrad(((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, xhat, rstd] = tf.engine().runKernel(LAYER_NORM_KERNEL, { x: xi, gamma: g, beta: b }, { eps }) as unknown as tf.Tensor[];
    save([xhat, rstd, g]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, rs, gm] = saved;
        return tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy, xhat: xh, rstd: rs, gamma: gm }, {}) as unknown as tf.Tensor[];
      },
    };
  }) as unknown as CustomGradientFunc);
  return f(x, gamma, beta) as tf.Tensor2D;
}

/** LayerNorm written with stock ops and tfjs autodiff (slow, obviously correct twin of `layerNorm`). */
export function layerNormReference(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = LAYER_NORM_EPS): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

/**
 * GELU, tanh approximation: 0.5·x·(1 + tanh(u)), u = √(2/π)(x + 0.044715x³) (GPT-2/BERT; within 1e-3 of the exact
 * erf form), evaluated through the identity 0.5(1 + tanh(u)) = σ(2u) because the wasm backend's sigmoid is
 * vectorised and ~15× faster than its tanh. Hand-written gradient: σ + x·σ(1−σ)·2√(2/π)(1 + 3·0.044715x²).
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  const f = tf.customGrad(((xi: tf.Tensor, save: tf.GradSaveFunc) => {
    const x2 = tf.square(xi);
    const s = tf.sigmoid(tf.mul(xi, tf.add(tf.mul(x2, 2 * SQRT_2_OVER_PI * GELU_C), 2 * SQRT_2_OVER_PI)));
    save([xi, s, x2]);
    return {
      value: tf.mul(xi, s),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ss, x2s] = saved;
        // x·σ(1−σ)·(2√(2/π) + 6√(2/π)c·x²)
        const inner = tf.mul(tf.mul(xs, tf.sub(ss, tf.square(ss))), tf.add(tf.mul(x2s, 6 * SQRT_2_OVER_PI * GELU_C), 2 * SQRT_2_OVER_PI));
        return [tf.mul(dy, tf.add(ss, inner))];
      },
    };
  }) as unknown as CustomGradientFunc);
  return f(x) as T;
}

/** The tanh-GELU with stock ops and tfjs autodiff (twin of `gelu`). */
export function geluReference<T extends tf.Tensor>(x: T): T {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), GELU_C)), SQRT_2_OVER_PI);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1)) as T;
}

/** x [N, in] · w [in, out] (+ b [out]). */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  const y = tf.matMul(x, w) as tf.Tensor2D;
  return b === undefined ? y : (tf.add(y, b) as tf.Tensor2D);
}
