import { i32, v128, WasmCode, type WasmFunction } from './wasm-code.js';

/**
 * SIMD kernels of the streaming dance generator, generated for one model's sizes and memory
 * layout. Each takes the number of dancers `n` first, then byte addresses of dancer 0's buffers;
 * dancer d's lie d·`stride` bytes further. Vectors are 4 float32 lanes; buffers are padded to
 * whole vectors and the padding meets zero weights, so it never changes a result.
 */

/** `N` local indices. */
type Indices<N extends number, T extends number[] = []> = number extends N ? number[] : T['length'] extends N ? T : Indices<N, [...T, number]>;

/** Hands out parameter and local indices and collects the locals' types. */
class Locals {
  readonly #types: number[] = [];
  constructor(readonly params: number) {}
  #next(type: number): number {
    this.#types.push(type);
    return this.params + this.#types.length - 1;
  }
  i32(): number {
    return this.#next(i32);
  }
  i32s<N extends number>(count: N): Indices<N> {
    return Array.from({ length: count }, () => this.i32()) as Indices<N>;
  }
  v128(): number {
    return this.#next(v128);
  }
  v128s<N extends number>(count: N): Indices<N> {
    return Array.from({ length: count }, () => this.v128()) as Indices<N>;
  }
  /** Scratch of the vector exponential. */
  exp(): ExpScratch {
    return { x: this.v128(), n: this.v128(), r: this.v128() };
  }
  fn(name: string, code: WasmCode, returnsI32 = false): WasmFunction {
    return { name, params: this.params, locals: this.#types, code, returnsI32 };
  }
}

interface ExpScratch {
  readonly x: number;
  readonly n: number;
  readonly r: number;
}

/**
 * Pushes e^x for local `x` (which it overwrites) with Cephes's expf: x = n·ln2 + r, a degree-6
 * polynomial in r, scaled by 2^n built in the exponent bits; relative error about 2e-7. x is
 * clamped to where 2^n is a normal float; NaN stays NaN.
 */
function exp(c: WasmCode, s: ExpScratch): void {
  c.get(s.x).f32x4(-87.3).fmax().f32x4(88).fmin().set(s.x);
  c.get(s.x).f32x4(Math.LOG2E).fmul().fnearest().set(s.n);
  c.get(s.x).get(s.n).f32x4(0.693359375).fmul().fsub().get(s.n).f32x4(-2.12194440e-4).fmul().fsub().set(s.r);
  c.f32x4(1.9875691500e-4).get(s.r).fmul().f32x4(1.3981999507e-3).fadd();
  for (const k of [8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]) c.get(s.r).fmul().f32x4(k).fadd();
  c.get(s.r).fmul().get(s.r).fmul().get(s.r).fadd().f32x4(1).fadd();
  c.get(s.n).truncSat().i32x4(127).iadd().i32(23).ishl().fmul();
}

/** Replaces the vector on the stack with 1 / (1 + e^−v). */
function sigmoid(c: WasmCode, s: ExpScratch): void {
  c.fneg().set(s.x);
  exp(c, s);
  c.f32x4(1).fadd().set(s.x).f32x4(1).get(s.x).fdiv();
}

/** Replaces the vector on the stack with tanh v = 2 / (1 + e^−2v) − 1. */
function tanh(c: WasmCode, s: ExpScratch): void {
  c.f32x4(-2).fmul().set(s.x);
  exp(c, s);
  c.f32x4(1).fadd().set(s.x).f32x4(2).get(s.x).fdiv().f32x4(1).fsub();
}

/** Pushes ELU v = v > 0 ? v : e^v − 1 for local `v`. */
function elu(c: WasmCode, v: number, s: ExpScratch): void {
  c.get(v);
  c.get(v).set(s.x);
  exp(c, s);
  c.f32x4(1).fsub();
  c.get(v).f32x4(0).fgt().bitselect();
}

/** Largest of the given unroll factors that divides `count`. */
const unrollFor = (count: number, factors: readonly number[]) => factors.find((f) => count % f === 0)!;

/** Output channels in blocks of up to this many vectors: eight accumulators per two positions. */
const blockVectors = 4;

/** Splits `vectors` into blocks of at most {@link blockVectors}: [first vector, count] each. */
function vectorBlocks(vectors: number): [number, number][] {
  const blocks: [number, number][] = [];
  for (let first = 0; first < vectors; first += blockVectors) blocks.push([first, Math.min(blockVectors, vectors - first)]);
  return blocks;
}

