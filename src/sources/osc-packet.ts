import type { RemoteInfo } from 'node:dgram';
import { createRequire } from 'node:module';
import { TerpsiError } from '../core/errors.js';

/** An argument terpsi reads: int32, float32 and float64 as numbers (NaN and infinities kept), T/F as 1/0, strings and symbols as strings. */
export type OscArgument = number | string;

/** One message of a packet, its other argument types (blobs, arrays, MIDI, ...) left out. */
export interface OscMessage {
  readonly address: string;
  readonly args: readonly OscArgument[];
}

/** Deeper bundles than this are refused rather than followed. */
const maxDepth = 16;
const readOptions = { metadata: true, unpackSingleArgs: false } as const;

/** osc.js, loaded when the first packet arrives: it takes a noticeable part of startup, and most patches never listen. */
let oscjs: typeof import('osc') | undefined;
const osc = () => (oscjs ??= createRequire(import.meta.url)('osc') as typeof import('osc'));

/** A packet that decoded but is not what OSC says it must be. */
class Malformed extends Error {}

/**
 * The messages of one OSC packet, bundles unpacked (nested ones too, timetags ignored), in
 * order. Throws on a malformed packet; `describeOscError` turns what it throws into one line.
 */
export function decodeOscPacket(bytes: Uint8Array): OscMessage[] {
  const out: OscMessage[] = [];
  unpack(bytes, out, 0);
  return out;
}

const bundleHeader = [...'#bundle\0'].map((c) => c.charCodeAt(0));

/**
 * Appends the messages of a packet to `out`. Bundles are walked here rather than by osc.js,
 * which trusts element sizes (an absurd one passes unnoticed) and takes any header starting
 * with '#' for a bundle; each message is then decoded by osc.js from exactly its own bytes,
 * copied into a buffer of their own (osc.js reads blobs at offsets into the underlying buffer).
 */
function unpack(bytes: Uint8Array, out: OscMessage[], depth: number): void {
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
function collect(packet: unknown, out: OscMessage[]): void {
  if (typeof packet !== 'object' || packet === null || !('address' in packet) || typeof packet.address !== 'string') {
    throw new Malformed('not an OSC message');
  }
  if (!packet.address.startsWith('/')) throw new Malformed('message address does not start with "/"');
  if (!('args' in packet) || !Array.isArray(packet.args)) throw new Malformed(`${packet.address}: arguments unreadable`);
  out.push({ address: packet.address, args: readable(packet.args) });
}

/** The arguments of a message terpsi reads, in order. */
function readable(args: readonly unknown[]): OscArgument[] {
  const values: OscArgument[] = [];
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null || !('type' in arg) || !('value' in arg)) continue; // an OSC array
    switch (arg.type) {
      case 'i':
      case 'f':
      case 'd':
        if (typeof arg.value === 'number') values.push(arg.value);
        break;
      case 's':
      case 'S':
        if (typeof arg.value === 'string') values.push(arg.value);
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

/** E_OSC_DECODE naming the peer and saying in one printable line what was wrong with what it sent. */
export function oscDecodeError(peer: RemoteInfo, e: unknown): TerpsiError {
  return new TerpsiError('E_OSC_DECODE', `${peer.address}:${peer.port}: ${describeOscError(e)}`);
}

/** The messages of a datagram from `peer`; a malformed one is reported (E_OSC_DECODE) and gives none. */
export function receiveOscPacket(data: Uint8Array, peer: RemoteInfo, report: (error: unknown) => void): OscMessage[] {
  try {
    return decodeOscPacket(data);
  } catch (e) {
    report(oscDecodeError(peer, e));
    return [];
  }
}

/** One printable line saying what was wrong, short enough for a log. */
function describeOscError(e: unknown): string {
  const raw = e instanceof RangeError ? `truncated or oversized (${e.message})` : e instanceof Error ? e.message : String(e);
  const line = raw.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
