import * as tf from '@tensorflow/tfjs';

const shared: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs['x']!;
  (backend as tf.KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/**
 * Makes tfjs's Identity kernel on the WebAssembly backend share its input's memory, as the cpu
 * backend's does, instead of copying it. While gradients are recorded, tfjs passes every input an
 * operation keeps for the backward pass through Identity, so with the copying kernel the heap
 * holds one copy of each LSTM weight matrix per time step: a training batch of 8 sequences of
 * 150 steps at the dance generator's default size outgrows WebAssembly's 4 GB. Tensors are
 * immutable, so sharing is safe. Does nothing unless wasm is the active backend; calling it again
 * changes nothing.
 */
export function shareWasmIdentity(): void {
  if (tf.getBackend() !== 'wasm' || tf.getKernel('Identity', 'wasm')?.kernelFunc === shared) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc: shared });
}