export interface ConvSpec {
  readonly name: string;
  /** Input: frames × bins positions of `inPitch` floats (channels, padded). */
  readonly inBins: number;
  readonly inPitch: number;
  readonly outFrames: number;
  readonly outBins: number;
  /** Output channels padded to whole vectors. */
  readonly outPitch: number;
  readonly kernel: readonly [number, number];
  /**
   * Weights (bytes): per block of output vectors from {@link convBlocks}, in turn,
   * [kernel frame][kernel bin][input channel (inPitch)][block's lanes].
   */
  readonly weights: number;
  /** Per output channel (outPitch), batch normalisation folded in. */
  readonly bias: number;
  readonly stride: number;
}

/** How {@link convKernel} splits `outPitch` channels: lanes per block. */
export const convBlocks = (outPitch: number): number[] => vectorBlocks(outPitch / 4).map(([, count]) => 4 * count);

/**
 * Unpadded stride-1 convolution with bias and ELU, computed directly: conv(n, in, out). Each output
 * position is a dot product of kernel[0] contiguous input runs of kernel[1]·inPitch floats with the
 * weights, accumulated over output channels in vectors; two neighbours along bins share each load.
 */
export function convKernel(spec: ConvSpec): WasmFunction {
  const L = new Locals(3);
  const [n, input, output] = [0, 1, 2];
  const [d, row, ipRow, opRow, col, ip, op, xp, wp, j] = L.i32s(10);
  const acc = [L.v128s(blockVectors), L.v128s(blockVectors)];
  const xs = L.v128s(2);
  const w = L.v128();
  const scratch = L.exp();
  const run = spec.kernel[1] * spec.inPitch;
  const unroll = unrollFor(run, [8, 6, 4, 3, 2, 1]);
  const c = new WasmCode();

  const positions = (count: number) => {
    let weights = spec.weights;
    for (const [first, vectors] of vectorBlocks(spec.outPitch / 4)) {
      for (let p = 0; p < count; p++) for (let v = 0; v < vectors; v++) c.i32(spec.bias + 16 * (first + v)).load().set(acc[p]![v]!);
      c.i32(weights).set(wp);
      for (let kt = 0; kt < spec.kernel[0]; kt++) {
        c.get(ip).i32(4 * kt * spec.inBins * spec.inPitch).add().set(xp);
        c.repeat(j, run / unroll, () => {
          for (let u = 0; u < unroll; u++) {
            for (let p = 0; p < count; p++) c.get(xp).loadSplat(4 * (p * spec.inPitch + u)).set(xs[p]!);
            for (let v = 0; v < vectors; v++) {
              c.get(wp).load(16 * (u * vectors + v)).set(w);
              for (let p = 0; p < count; p++) c.get(acc[p]![v]!).get(xs[p]!).get(w).fmul().fadd().set(acc[p]![v]!);
            }
          }
          c.bump(xp, 4 * unroll).bump(wp, 16 * unroll * vectors);
        });
      }
      for (let p = 0; p < count; p++) {
        for (let v = 0; v < vectors; v++) {
          c.get(op);
          elu(c, acc[p]![v]!, scratch);
          c.store(4 * (p * spec.outPitch) + 16 * (first + v));
        }
      }
      weights += 16 * vectors * spec.kernel[0] * run;
    }
    c.bump(ip, 4 * count * spec.inPitch).bump(op, 4 * count * spec.outPitch);
  };

  c.perDancer(n, d, [input, output], spec.stride, () => {
    c.get(input).set(ipRow).get(output).set(opRow);
    c.repeat(row, spec.outFrames, () => {
      c.get(ipRow).set(ip).get(opRow).set(op);
      c.inPairs(col, spec.outBins, positions);
      c.bump(ipRow, 4 * spec.inBins * spec.inPitch).bump(opRow, 4 * spec.outBins * spec.outPitch);
    });
  });
  return L.fn(spec.name, c);
}

export interface MixSpec {
  readonly name: string;
  readonly frames: number;
  /** out[frame][row] = Σ over `inner` input positions w of matrix[row][w] · in[frame][w]. */
  readonly rows: number;
  readonly inner: number;
  /** Row-major [rows][inner] (bytes). */
  readonly matrix: number;
  /** Floats per position, in and out, a whole number of vectors. */
  readonly pitch: number;
  /** When given (bytes, per channel), added before an ELU. */
  readonly bias?: number;
  readonly stride: number;
}

