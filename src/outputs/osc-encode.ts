import type { Clock } from '../core/clock.js';
import { unreachable, type Frame } from '../core/frames.js';
import type { Seconds } from '../core/units.js';
import { danceJoints } from '../movement/dance-skeleton.js';
import type { OscTarget } from '../patch/schemas.js';
import { OscWriter, type OscArg, type OscMessage } from './osc-writer.js';

/**
 * Turns frames into OSC packets for one receiver profile (DESIGN §6).
 *
 * Native layout, `/terpsi` replaced by the profile's prefix, `t` present when the profile has
 * `timeArgument`:
 *   control   /terpsi/<name>                       t, ...values
 *   beat      /terpsi/beat                         t, index:i, bar:i (0 = unknown), tempo, confidence
 *             /terpsi/tempo                        t, tempo
 *   motion    /terpsi/dancer/<dancer>/root         t, x, y, z
 *             /terpsi/dancer/<dancer>/<joint>      t, qw, qx, qy, qz (, x, y, z with positions)
 *   skeleton  /terpsi/skeleton/<body>/<joint>      t, x, y, z, confidence
 *   events    /terpsi/events/<tag>                 t, probability, active (0/1)
 *   lma       /terpsi/lma/<body>                   t, weight, time, space, flow, shape
 *             /terpsi/lma/<body>/normalized        t, the same, normalized
 * Audio and video frames send nothing: at kilohertz block rates and megabytes per image they
 * would flood a UDP receiver; they go out over WebSocket binary instead.
 *
 * Every value is float32 except the beat index and bar, which are int32. Numbers that are not
 * finite (NaN from a model, a missing value) go out as 0: receivers such as Pd and QLC+ do
 * strange things with NaN, and the node that made the garbage is the one that reports it.
 *
 * Profile switches: `bundles` wraps a frame's messages in one bundle timetagged with the
 * frame's capture time (else each message is its own packet); `split` sends one value per
 * message, its index appended to the address, and leaves the time argument out because such
 * receivers take a single value per address; `address` sends one message to that fixed address
 * carrying every value of the frame as float32 (Wekinator's /wek/inputs), and wins over `split`.
 */
export function oscEncode(profile: OscTarget, clock: Clock): (frame: Frame) => Uint8Array[] {
  const { prefix, timeArgument, bundles, split, address: fixedAddress } = profile;
  const names = new AddressCache(prefix);
  const writer = new OscWriter();
  const splitAddresses = new Memo<string, string[]>(1024, () => []);

  const shape = (messages: OscMessage[]): OscMessage[] => {
    if (fixedAddress !== undefined) return [flatten(fixedAddress, messages, timeArgument)];
    if (!split) return messages;
    const out: OscMessage[] = [];
    for (const m of messages) {
      const addresses = splitAddresses.get(m.address);
      const first = timeArgument ? 1 : 0;
      for (let k = first; k < m.args.length; k++) {
        const index = k - first;
        const address = (addresses[index] ??= `${m.address}/${index}`);
        out.push({ address, args: [m.args[k]!] });
      }
    }
    return out;
  };

  return (frame) => {
    const messages: OscMessage[] = [];
    const t = timeArgument ? float(frame.t) : undefined;
    nativeMessages(frame, t, names, messages);
    if (messages.length === 0) return [];
    const packets = shape(messages);
    if (bundles) return [writer.bundle(timeTag(clock.unixTime(frame.t)), packets)];
    return packets.map((m) => writer.message(m));
  };
}

const twoTo32 = 2 ** 32;
/** NTP counts from 1900, Unix from 1970. */
const secondsFrom1900To1970 = 2_208_988_800;

/** A float32 argument; anything not finite (or missing) becomes 0. */
function float(v: number | undefined): OscArg {
  return { type: 'f', value: v !== undefined && Number.isFinite(v) ? v : 0 };
}

/** An int32 argument, truncated and clamped to the int32 range; anything not finite becomes 0. */
function int(v: number | undefined): OscArg {
  const value = v !== undefined && Number.isFinite(v) ? Math.max(-0x80000000, Math.min(0x7fffffff, Math.trunc(v))) : 0;
  return { type: 'i', value };
}

/** NTP form of a Unix time in seconds; an unusable time becomes OSC's "immediately". */
function timeTag(unix: Seconds): readonly [number, number] {
  if (!Number.isFinite(unix)) return [0, 1];
  const whole = Math.floor(unix);
  // Rounding can reach 2^32, which would wrap to 0 and lose a second; the last tick is 233 ps short.
  const fraction = Math.min(twoTo32 - 1, Math.round((unix - whole) * twoTo32));
  return [whole + secondsFrom1900To1970, fraction];
}

