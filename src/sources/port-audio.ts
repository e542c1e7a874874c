import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asTerpsiError, TerpsiError } from '../core/errors.js';

type DeviceInfo = import('naudiodon').DeviceInfo;
type HostInfo = import('naudiodon').HostInfo;
type AudioOptions = import('naudiodon').AudioOptions;

/** One blocking read of naudiodon's native stream: `err` carries PortAudio status flags (overflow). */
export interface ReadResult {
  readonly buf?: Buffer;
  readonly finished?: boolean;
  readonly err?: string;
}

/** The native PortAudio stream naudiodon's index.js wraps in a Node stream. */
export interface NativeStream {
  start(): void;
  /** Resolves once `bytes` bytes were captured, or the stream was quit (`finished`). */
  read(bytes: number): Promise<ReadResult>;
  /**
   * Copies `block` and resolves once it is queued for the device, after waiting while `maxQueue`
   * blocks are; with PortAudio's status flags (underflow) when there were any.
   */
  write(block: Buffer): Promise<string | undefined>;
  /** WAIT plays what is queued first; both wait for PortAudio's callback to let go of its block. */
  quit(how: 'WAIT' | 'ABORT'): Promise<void>;
}

/** naudiodon's compiled addon. */
export interface PortAudio {
  getDevices(): DeviceInfo[];
  getHostAPIs(): { defaultHostAPI: number; HostAPIs: HostInfo[] };
  create(options: { inOptions: AudioOptions } | { outOptions: AudioOptions }): NativeStream;
}

let addon: PortAudio | undefined;

/**
 * Where naudiodon's addon is and the `bindings` module that finds it. The addon is loaded
 * directly, not through naudiodon's index.js: that file installs segfault-handler, whose SIGSEGV
 * handler replaces Node's, which turns a WebAssembly out-of-bounds trap (a catchable RuntimeError
 * in the wasm compute backend) into the death of the whole process, and writes crash.log into
 * the current folder. It also prints every stream error to the console.
 */
export function addonLocation(): { root: string; bindings: string } {
  const root = dirname(createRequire(import.meta.url).resolve('naudiodon/package.json'));
  return { root, bindings: createRequire(join(root, 'index.js')).resolve('bindings') };
}

/**
 * Loads PortAudio on first use, so that a machine where it cannot load still runs every patch
 * that does not use audio devices.
 */
export function portAudio(): PortAudio {
  try {
    if (!addon) {
      const { root, bindings } = addonLocation();
      const load = createRequire(import.meta.url)(bindings) as (options: { bindings: string; module_root: string }) => PortAudio;
      addon = load({ bindings: 'naudiodon.node', module_root: root });
    }
    return addon;
  } catch (e) {
    throw asTerpsiError(e, 'E_AUDIO_UNAVAILABLE', 'cannot load PortAudio (naudiodon); on Linux install libasound2, then run "npm ci" again');
  }
}

export type Direction = 'input' | 'output';

const devicesFor = (pa: PortAudio, direction: Direction) =>
  pa.getDevices().filter((d) => (direction === 'input' ? d.maxInputChannels : d.maxOutputChannels) > 0);

const describe = (devices: readonly DeviceInfo[]) => devices.map((d) => `${d.id} "${d.name}"`).join(', ') || 'none';

/** The devices that can capture (or play), as `<id> "<name>", ...` for error messages. */
export const describeDevices = (pa: PortAudio, direction: Direction): string => describe(devicesFor(pa, direction));

/**
 * The device a patch names: by id, by exact name, or by part of its name, ignoring case;
 * undefined for 'default' (PortAudio's deviceId -1). E_AUDIO_DEVICE, listing the devices, when
 * there is none.
 */
export function findDevice(pa: PortAudio, device: string | number, direction: Direction): DeviceInfo | undefined {
  if (device === 'default') return undefined;
  const devices = devicesFor(pa, direction);
  const wanted = String(device).toLowerCase();
  const found =
    typeof device === 'number'
      ? devices.find((d) => d.id === device)
      : (devices.find((d) => d.name.toLowerCase() === wanted) ?? devices.find((d) => d.name.toLowerCase().includes(wanted)));
  if (found) return found;
  throw new TerpsiError('E_AUDIO_DEVICE', `no audio ${direction} ${JSON.stringify(device)}; ${direction}s: ${describe(devices)}`);
}