/**
 * Mixes positions along bins with a constant matrix, channel vectors untouched: mix(n, in, out).
 * The discrete Fourier transform of a spectral convolution and its inverse (with bias and ELU).
 * Two rows at a time share each input load.
 */
export function mixKernel(spec: MixSpec): WasmFunction {
  const L = new Locals(3);
  const [n, input, output] = [0, 1, 2];
  const [d, frame, ipFrame, opFrame, pair, j, mp, op, ip, w] = L.i32s(10);
  const acc = [L.v128s(blockVectors), L.v128s(blockVectors)];
  const ms = L.v128s(2);
  const x = L.v128();
  const scratch = L.exp();
  const unroll = unrollFor(spec.inner, [4, 3, 2, 1]);
  const c = new WasmCode();

  const rows = (count: number) => {
    for (const [first, vectors] of vectorBlocks(spec.pitch / 4)) {
      for (let r = 0; r < count; r++) {
        for (let v = 0; v < vectors; v++) {
          if (spec.bias === undefined) c.f32x4(0);
          else c.i32(spec.bias + 16 * (first + v)).load();
          c.set(acc[r]![v]!);
        }
      }
      c.get(ipFrame).set(ip).get(mp).set(w);
      c.repeat(j, spec.inner / unroll, () => {
        for (let u = 0; u < unroll; u++) {
          for (let r = 0; r < count; r++) c.get(w).loadSplat(4 * (r * spec.inner + u)).set(ms[r]!);
          for (let v = 0; v < vectors; v++) {
            c.get(ip).load(4 * u * spec.pitch + 16 * (first + v)).set(x);
            for (let r = 0; r < count; r++) c.get(acc[r]![v]!).get(ms[r]!).get(x).fmul().fadd().set(acc[r]![v]!);
          }
        }
        c.bump(ip, 4 * unroll * spec.pitch).bump(w, 4 * unroll);
      });
      for (let r = 0; r < count; r++) {
        for (let v = 0; v < vectors; v++) {
          c.get(op);
          if (spec.bias === undefined) c.get(acc[r]![v]!);
          else elu(c, acc[r]![v]!, scratch);
          c.store(4 * r * spec.pitch + 16 * (first + v));
        }
      }
    }
    c.bump(mp, 4 * count * spec.inner).bump(op, 4 * count * spec.pitch);
  };

  c.perDancer(n, d, [input, output], spec.stride, () => {
    c.get(input).set(ipFrame).get(output).set(opFrame);
    c.repeat(frame, spec.frames, () => {
      c.i32(spec.matrix).set(mp).get(opFrame).set(op);
      c.inPairs(pair, spec.rows, rows);
      c.bump(ipFrame, 4 * spec.inner * spec.pitch).bump(opFrame, 4 * spec.rows * spec.pitch);
    });
  });
  return L.fn(spec.name, c);
}

export interface SpectralSpec {
  readonly name: string;
  readonly bins: number;
  readonly outFrames: number;
  /** Kernel extent along frames. */
  readonly frames: number;
  readonly inPitch: number;
  readonly outPitch: number;
  /**
   * Complex weights (bytes): per bin, per block of output vectors from {@link convBlocks},
   * [kernel frame][input channel][real lanes, then imaginary lanes].
   */
  readonly weights: number;
  readonly stride: number;
}

/**
 * Products of a spectral convolution: spectral(n, X, Y) with X [in frame][bin][re, im][inPitch] and
 * Y [out frame][bin][re, im][outPitch]; Y[f][b] = Σ over kernel frames k and input channels of
 * X[f + k][b] · W[b][k] (complex).
 */
