import { TerpsiError } from '../../core/errors.js';
import { convShape, danceLstmLayers, normEpsilon, type DanceModelConfig } from './dance-model-config.js';
import { activationKernel, convBlocks, convKernel, gemvKernel, lstmKernel, mixKernel, nonFiniteKernel, spectralKernel } from './dance-kernels.js';
import { convName, danceWeightProblems, denseName, lstmName, normName, type DanceWeights } from './dance-weights.js';
import { dftBasis } from './dft-basis.js';
import { wasmInstance, type WasmFunction } from './wasm-code.js';

/** Vectors per LSTM row group: with the four gates read at once, eight accumulators stay in registers. */
const lstmVectors = 2;
/**
 * A convolution goes through the frequency domain (along bins) when that needs at most this
 * fraction of the direct form's multiply-adds: its kernels do less per multiply-add.
 */
const spectralShare = 0.75;

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;
const pad4 = (n: number) => roundUp(n, 4);

/** Floats laid out one after another, each run starting on a multiple of `align` floats. */
class Region {
  size = 0;
  constructor(readonly align: number) {}
  take(floats: number): number {
    const at = this.size;
    this.size = roundUp(this.size + floats, this.align);
    return at;
  }
}

/** A dancer buffer (floats from the dancer's base), or one per step parity. */
type Buffer = number | readonly [number, number];

interface Call {
  readonly kernel: string;
  readonly args: readonly Buffer[];
}

interface PlannedCall {
  readonly fn: (n: number, a: number, b: number, c: number, d: number) => number;
  readonly args: readonly [number, number, number, number];
}

/**
 * The dance generator for live use: one step per motion frame for `dancers` dancers at once, with
 * their recurrent state kept between steps, in WebAssembly SIMD kernels generated for the model's
 * sizes (one core; no tfjs). Outputs match {@link DanceModel.forward} run without teacher forcing
 * to float rounding.
 *
 * Every step reads all LSTM weights once (about 42 MB at the paper’s size) whatever the number of
 * dancers, so step time is mostly memory bandwidth plus the convolutions, which the long kernels
 * along frequency make cheaper in the frequency domain.
 *
 * Non-finite values: NaN or ±Infinity in a dancer's spectra (or anything else that makes its state
 * non-finite) gives that dancer NaN outputs for the step, and the step then resets it to rest (zero
 * state, zero pose): it is back to normal from its next step, with no history. Callers hold the
 * last safe pose on NaN. Other dancers are not affected.
 */
export class DanceStream {
  readonly #f32: Float32Array;
  readonly #plans: readonly [readonly PlannedCall[], readonly PlannedCall[]];
  readonly #nonFinite: (at: number) => number;
  readonly #output: Float32Array;
  /** Float offsets: where dancer 0 starts, between dancers, and within a dancer. */
  readonly #base: number;
  readonly #stride: number;
  readonly #stateSize: number;
  readonly #input: number;
  readonly #pose: readonly [number, number];
  #parity: 0 | 1 = 0;
  /** The kernels a step runs, in order (a spectral convolution shows as dft, products, inverse). */
  readonly kernels: readonly string[];

