/**
 * Seeded, splittable pseudo-random numbers.
 *
 * One integer root seed drives everything in clip-theory: every random object (kernels, samples, model
 * initialisations, Monte Carlo draws) is produced by a stream derived from the root by `split(label)`.
 * The generator is xoshiro128** (32-bit state words, fast in JavaScript), seeded through SplitMix32
 * from a 32-bit hash of the parent's seed material and the label, so sibling streams with different labels are
 * statistically independent and the same (seed, path) always yields the same numbers.
 */

const UINT32 = 0x1_0000_0000;

function splitMix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return [next, z];
}

/** FNV-1a style 32-bit mix of a number sequence and a string label. */
function hashMaterial(words: readonly number[], label: string): number {
  let h = 0x811c9dc5;
  const mix = (b: number) => {
    h ^= b & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const w of words) {
    mix(w);
    mix(w >>> 8);
    mix(w >>> 16);
    mix(w >>> 24);
  }
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    mix(c);
    mix(c >>> 8);
  }
  // final avalanche
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Validates a root seed: a safe non-negative integer. Throws a RangeError naming the argument otherwise. */
export function checkSeed(seed: number, where = 'seed'): number {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${where} must be a non-negative integer, got ${String(seed)}`);
  }
  return seed;
}

/**
 * A deterministic random stream. Not cryptographic. Create the root with `Rng.fromSeed(seed)` and derive
 * independent sub-streams with `split(label)`; drawing from a stream never changes what its children produce
 * (children depend only on the parent's seed material and the label).
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The seed material (root seed followed by label hashes) that defines this stream. */
  readonly material: readonly number[];

  private constructor(material: readonly number[]) {
    this.material = material;
    let st = hashMaterial(material, '');
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [n, z] = splitMix32(st);
      st = n;
      words.push(z);
    }
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
  }

  /** The root stream of a run. `seed` must be a non-negative safe integer. */
  static fromSeed(seed: number): Rng {
    checkSeed(seed);
    return new Rng([seed % UINT32, Math.floor(seed / UINT32)]);
  }

  /** An independent child stream named by `label` (same parent material + label → same stream). */
  split(label: string | number): Rng {
    return new Rng([...this.material, hashMaterial(this.material, String(label))]);
  }

  /** Next raw 32-bit unsigned integer (xoshiro128**). State words are kept as int32 (small integers in V8). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ t;
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [0, 1) with 32 random bits (resolution 2^-32; used in the hot sampling loops). */
  uniform32(): number {
    return this.nextUint32() / UINT32;
  }

  /** Uniform double in (0, 1): never exactly 0 (safe for logarithms). */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    if (n <= UINT32) {
      // rejection sampling removes modulo bias
      const limit = UINT32 - (UINT32 % n);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return x % n;
    }
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal draw (Box–Muller, one value per call). */
  normal(): number {
    const u1 = this.uniformOpen();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Gamma(shape, 1) draw (Marsaglia–Tsang; boosted for shape < 1). */
  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`Rng.gamma: shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniformOpen(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformOpen();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The full internal state, for checkpoints. */
  getState(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Restores a state captured by `getState` (the seed material is kept). */
  setState(state: readonly number[]): void {
    if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w >= UINT32)) {
      throw new RangeError('Rng.setState: state must be four 32-bit unsigned integers');
    }
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
  }
}