export function spectralKernel(spec: SpectralSpec): WasmFunction {
  const L = new Locals(3);
  const [n, input, output] = [0, 1, 2];
  const [d, bin, xb, yb, wb, frame, xf, yf, xp, wp, ci] = L.i32s(11);
  const re = L.v128s(blockVectors);
  const im = L.v128s(blockVectors);
  const [xr, xi, wr, wi] = L.v128s(4);
  const inRows = 2 * spec.bins;
  const unroll = unrollFor(spec.inPitch, [4, 2, 1]);
  const c = new WasmCode();
  c.perDancer(n, d, [input, output], spec.stride, () => {
    c.get(input).set(xb).get(output).set(yb).i32(spec.weights).set(wb);
    c.repeat(bin, spec.bins, () => {
      for (const [first, vectors] of vectorBlocks(spec.outPitch / 4)) {
        c.get(xb).set(xf).get(yb).set(yf);
        c.repeat(frame, spec.outFrames, () => {
          for (let v = 0; v < vectors; v++) c.f32x4(0).set(re[v]!).f32x4(0).set(im[v]!);
          c.get(wb).set(wp);
          for (let k = 0; k < spec.frames; k++) {
            c.get(xf).i32(4 * k * inRows * spec.inPitch).add().set(xp);
            c.repeat(ci, spec.inPitch / unroll, () => {
              for (let u = 0; u < unroll; u++) {
                c.get(xp).loadSplat(4 * u).set(xr).get(xp).loadSplat(4 * (spec.inPitch + u)).set(xi);
                for (let v = 0; v < vectors; v++) {
                  c.get(wp).load(16 * (2 * u * vectors + v)).set(wr).get(wp).load(16 * ((2 * u + 1) * vectors + v)).set(wi);
                  c.get(re[v]!).get(xr).get(wr).fmul().fadd().get(xi).get(wi).fmul().fsub().set(re[v]!);
                  c.get(im[v]!).get(xr).get(wi).fmul().fadd().get(xi).get(wr).fmul().fadd().set(im[v]!);
                }
              }
              c.bump(xp, 4 * unroll).bump(wp, 32 * unroll * vectors);
            });
          }
          for (let v = 0; v < vectors; v++) {
            c.get(yf).get(re[v]!).store(16 * (first + v));
            c.get(yf).get(im[v]!).store(4 * spec.outPitch + 16 * (first + v));
          }
          c.bump(xf, 4 * inRows * spec.inPitch).bump(yf, 4 * inRows * spec.outPitch);
        });
        c.bump(wb, 32 * vectors * spec.frames * spec.inPitch);
      }
      c.bump(xb, 8 * spec.inPitch).bump(yb, 8 * spec.outPitch);
    });
  });
  return L.fn(spec.name, c);
}

export interface GemvSpec {
  readonly name: string;
  /** Independent row sets (the four LSTM gates, or one), each `groups` × 4·`vectors` rows. */
  readonly streams: number;
  readonly groups: number;
  readonly vectors: number;
  readonly cols: number;
  /**
   * Weights laid out [stream][group][col][4·vectors]: each group's rows read front to back, the
   * streams at once so that several regions of memory are fetched together.
   */
  readonly weights: number;
  /** Bias [stream][groups·4·vectors]. */
  readonly bias: number;
  readonly stride: number;
}

/**
 * z = W·x + b: gemv(n, x, z), z laid out like the bias. Memory-bound at the paper's size, so the
 * weights stream once per step whatever `n`: each group's block comes from memory for the first
 * dancer and from cache for the others.
 */
export function gemvKernel(spec: GemvSpec): WasmFunction {
  const { streams: S, vectors: V, groups: G, cols: K } = spec;
  const L = new Locals(3);
  const [n, x, z] = [0, 1, 2];
  const [g, d, k, xd, zd, xp, bp, zg] = L.i32s(8);
  const wp = Array.from({ length: S }, () => L.i32());
  const gw = Array.from({ length: S }, () => L.i32());
  const acc = Array.from({ length: S }, () => L.v128s(V));
  const xs = L.v128();
  const blockBytes = K * V * 16;
  const streamBytes = G * V * 16;
  const unroll = unrollFor(K, [4, 2, 1]);
  const c = new WasmCode();
  for (let s = 0; s < S; s++) c.i32(spec.weights + s * G * blockBytes).set(gw[s]!);
  c.i32(spec.bias).set(bp).get(z).set(zg);
  c.repeat(g, G, () => {
    c.get(x).set(xd).get(zg).set(zd);
    c.perDancer(n, d, [xd, zd], spec.stride, () => {
      for (let s = 0; s < S; s++) {
        for (let v = 0; v < V; v++) c.get(bp).load(s * streamBytes + 16 * v).set(acc[s]![v]!);
        c.get(gw[s]!).set(wp[s]!);
      }
      c.get(xd).set(xp);
      c.repeat(k, K / unroll, () => {
        for (let u = 0; u < unroll; u++) {
          c.get(xp).loadSplat(4 * u).set(xs);
          for (let s = 0; s < S; s++) {
            for (let v = 0; v < V; v++) c.get(acc[s]![v]!).get(xs).get(wp[s]!).load(16 * (u * V + v)).fmul().fadd().set(acc[s]![v]!);
          }
        }
        c.bump(xp, 4 * unroll);
        for (let s = 0; s < S; s++) c.bump(wp[s]!, 16 * unroll * V);
      });
      for (let s = 0; s < S; s++) for (let v = 0; v < V; v++) c.get(zd).get(acc[s]![v]!).store(s * streamBytes + 16 * v);
    });
    for (let s = 0; s < S; s++) c.bump(gw[s]!, blockBytes);
    c.bump(bp, 16 * V).bump(zg, 16 * V);
  });
  return L.fn(spec.name, c);
}

