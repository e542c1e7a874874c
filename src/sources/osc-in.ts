import { createSocket, type RemoteInfo } from 'node:dgram';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { Observable } from 'rxjs';
import { z } from 'zod';
import type { Context } from '../core/context.js';
import { TerpsiError } from '../core/errors.js';
import type { ControlFrame, Frame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';

const params = z.strictObject({
  /** UDP port to listen on; 0 picks a free one (the log line says which). */
  port: z.number().int().min(0).max(65535).default(9001),
  /** Interface to listen on: loopback by default, '0.0.0.0' for the whole network. */
  host: z.string().min(1).default('127.0.0.1'),
});

/** Address prefix of messages that set a parameter: /terpsi/param/<id>/<name> <value>. */
const paramPrefix = '/terpsi/param/';
/** Deeper bundles than this are refused rather than followed. */
const maxDepth = 16;
const readOptions = { metadata: true, unpackSingleArgs: false } as const;

/** osc.js, loaded when the first packet arrives: it takes a noticeable part of startup, and most patches never listen. */
let oscjs: typeof import('osc') | undefined;
const osc = () => (oscjs ??= createRequire(import.meta.url)('osc') as typeof import('osc'));

/**
 * OSC in over UDP. Every message becomes a `control` frame named after its address (without the
 * leading '/') with its numeric arguments as values: int32, float32 and float64, T/F as 1/0, NaN
 * and infinities as 0, other types skipped. Bundles are unpacked, nested ones too; their
 * timetags are ignored because a sender's clock is not ours, so every message is stamped with
 * its time of arrival. `/terpsi/param/<id>/<name>` with one number also sets that parameter.
 * A malformed packet is reported (E_OSC_DECODE, naming the peer) and dropped whole.
 */
export const oscIn: SourceType<z.infer<typeof params>> = {
  name: 'osc-in',
  description: 'Listens for OSC over UDP: messages become control frames; /terpsi/param/<id>/<name> sets a parameter',
  live: true,
  params,
  create(p, ctx) {
    return new Observable<Frame>((subscriber) => {
      const socket = createSocket(isIP(p.host) === 6 ? 'udp6' : 'udp4');
      socket.on('listening', () => {
        const { address, port } = socket.address();
        ctx.log.info(`listening on ${address}:${port}`);
      });
      socket.on('message', (data, peer) => {
        for (const frame of receive(data, peer, ctx)) subscriber.next(frame);
      });
      socket.on('error', (e) => {
        subscriber.error(new TerpsiError('E_NETWORK', `cannot listen on ${p.host}:${p.port}: ${e.message}`, { cause: e }));
      });
      socket.bind(p.port, p.host);
      return () => {
        try {
          socket.close();
        } catch {
          // Already closed by a bind failure.
        }
      };
    });
  },
};

interface Received {
  readonly address: string;
  readonly values: number[];
}

/** A packet that decoded but is not what OSC says it must be. */
class Malformed extends Error {}

/** Decodes one datagram into control frames and applies its parameter messages; never throws. */
function receive(data: Uint8Array, peer: RemoteInfo, ctx: Context): ControlFrame[] {
  const messages: Received[] = [];
  try {
    unpack(data, messages, 0);
  } catch (e) {
    ctx.report(new TerpsiError('E_OSC_DECODE', `${peer.address}:${peer.port}: ${why(e)}`));
    return [];
  }
  const t = ctx.clock.now();
  const frames: ControlFrame[] = [];
  for (const { address, values } of messages) {
    if (address.startsWith(paramPrefix)) setParam(address.slice(paramPrefix.length), values, peer, ctx);
    frames.push({ kind: 'control', t, source: ctx.id, name: address.slice(1), values });
  }
  return frames;
}

function setParam(path: string, values: readonly number[], peer: RemoteInfo, ctx: Context): void {
  try {
    if (values.length !== 1) {
      throw new TerpsiError('E_PARAM', `${peer.address}:${peer.port}: ${paramPrefix}${path} takes one number, got ${values.length}`);
    }
    ctx.params.set(path, values[0]!);
  } catch (e) {
    ctx.report(e);
  }
}

const bundleHeader = [...'#bundle\0'].map((c) => c.charCodeAt(0));

/**
 * Appends the messages of a packet to `out`. Bundles are walked here rather than by osc.js,
 * which trusts element sizes (an absurd one passes unnoticed) and takes any header starting
 * with '#' for a bundle; each message is then decoded by osc.js from exactly its own bytes,
 * copied into a buffer of their own (osc.js reads blobs at offsets into the underlying buffer).
 */
function unpack(bytes: Uint8Array, out: Received[], depth: number): void {
  if (bytes[0] !== 0x23) {
    checkTerminated(bytes);
    collect(osc().readPacket(new Uint8Array(bytes), readOptions), out);
    return;
  }
  if (!bundleHeader.every((c, i) => bytes[i] === c)) throw new Malformed('header starts with "#" but is not "#bundle"');
  if (bytes.length < 16) throw new Malformed(`bundle of ${bytes.length} bytes has no room for its timetag`);
  if (depth >= maxDepth) throw new Malformed(`bundles nested deeper than ${maxDepth}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 16; i < bytes.length; ) {
    if (i + 4 > bytes.length) throw new Malformed(`bundle element size cut off at byte ${i}`);
    const size = view.getInt32(i);
    i += 4;
    if (size <= 0 || size % 4 !== 0 || size > bytes.length - i) {
      throw new Malformed(`bundle element of ${size} bytes where ${bytes.length - i} remain`);
    }
    unpack(bytes.subarray(i, i + size), out, depth + 1);
    i += size;
  }
}

/** osc.js reads an address or type tag string cut off by the end of the packet as if it were whole. */
function checkTerminated(bytes: Uint8Array): void {
  const addressEnd = bytes.indexOf(0);
  if (addressEnd < 0) throw new Malformed('address not terminated');
  const tagsStart = (addressEnd + 4) & ~3;
  if (bytes[tagsStart] === 0x2c && bytes.indexOf(0, tagsStart) < 0) throw new Malformed('type tags not terminated');
}

/** Checks the shape osc.readPacket gave for a message and appends it. */
function collect(packet: unknown, out: Received[]): void {
  if (typeof packet !== 'object' || packet === null || !('address' in packet) || typeof packet.address !== 'string') {
    throw new Malformed('not an OSC message');
  }
  if (!packet.address.startsWith('/')) throw new Malformed('message address does not start with "/"');
  if (!('args' in packet) || !Array.isArray(packet.args)) throw new Malformed(`${packet.address}: arguments unreadable`);
  out.push({ address: packet.address, values: numbers(packet.args) });
}

/** The numeric arguments of a message, in order. */
function numbers(args: readonly unknown[]): number[] {
  const values: number[] = [];
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null || !('type' in arg) || !('value' in arg)) continue; // an OSC array
    switch (arg.type) {
      case 'i':
      case 'f':
      case 'd':
        values.push(typeof arg.value === 'number' && Number.isFinite(arg.value) ? arg.value : 0);
        break;
      case 'T':
        values.push(1);
        break;
      case 'F':
        values.push(0);
        break;
    }
  }
  return values;
}

/** One printable line saying what was wrong, short enough for a log. */
function why(e: unknown): string {
  const raw = e instanceof RangeError ? `truncated or oversized (${e.message})` : e instanceof Error ? e.message : String(e);
  const line = raw.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