function flatten(address: string, messages: readonly OscMessage[], timed: boolean): OscMessage {
  const first = timed ? 1 : 0;
  const args: OscArg[] = timed ? [messages[0]!.args[0]!] : [];
  for (const m of messages) {
    for (let k = first; k < m.args.length; k++) {
      const a = m.args[k]!;
      args.push(a.type === 'f' ? a : { type: 'f', value: a.value });
    }
  }
  return { address, args };
}

/** Appends the native messages of one frame to `out`; `t` is the time argument, if sent. */
function nativeMessages(frame: Frame, t: OscArg | undefined, names: AddressCache, out: OscMessage[]): void {
  const push = (address: string, values: OscArg[]) => out.push({ address, args: t ? [t, ...values] : values });
  switch (frame.kind) {
    case 'control':
      push(names.control.get(frame.name), frame.values.map(float));
      return;
    case 'beat':
      push(names.beat, [int(frame.index), int(frame.bar ?? 0), float(frame.tempo), float(frame.confidence)]);
      push(names.tempo, [float(frame.tempo)]);
      return;
    case 'motion': {
      const addresses = names.dancer.get(frame.dancer);
      const { root, rotations: q, positions: p } = frame;
      push(addresses[0]!, [float(root[0]), float(root[1]), float(root[2])]);
      for (let j = 0; j < danceJoints.length; j++) {
        const values = [float(q[4 * j]), float(q[4 * j + 1]), float(q[4 * j + 2]), float(q[4 * j + 3])];
        if (p) values.push(float(p[3 * j]), float(p[3 * j + 1]), float(p[3 * j + 2]));
        push(addresses[j + 1]!, values);
      }
      return;
    }
    case 'skeleton':
      for (const body of frame.bodies) {
        const joints = names.skeleton.get(body.id);
        for (const name in body.joints) {
          const joint = body.joints[name]!;
          push(joints.get(name), [float(joint.x), float(joint.y), float(joint.z), float(joint.confidence)]);
        }
      }
      return;
    case 'events':
      for (const tag in frame.probabilities) {
        push(names.events.get(tag), [float(frame.probabilities[tag]), float(frame.active.includes(tag) ? 1 : 0)]);
      }
      return;
    case 'lma': {
      const [raw, normalized] = names.lma.get(frame.body);
      push(raw, efforts(frame.raw));
      push(normalized, efforts(frame.normalized));
      return;
    }
    case 'audio':
    case 'video':
      return;
    default:
      unreachable(frame);
  }
}

function efforts(e: { weight: number; time: number; space: number; flow: number; shape: number }): OscArg[] {
  return [float(e.weight), float(e.time), float(e.space), float(e.flow), float(e.shape)];
}

/** A map that forgets everything when full: ids of tracked bodies keep growing over a long show. */
class Memo<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(
    private readonly limit: number,
    private readonly make: (key: K) => V,
  ) {}

  get(key: K): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      if (this.#entries.size >= this.limit) this.#entries.clear();
      value = this.make(key);
      this.#entries.set(key, value);
    }
    return value;
  }
}

/** Characters OSC reserves in address parts, replaced so that any tag or joint name is addressable. */
const reserved = /[\s#*,/?[\]{}]/g;
const part = (name: string | number) => String(name).replace(reserved, '_');

/** Every address string the encoder sends, built once each. */
class AddressCache {
  readonly beat: string;
  readonly tempo: string;
  readonly control: Memo<string, string>;
  readonly dancer: Memo<number, string[]>;
  readonly skeleton: Memo<number, Memo<string, string>>;
  readonly events: Memo<string, string>;
  readonly lma: Memo<number, readonly [string, string]>;

  constructor(prefix: string) {
    this.beat = `${prefix}/beat`;
    this.tempo = `${prefix}/tempo`;
    // Control names may be paths ('fader/1'); only their parts are cleaned.
    this.control = new Memo(1024, (name) => `${prefix}/${name.split('/').map(part).join('/')}`);
    this.dancer = new Memo(64, (dancer) => {
      const base = `${prefix}/dancer/${part(dancer)}`;
      return [`${base}/root`, ...danceJoints.map((joint) => `${base}/${joint}`)];
    });
    this.skeleton = new Memo(64, (body) => {
      const base = `${prefix}/skeleton/${part(body)}`;
      return new Memo(256, (joint) => `${base}/${part(joint)}`);
    });
    this.events = new Memo(1024, (tag) => `${prefix}/events/${part(tag)}`);
    this.lma = new Memo(64, (body) => {
      const base = `${prefix}/lma/${part(body)}`;
      return [base, `${base}/normalized`] as const;
    });
  }
}