/**
 * The LSTM cell after its gemv: lstm(n, z, c, h1, h2) with z = [i, f, g, o] pre-activations of
 * `units` (padded) each: c ← σ(f)·c + σ(i)·tanh(g); h = σ(o)·tanh(c), written to h1 and h2.
 */
export function lstmKernel(name: string, units: number, stride: number): WasmFunction {
  const L = new Locals(5);
  const [n, z, cell, h1, h2] = [0, 1, 2, 3, 4];
  const [d, u, zp, cp, hp] = L.i32s(5);
  const [gi, gf, gg, cn] = L.v128s(4);
  const scratch = L.exp();
  const gate = 4 * units;
  const c = new WasmCode();
  c.perDancer(n, d, [z, cell, h1, h2], stride, () => {
    c.get(z).set(zp).get(cell).set(cp).i32(0).set(hp);
    c.repeat(u, units / 4, () => {
      c.get(zp).load(0);
      sigmoid(c, scratch);
      c.set(gi).get(zp).load(gate);
      sigmoid(c, scratch);
      c.set(gf).get(zp).load(2 * gate);
      tanh(c, scratch);
      c.set(gg);
      c.get(gf).get(cp).load().fmul().get(gi).get(gg).fmul().fadd().set(cn);
      c.get(cp).get(cn).store();
      c.get(zp).load(3 * gate);
      sigmoid(c, scratch);
      c.get(cn);
      tanh(c, scratch);
      c.fmul().set(gi);
      c.get(h1).get(hp).add().get(gi).store();
      c.get(h2).get(hp).add().get(gi).store();
      c.bump(zp, 16).bump(cp, 16).bump(hp, 16);
    });
  });
  return L.fn(name, c);
}

/** dst = tanh or ELU of src over `vectors` vectors: act(n, src, dst). */
export function activationKernel(name: string, activation: 'tanh' | 'elu', vectors: number, stride: number): WasmFunction {
  const L = new Locals(3);
  const [n, src, dst] = [0, 1, 2];
  const [d, k, from, to] = L.i32s(4);
  const v = L.v128();
  const scratch = L.exp();
  const c = new WasmCode();
  c.perDancer(n, d, [src, dst], stride, () => {
    c.get(src).set(from).get(dst).set(to);
    c.repeat(k, vectors, () => {
      c.get(to).get(from).load().set(v);
      if (activation === 'elu') elu(c, v, scratch);
      else {
        c.get(v);
        tanh(c, scratch);
      }
      c.store().bump(from, 16).bump(to, 16);
    });
  });
  return L.fn(name, c);
}

/** nonFinite(at) → 1 when the `vectors` vectors from `at` hold NaN or ±Infinity, else 0. */
export function nonFiniteKernel(name: string, vectors: number): WasmFunction {
  const L = new Locals(1);
  const at = 0;
  const i = L.i32();
  const [bad, t] = L.v128s(2);
  const c = new WasmCode();
  c.f32x4(0).set(bad);
  c.repeat(i, vectors, () => {
    // x − x is 0 for finite x and NaN for NaN and ±Infinity.
    c.get(at).load().get(at).load().fsub().set(t);
    c.get(bad).get(t).get(t).fne().vor().set(bad);
    c.bump(at, 16);
  });
  c.get(bad).anyTrue();
  return L.fn(name, c, true);
}
