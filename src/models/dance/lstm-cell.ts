import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const cellKernel = 'TerpsiLstmCell';
const cellGradKernel = 'TerpsiLstmCellGrad';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Gradients in (of the next h and c) and out (of z and of the previous c). */
interface CellGrad {
  readonly dh: Float32Array;
  readonly dc: Float32Array;
  readonly dz: Float32Array;
  readonly dcPrev: Float32Array;
}

/**
 * The gates of a batch of LSTM cells: z [batch, 4·units] (input, forget, cell and output gates'
 * pre-activations, Keras's order) and the cell state c [batch, units] give the next h and c, or
 * with `grad`, from the gradients of those, the gradients of z and c.
 */
function cellValues(z: Float32Array, c: Float32Array, units: number, out: { h: Float32Array; c: Float32Array } | CellGrad): void {
  for (let row = 0; row < c.length / units; row++) {
    for (let u = 0; u < units; u++) {
      const k = row * units + u;
      const gates = row * 4 * units + u;
      const i = sigmoid(z[gates]!);
      const f = sigmoid(z[gates + units]!);
      const g = Math.tanh(z[gates + 2 * units]!);
      const o = sigmoid(z[gates + 3 * units]!);
      const cNext = f * c[k]! + i * g;
      const t = Math.tanh(cNext);
      if ('h' in out) {
        out.h[k] = o * t;
        out.c[k] = cNext;
      } else {
        const dh = out.dh[k]!;
        const dc = out.dc[k]! + dh * o * (1 - t * t);
        out.dz[gates] = dc * g * i * (1 - i);
        out.dz[gates + units] = dc * c[k]! * f * (1 - f);
        out.dz[gates + 2 * units] = dc * i * (1 - g * g);
        out.dz[gates + 3 * units] = dh * t * o * (1 - o);
        out.dcPrev[k] = dc * f;
      }
    }
  }
}

/** Float32 tensors' values and new outputs, on the cpu and wasm backends. */
interface Access {
  /** New tensors and their values to fill; then `values` of the inputs. */
  outputs(shapes: number[][]): { infos: tf.TensorInfo[]; values: Float32Array[] };
  values(t: tf.TensorInfo): Float32Array;
}

interface CpuBackend {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
  readSync(dataId: tf.DataId): Float32Array;
}

const access: Record<string, (backend: tf.KernelBackend) => Access> = {
  // The heap views are taken after the outputs are made: growing the heap detaches earlier ones.
  wasm: (backend) => {
    const heap = backend as BackendWasm;
    const values = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
    return {
      outputs: (shapes) => {
        const infos = shapes.map((s) => heap.makeOutput(s, 'float32'));
        return { infos, values: infos.map(values) };
      },
      values,
    };
  },
  cpu: (backend) => {
    const cpu = backend as unknown as CpuBackend;
    return {
      outputs: (shapes) => {
        const values = shapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
        return { infos: shapes.map((s, i) => cpu.makeTensorInfo(s, 'float32', values[i]!)), values };
      },
      values: (t) => cpu.readSync(t.dataId),
    };
  },
};

function kernels(backendName: string, read: (backend: tf.KernelBackend) => Access): void {
  tf.registerKernel({
    kernelName: cellKernel,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { z, c } = inputs as { z: tf.TensorInfo; c: tf.TensorInfo };
      const io = read(backend as tf.KernelBackend);
      const outs = io.outputs([c.shape, c.shape]);
      const [h, cNext] = outs.values;
      cellValues(io.values(z), io.values(c), c.shape[1]!, { h: h!, c: cNext! });
      return outs.infos;
    },
  });
  tf.registerKernel({
    kernelName: cellGradKernel,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { z, c, dh, dc } = inputs as Record<'z' | 'c' | 'dh' | 'dc', tf.TensorInfo>;
      const io = read(backend as tf.KernelBackend);
      const outs = io.outputs([z.shape, c.shape]);
      const [dz, dcPrev] = outs.values;
      cellValues(io.values(z), io.values(c), c.shape[1]!, { dh: io.values(dh), dc: io.values(dc), dz: dz!, dcPrev: dcPrev! });
      return outs.infos;
    },
  });
}

let registered = false;

function register(): void {
  registered = true;
  for (const [name, read] of Object.entries(access)) kernels(name, read);
  tf.registerGradient({
    kernelName: cellKernel,
    inputsToSave: ['z', 'c'],
    gradFunc: (dy, saved) => {
      const [z, c] = saved as [tf.Tensor, tf.Tensor];
      // An output the loss does not depend on has no gradient.
      const [dh, dc] = (dy as (tf.Tensor | null)[]).map((d) => d ?? tf.zerosLike(c));
      const grads = () => tf.engine().runKernel(cellGradKernel, { z, c, dh: dh!, dc: dc! }) as tf.Tensor[];
      // Each input's gradient is asked for in its own scope; the kernel is cheap, so it runs twice.
      return { z: () => grads()[0]!, c: () => grads()[1]! };
    },
  });
}

/**
 * One step of a batch of LSTM cells from the gates' pre-activations z [batch, 4·units] and the
 * cell state c [batch, units]: [h, c] of the next step. On the cpu and wasm backends one kernel
 * each way, where tfjs operations take a dozen forward and two dozen backward (a training step of
 * the dance generator at its default size, 8 × 150, takes 12.5 s instead of 14); elsewhere the
 * same function of tfjs operations.
 */
export function lstmCell(z: tf.Tensor2D, c: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  if (!registered) register();
  if (tf.getBackend() in access) return tf.engine().runKernel(cellKernel, { z, c }) as [tf.Tensor2D, tf.Tensor2D];
  const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
  return [tf.mul(tf.sigmoid(o), tf.tanh(cNext)) as tf.Tensor2D, cNext];
}
