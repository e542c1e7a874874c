import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { TerpsiError } from '../core/errors.js';
import { describeError, type Log } from '../core/log.js';
import { Registry } from '../core/registry.js';

/** A TensorFlow.js compute backend and how to start it. */
export interface Backend {
  readonly name: string;
  /** Higher is tried first. */
  readonly priority: number;
  readonly description: string;
  /** Loads whatever the backend needs and makes it tfjs's active backend; throws if it cannot. */
  start(): Promise<void>;
}

export const backends = new Registry<Backend>('compute backend');

const require = createRequire(import.meta.url);
type Tf = typeof import('@tensorflow/tfjs');

/** Imports a package that may not be installed without the compiler resolving it. */
const optional = (name: string): Promise<unknown> => import(name);

/** Makes `name` tfjs's active backend, or says why not. */
async function activate(name: string): Promise<void> {
  const tf: Tf = await import('@tensorflow/tfjs');
  if (!(await tf.setBackend(name))) throw new Error(`tfjs did not accept the ${name} backend`);
}

/** Starts tfjs-node(-gpu): the native TensorFlow library; users install it themselves. */
const native = (pkg: string, priority: number, description: string): Backend => ({
  name: pkg.replace('@tensorflow/', ''),
  priority,
  description,
  async start() {
    await optional(pkg);
    await activate('tensorflow');
  },
});

export const tfjsNodeGpu = native('@tensorflow/tfjs-node-gpu', 3, 'TensorFlow with CUDA (npm i @tensorflow/tfjs-node-gpu)');
export const tfjsNode = native('@tensorflow/tfjs-node', 2, 'TensorFlow on the CPU (npm i @tensorflow/tfjs-node)');

/** The embedded default: WebAssembly kernels shipped inside the npm package, no download, works offline. */
export const wasm: Backend = {
  name: 'wasm',
  priority: 1,
  description: 'WebAssembly (embedded, offline)',
  async start() {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
    await activate('wasm');
  },
};

/** Plain JavaScript kernels: always works, slowest. */
export const cpu: Backend = {
  name: 'cpu',
  priority: 0,
  description: 'plain JavaScript',
  start: () => activate('cpu'),
};

export interface BackendChoice {
  readonly name: string;
  /** Backends tried before it, with why they did not start. */
  readonly skipped: readonly { name: string; reason: string }[];
}

/**
 * Starts the highest-priority backend that works, as tfjs itself does; `only` forces one.
 * Each failure is logged at debug level and the next is tried.
 */
export async function selectBackend(log: Log, only?: string): Promise<BackendChoice> {
  const candidates = only ? [backends.get(only)] : backends.list().sort((a, b) => b.priority - a.priority);
  const skipped: { name: string; reason: string }[] = [];
  for (const backend of candidates) {
    try {
      await backend.start();
      return { name: backend.name, skipped };
    } catch (e) {
      const reason = describeError(e).split('\n')[0]!;
      log.debug(`backend ${backend.name} did not start: ${reason}`);
      skipped.push({ name: backend.name, reason });
    }
  }
  throw new TerpsiError('E_BACKEND', `no compute backend started: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
}

let started: Promise<BackendChoice> | undefined;

/** Starts the best backend once per process (see selectBackend); later calls share the first start. */
export function ensureBackend(log: Log): Promise<BackendChoice> {
  started ??= selectBackend(log).catch((e: unknown) => {
    started = undefined;
    throw e;
  });
  return started;
}
