import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Info = tf.TensorInfo;
type Kernel = (args: { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs?: tf.NamedAttrMap }) => Info | Info[];

/** Transposed right operands kept for products to come. */
const keptTransposes = 16;

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Copies the block of `x` that starts at `begin` and spans `extent` into a new tensor of shape
 * `shape` (the extent's by default): one copy per run of consecutive elements, the innermost axes
 * taken whole folded into the run.
 */
function copyBlock(backend: BackendWasm, x: Info, begin: readonly number[], extent: readonly number[], shape: readonly number[] = extent): Info {
  const out = backend.makeOutput([...shape], x.dtype);
  if (count(extent) === 0) return out;
  // Views after makeOutput: growing the heap detaches earlier ones.
  const source = backend.typedArrayFromHeap(x);
  const target = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = new Array<number>(rank);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= x.shape[d]!;
  }
  let axis = rank - 1;
  while (axis > 0 && begin[axis] === 0 && extent[axis] === x.shape[axis]) axis--;
  const run = extent[axis]! * strides[axis]!;
  let from = begin.reduce((o, b, d) => o + b * strides[d]!, 0);
  const index = new Array<number>(axis).fill(0);
  for (let to = 0; to < target.length; to += run) {
    target.set(source.subarray(from, from + run), to);
    // Next run: odometer over the axes before `axis`.
    let d = axis - 1;
    for (; d >= 0 && ++index[d]! === extent[d]; d--) {
      index[d] = 0;
      from -= (extent[d]! - 1) * strides[d]!;
    }
    if (d >= 0) from += strides[d]!;
  }
  return out;
}

/** Drops axes of size one and merges axes that stay neighbours under `perm`: same result, lower rank. */
function simplifyTranspose(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  const kept = perm.filter((a) => shape[a] !== 1);
  // Groups of input axes that appear consecutively in the output, in output order.
  const groups: number[][] = [];
  for (const a of kept) {
    const last = groups.at(-1);
    if (last && last.at(-1)! + 1 === a) last.push(a);
    else groups.push([a]);
  }
  const byInput = [...groups].sort((g, h) => g[0]! - h[0]!);
  return {
    shape: byInput.map((g) => count(g.map((a) => shape[a]!))),
    perm: groups.map((g) => byInput.indexOf(g)),
  };
}