  /** Builds the kernels and lays out `weights` (as {@link DanceModel.weightValues} gives them). */
  constructor(
    readonly config: DanceModelConfig,
    weights: DanceWeights,
    readonly dancers: number,
  ) {
    const problems = danceWeightProblems(config, weights);
    if (problems.length > 0) throw new TerpsiError('E_PARAM', `dance stream: the weights do not fit the configuration: ${problems.join('; ')}`);
    if (!Number.isInteger(dancers) || dancers < 1) throw new TerpsiError('E_PARAM', `dance stream: dancers must be a whole number ≥ 1, got ${dancers}`);
    const { lstmUnits: U, motionSize: M, encodedSize: E } = config;
    const units = roundUp(U, 4 * lstmVectors);
    const shared = new Region(16);
    const dancer = new Region(4);
    /** Kernels, made once the dancer stride (bytes) is known. */
    const functions: ((stride: number) => WasmFunction)[] = [];
    const packs: ((f32: Float32Array) => void)[] = [];
    const calls: Call[] = [];
    const w = (name: string) => weights.get(name)!;

    // State first (what a reset clears and the finiteness check reads): per LSTM layer two [x, h]
    // buffers, read and written on alternate steps, and c.
    const lstm = (['encoder', 'decoder'] as const).flatMap((part) =>
      Array.from({ length: danceLstmLayers }, (_, l) => {
        let xLength: number;
        let xRow: (k: number) => number;
        if (l > 0) {
          xLength = units;
          xRow = (k) => (k < U ? k : -1);
        } else if (part === 'encoder') {
          const last = convShape(config, config.convChannels.length - 1);
          const pitch = pad4(last.channels);
          xLength = last.frames * last.bins * pitch;
          xRow = (k) => (k % pitch < last.channels ? Math.floor(k / pitch) * last.channels + (k % pitch) : -1);
        } else {
          xLength = pad4(M) + pad4(E);
          xRow = (k) => (k < M ? k : k >= pad4(M) && k - pad4(M) < E ? M + k - pad4(M) : -1);
        }
        const cols = xLength + units;
        return { name: lstmName(part, l), xLength, xRow, xh: [dancer.take(cols), dancer.take(cols)] as const, c: dancer.take(units) };
      }),
    );
    const decoder = lstm[danceLstmLayers]!;
    this.#pose = decoder.xh;
    this.#stateSize = dancer.size;
    this.#input = dancer.take(config.spectrumFrames * config.spectrumBins);
    const z = dancer.take(Math.max(4 * units, pad4(M), pad4(E)));

    // Convolutions, batch normalisation folded into weights and bias.
    let input: Buffer = this.#input;
    config.convChannels.forEach((channels, l) => {
      const inChannels = l === 0 ? 1 : config.convChannels[l - 1]!;
      const inPitch = l === 0 ? 1 : pad4(inChannels);
      const inShape = l === 0 ? { frames: config.spectrumFrames, bins: config.spectrumBins } : convShape(config, l - 1);
      const out = convShape(config, l);
      const outPitch = pad4(channels);
      const [kt, kf] = config.convKernel;
      const output: Buffer = l === config.convChannels.length - 1 ? lstm[0]!.xh : dancer.take(out.frames * out.bins * outPitch);
      const kernel = w(`${convName(l)}/kernel`);
      const norm = (name: string) => w(`${normName(l)}/${name}`);
      const scale = Float64Array.from(norm('gamma'), (g, c) => g / Math.sqrt(norm('moving_variance')[c]! + normEpsilon));
      const tap = (t: number, f: number, ci: number, co: number) => (ci < inChannels && co < channels ? kernel[((t * kf + f) * inChannels + ci) * channels + co]! * scale[co]! : 0);
      const bias = shared.take(outPitch);
      packs.push((f32) => {
        for (let c = 0; c < channels; c++) f32[bias + c] = norm('beta')[c]! - norm('moving_mean')[c]! * scale[c]!;
      });
      const name = `conv${l + 1}`;

      // In the frequency domain along bins when that takes clearly fewer multiply-adds.
      const basis = dftBasis(inShape.bins, kf, out.bins);
      const { bins } = basis;
      const rows = 2 * bins;
      const direct = out.frames * out.bins * outPitch * kt * kf * inPitch;
      const spectral = inShape.frames * rows * inShape.bins * inPitch + out.frames * bins * kt * inPitch * outPitch * 4 + out.frames * out.bins * rows * outPitch;
      if (inPitch % 4 === 0 && spectral <= spectralShare * direct) {
        const forward = shared.take(basis.forward.length);
        const inverse = shared.take(basis.inverse.length);
        const products = shared.take(bins * kt * inPitch * 2 * outPitch);
        packs.push((f32) => {
          f32.set(basis.forward, forward);
          f32.set(basis.inverse, inverse);
          let i = products;
          for (let b = 0; b < bins; b++) {
            let first = 0;
            for (const lanes of convBlocks(outPitch)) {
              for (let t = 0; t < kt; t++) {
                for (let ci = 0; ci < inPitch; ci++) {
                  for (const row of [2 * b, 2 * b + 1]) {
                    for (let j = 0; j < lanes; j++, i++) {
                      let sum = 0;
                      for (let f = 0; f < kf; f++) sum += tap(t, f, ci, first + j) * basis.taps[row * kf + f]!;
                      f32[i] = sum;
                    }
                  }
                }
              }
              first += lanes;
            }
          }
        });
        const X = dancer.take(inShape.frames * rows * inPitch);
        const Y = dancer.take(out.frames * rows * outPitch);
        functions.push(
          (stride) => mixKernel({ name: `${name}/dft`, frames: inShape.frames, rows, inner: inShape.bins, matrix: 4 * forward, pitch: inPitch, stride }),
          (stride) => spectralKernel({ name: `${name}/products`, bins, outFrames: out.frames, frames: kt, inPitch, outPitch, weights: 4 * products, stride }),
          (stride) => mixKernel({ name: `${name}/inverse`, frames: out.frames, rows: out.bins, inner: rows, matrix: 4 * inverse, pitch: outPitch, bias: 4 * bias, stride }),
        );
        calls.push({ kernel: `${name}/dft`, args: [input, X] }, { kernel: `${name}/products`, args: [X, Y] }, { kernel: `${name}/inverse`, args: [Y, output] });
      } else {
        const at = shared.take(kt * kf * inPitch * outPitch);
        packs.push((f32) => {
          let i = at;
          let first = 0;
          for (const lanes of convBlocks(outPitch)) {
            for (let t = 0; t < kt; t++) for (let f = 0; f < kf; f++) for (let ci = 0; ci < inPitch; ci++) for (let j = 0; j < lanes; j++) f32[i++] = tap(t, f, ci, first + j);
            first += lanes;
          }
        });
        functions.push((stride) => convKernel({ name, inBins: inShape.bins, inPitch, outFrames: out.frames, outBins: out.bins, outPitch, kernel: [kt, kf], weights: 4 * at, bias: 4 * bias, stride }));
        calls.push({ kernel: name, args: [input, output] });
      }
      input = output;
    });

    // LSTM layers: the four gates are the gemv's four streams.
    const groups = units / (4 * lstmVectors);
    const layerCalls = (i: number) => {
      const layer = lstm[i]!;
      const cols = layer.xLength + units;
      const kernel = w(`${layer.name}/kernel`);
      const recurrent = w(`${layer.name}/recurrent_kernel`);
      const b = w(`${layer.name}/bias`);
      const at = shared.take(4 * units * cols);
      const bias = shared.take(4 * units);
      packs.push((f32) => {
        for (let s = 0; s < 4; s++) for (let u = 0; u < U; u++) f32[bias + s * units + u] = b[s * U + u]!;
        let i = at;
        for (let s = 0; s < 4; s++) {
          for (let g = 0; g < groups; g++) {
            for (let k = 0; k < cols; k++) {
              const row = k < layer.xLength ? layer.xRow(k) : k - layer.xLength < U ? k - layer.xLength : -1;
              const source = k < layer.xLength ? kernel : recurrent;
              for (let j = 0; j < 4 * lstmVectors; j++, i++) {
                const u = g * 4 * lstmVectors + j;
                if (row >= 0 && u < U) f32[i] = source[row * 4 * U + s * U + u]!;
              }
            }
          }
        }
      });
      functions.push(
        (stride) => gemvKernel({ name: `${layer.name}/gemv`, streams: 4, groups, vectors: lstmVectors, cols, weights: 4 * at, bias: 4 * bias, stride }),
        (stride) => lstmKernel(`${layer.name}/cell`, units, stride),
      );
      // h goes to the layer's own buffer for the next step and on to the next layer for this one.
      const own = [layer.xh[1] + layer.xLength, layer.xh[0] + layer.xLength] as const;
      const next = (i + 1) % danceLstmLayers === 0 ? own : lstm[i + 1]!.xh;
      calls.push({ kernel: `${layer.name}/gemv`, args: [layer.xh, z] }, { kernel: `${layer.name}/cell`, args: [z, layer.c, own, next] });
      return own;
    };
    const dense = (part: 'encoder' | 'decoder', outputs: number, activation: 'tanh' | 'elu', from: Buffer, to: Buffer) => {
      const rows = pad4(outputs);
      const kernel = w(`${denseName(part)}/kernel`);
      const b = w(`${denseName(part)}/bias`);
      const at = shared.take(rows * units);
      const bias = shared.take(rows);
      packs.push((f32) => {
        f32.set(b, bias);
        let i = at;
        for (let g = 0; g < rows / 4; g++) {
          for (let k = 0; k < units; k++) for (let j = 0; j < 4; j++, i++) if (k < U && 4 * g + j < outputs) f32[i] = kernel[k * outputs + 4 * g + j]!;
        }
      });
      functions.push(
        (stride) => gemvKernel({ name: `${part}/dense`, streams: 1, groups: rows / 4, vectors: 1, cols: units, weights: 4 * at, bias: 4 * bias, stride }),
        (stride) => activationKernel(`${part}/${activation}`, activation, rows / 4, stride),
      );
      calls.push({ kernel: `${part}/dense`, args: [from, z] }, { kernel: `${part}/${activation}`, args: [z, to] });
    };
    let h: Buffer = 0;
    for (let i = 0; i < danceLstmLayers; i++) h = layerCalls(i);
    dense('encoder', E, 'tanh', h, [decoder.xh[0] + pad4(M), decoder.xh[1] + pad4(M)]);
    for (let i = danceLstmLayers; i < 2 * danceLstmLayers; i++) h = layerCalls(i);
    // The pose goes where the decoder reads its previous pose on the next step.
    dense('decoder', M, 'elu', h, [decoder.xh[1], decoder.xh[0]]);
    functions.push(() => nonFiniteKernel('nonFinite', this.#stateSize / 4));

    this.#stride = roundUp(dancer.size, 16);
    this.#base = shared.size;
    const instance = wasmInstance(
      functions.map((make) => make(4 * this.#stride)),
      4 * (shared.size + dancers * this.#stride),
    );
    this.#f32 = new Float32Array(instance.memory);
    for (const pack of packs) pack(this.#f32);
    const address = (buffer: Buffer, parity: 0 | 1) => 4 * (this.#base + (typeof buffer === 'number' ? buffer : buffer[parity]));
    const plan = (parity: 0 | 1) =>
      calls.map(({ kernel, args }) => {
        const a = args.map((b) => address(b, parity));
        return { fn: instance.exports[kernel] as PlannedCall['fn'], args: [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0] as const };
      });
    this.#plans = [plan(0), plan(1)];
    this.kernels = calls.map((c) => c.kernel);
    this.#nonFinite = instance.exports['nonFinite']!;
    this.#output = new Float32Array(dancers * M);
  }

  /**
   * One motion frame for every dancer: `spectra` holds each dancer's spectrum stack in turn
   * (spectrumFrames × spectrumBins, frame-major, normalised to [-1, 1]). Returns the poses,
   * dancers × motionSize, in an array the next step overwrites.
   */
  step(spectra: Float32Array): Float32Array {
    const { spectrumFrames, spectrumBins, motionSize: M } = this.config;
    const size = spectrumFrames * spectrumBins;
    const n = this.dancers;
    if (spectra.length !== n * size) {
      throw new TerpsiError('E_PARAM', `dance stream: expected ${n} × ${spectrumFrames} × ${spectrumBins} spectrum values, got ${spectra.length}`);
    }
    const f32 = this.#f32;
    for (let d = 0; d < n; d++) {
      const to = this.#base + d * this.#stride + this.#input;
      for (let i = 0; i < size; i++) f32[to + i] = spectra[d * size + i]!;
    }
    for (const { fn, args } of this.#plans[this.#parity]) fn(n, args[0], args[1], args[2], args[3]);
    this.#parity = (1 - this.#parity) as 0 | 1;
    for (let d = 0; d < n; d++) {
      const base = this.#base + d * this.#stride;
      const pose = base + this.#pose[this.#parity];
      for (let m = 0; m < M; m++) this.#output[d * M + m] = f32[pose + m]!;
      if (this.#nonFinite(4 * base)) this.reset(d);
    }
    return this.#output;
  }

  /**
   * Puts dancer `dancer` (all dancers when omitted) back to rest: zero LSTM state and `pose` as the
   * previous pose (normalised; zero when omitted).
   */
  reset(dancer?: number, pose?: ArrayLike<number>): void {
    if (dancer === undefined) {
      for (let d = 0; d < this.dancers; d++) this.reset(d, pose);
      return;
    }
    if (!(Number.isInteger(dancer) && dancer >= 0 && dancer < this.dancers)) throw new TerpsiError('E_PARAM', `dance stream: no dancer ${dancer} of ${this.dancers}`);
    if (pose && pose.length !== this.config.motionSize) throw new TerpsiError('E_PARAM', `dance stream: a pose has ${this.config.motionSize} values, got ${pose.length}`);
    const base = this.#base + dancer * this.#stride;
    this.#f32.fill(0, base, base + this.#stateSize);
    if (pose) for (const buffer of this.#pose) this.#f32.set(pose, base + buffer);
  }
}