function fastKernels(original: (name: string) => Kernel): Record<string, Kernel> {
  const transposeKernel = original('Transpose');
  const matMulKernel = original('BatchMatMul');
  const sliceKernel = original('Slice');
  const splitKernel = original('SplitV');
  const unpackKernel = original('Unpack');

  const transpose = (backend: BackendWasm, x: Info, perm: readonly number[]): Info => {
    const outShape = perm.map((a) => x.shape[a]!);
    const simple = simplifyTranspose(x.shape, perm);
    const out = transposeKernel({ inputs: { x: { ...x, shape: simple.shape } }, backend, attrs: { perm: simple.perm } }) as Info;
    return { ...out, shape: outShape };
  };
  const swapLast = (backend: BackendWasm, x: Info) => {
    const r = x.shape.length;
    return transpose(backend, x, [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2]);
  };
  // The backward pass of x·W multiplies by Wᵀ at every time step: the transposes of the last few
  // right operands are kept, by data (tensors are immutable; a variable's assign brings new data).
  const transposed = new Map<object, Info>();
  const transposedRight = (backend: BackendWasm, b: Info) => {
    let t = transposed.get(b.dataId);
    if (t) {
      transposed.delete(b.dataId);
    } else {
      t = swapLast(backend, b);
      if (transposed.size === keptTransposes) {
        const [oldest, info] = transposed.entries().next().value as [object, Info];
        transposed.delete(oldest);
        backend.disposeData(info.dataId);
      }
    }
    transposed.set(b.dataId, t);
    return t;
  };

  return {
    // tfjs passes every input an operation keeps for the backward pass through Identity: copying
    // them would hold one copy of each LSTM weight matrix per time step. Tensors are immutable.
    Identity: ({ inputs, backend }) => {
      const x = inputs['x']!;
      backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
    // The stock Slice copies its whole input out of the heap first, so Unpack and SplitV, a Slice
    // per output, cost outputs × input.
    Slice: ({ inputs, backend, attrs }) => {
      const x = inputs['x']!;
      if (x.dtype === 'string') return sliceKernel({ inputs, backend, attrs });
      const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs!['begin'] as number[], attrs!['size'] as number[]);
      return copyBlock(backend, x, begin!, size!);
    },
    SplitV: ({ inputs, backend, attrs }) => {
      const x = inputs['x']!;
      if (x.dtype === 'string') return splitKernel({ inputs, backend, attrs });
      const axis = tf.util.parseAxisParam(attrs!['axis'] as number, x.shape)[0]!;
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs!['numOrSizeSplits'] as number[] | number, axis);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((s) => {
        const extent = x.shape.map((n, d) => (d === axis ? s : n));
        const part = copyBlock(backend, x, begin, extent);
        begin[axis]! += s;
        return part;
      });
    },
    Unpack: ({ inputs, backend, attrs }) => {
      const x = inputs['value']!;
      if (x.dtype === 'string') return unpackKernel({ inputs, backend, attrs });
      const axis = tf.util.parseAxisParam(attrs!['axis'] as number, x.shape)[0]!;
      const extent = x.shape.map((n, d) => (d === axis ? 1 : n));
      const shape = x.shape.filter((_, d) => d !== axis);
      return Array.from({ length: x.shape[axis]! }, (_, i) => copyBlock(backend, x, extent.map((_, d) => (d === axis ? i : 0)), extent, shape));
    },
    // The stock kernel takes a generic element-by-element path above rank 4.
    Transpose: ({ inputs, backend, attrs }) => transpose(backend, inputs['x']!, attrs!['perm'] as number[]),
    // The stock kernel reaches XNNPACK only for untransposed single matrices; transposed operands
    // and batches go through a loop several times slower than a transpose or a copy.
    BatchMatMul: ({ inputs, backend, attrs }) => {
      const a = attrs!['transposeA'] ? swapLast(backend, inputs['a']!) : inputs['a']!;
      const b = attrs!['transposeB'] ? transposedRight(backend, inputs['b']!) : inputs['b']!;
      const plain = { transposeA: false, transposeB: false };
      const [m, k] = a.shape.slice(-2) as [number, number];
      const n = b.shape.at(-1)!;
      const batchA = count(a.shape.slice(0, -2));
      const batchB = count(b.shape.slice(0, -2));
      const outer = a.shape.length >= b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
      let out: Info;
      if (batchB === 1) {
        // One matrix on the right: the batch of left matrices is one tall matrix.
        const product = matMulKernel({ inputs: { a: { ...a, shape: [batchA * m, k] }, b: { ...b, shape: [k, n] } }, backend, attrs: plain }) as Info;
        out = { ...product, shape: [...outer, m, n] };
      } else if (batchA === batchB || batchA === 1) {
        out = backend.makeOutput([...outer, m, n], 'float32');
        for (let i = 0; i < batchB; i++) {
          const ai = batchA === 1 ? { ...a, shape: [m, k] } : copyBlock(backend, { ...a, shape: [batchA, m, k] }, [i, 0, 0], [1, m, k], [m, k]);
          const bi = copyBlock(backend, { ...b, shape: [batchB, k, n] }, [i, 0, 0], [1, k, n], [k, n]);
          const product = matMulKernel({ inputs: { a: ai, b: bi }, backend, attrs: plain }) as Info;
          backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(product), i * m * n);
          for (const t of batchA === 1 ? [bi, product] : [ai, bi, product]) backend.disposeData(t.dataId);
        }
      } else {
        out = matMulKernel({ inputs: { a, b }, backend, attrs: plain }) as Info;
      }
      if (a !== inputs['a']) backend.disposeData(a.dataId);
      return out;
    },
  };
}

/**
 * Replaces some of tfjs's WebAssembly kernels with faster ones that compute the same values: an
 * Identity that shares memory, a Slice (and the Unpack and SplitV built on it) that copies only
 * what it takes, a Transpose that merges axes that move together, and a BatchMatMul that hands
 * transposed and batched products to XNNPACK one matrix at a time. Training the dance generator
 * is mostly these operations. Does nothing unless wasm is the active backend; calling it again
 * changes nothing.
 */
export function useFastWasmKernels(): void {
  if (tf.getBackend() !== 'wasm' || installed) return;
  const stock = (name: string) => tf.getKernel(name, 'wasm')!.kernelFunc as unknown as Kernel;
  for (const [name, kernel] of Object.entries(fastKernels(stock))) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: kernel as unknown as tf.KernelFunc });
  }
  installed = true;
}

let installed = false;
