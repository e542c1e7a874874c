import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, test } from 'node:test';
import osc from 'osc';
import type { Subscription } from 'rxjs';
import { realClock } from '../../src/core/clock.js';
import { isTerpsiError, type TerpsiError } from '../../src/core/errors.js';
import type { ControlFrame, Frame } from '../../src/core/frames.js';
import { createLog } from '../../src/core/log.js';
import { sourceTypes } from '../../src/core/registries.js';
import { oscIn } from '../../src/sources/osc-in.js';
import type { Patch } from '../../src/patch/load-patch.js';
import { startPatch } from '../../src/patch/runtime.js';
import { testContext } from '../helpers/context.js';
import { listeningPort, oscsend, udpSender, waitFor } from '../helpers/osc-peer.js';

const wall = realClock();

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((c) => c()));

/** Starts an osc-in source on an ephemeral loopback port; frames and the error (if any) are collected. */
async function listen(ctx = testContext('in')) {
  const frames: ControlFrame[] = [];
  const errors: unknown[] = [];
  const subscription: Subscription = oscIn.create(oscIn.params.parse({ port: 0 }), ctx).subscribe({
    next: (f: Frame) => frames.push(f as ControlFrame),
    error: (e: unknown) => errors.push(e),
  });
  cleanups.push(() => subscription.unsubscribe());
  const port = await listeningPort(ctx.lines);
  return { ctx, frames, errors, port, subscription };
}

let sender: ReturnType<typeof udpSender> | undefined;
/** Sends raw bytes from one test socket to a loopback port, resolving once they left. */
function sendRaw(port: number, bytes: Uint8Array): Promise<void> {
  if (!sender) {
    sender = udpSender();
    cleanups.push(() => sender!.close());
  }
  return sender.send(port, bytes);
}

test('messages from oscsend become control frames', async () => {
  const { frames, port } = await listen();
  await oscsend(port, '/fader/1', 'f', '0.5');
  const fader = await waitFor('/fader/1', () => frames.find((f) => f.name === 'fader/1'));
  assert.equal(fader.kind, 'control');
  assert.equal(fader.source, 'in');
  assert.deepEqual(fader.values, [0.5]);
  assert.ok(Number.isFinite(fader.t));

  // int32, float32, float64, true, false count; strings and int64 are skipped.
  await oscsend(port, '/mix', 'ifdTFsh', '7', '0.25', '0.125', 'hello', '5');
  const mix = await waitFor('/mix', () => frames.find((f) => f.name === 'mix'));
  assert.deepEqual(mix.values, [7, 0.25, 0.125, 1, 0]);
});

test('/terpsi/param/<id>/<name> from oscsend sets the parameter', async () => {
  const ctx = testContext('in');
  const amplitude = ctx.params.define('dancer/amplitude', { min: 0, max: 1, default: 1, unit: 'normalized', description: 'how big the moves are' });
  const { frames, port } = await listen(ctx);
  await oscsend(port, '/terpsi/param/dancer/amplitude', 'f', '0.3');
  await waitFor('the parameter to change', () => (amplitude.value !== 1 ? true : undefined));
  assert.equal(amplitude.value, Math.fround(0.3));
  assert.deepEqual(frames.map((f) => f.name), ['terpsi/param/dancer/amplitude']);

  await oscsend(port, '/terpsi/param/dancer/nothing', 'f', '0.3');
  await oscsend(port, '/terpsi/param/dancer/amplitude', 'ff', '0.1', '0.2');
  const problems = await waitFor('two reports', () => (ctx.reported.length >= 2 ? (ctx.reported as TerpsiError[]) : undefined));
  assert.ok(problems.every((p) => isTerpsiError(p) && p.code === 'E_PARAM'));
  assert.match(problems[0]!.message, /no parameter dancer\/nothing/);
  assert.match(problems[1]!.message, /127\.0\.0\.1:\d+: \/terpsi\/param\/dancer\/amplitude takes one number, got 2/);
  assert.equal(amplitude.value, Math.fround(0.3));
});

test('nested bundles are unpacked, each message a frame stamped on arrival', async () => {
  const { frames, port } = await listen();
  const m = (address: string, value: number): osc.Message => ({ address, args: [{ type: 'f', value }] });
  const bundle = (...packets: osc.Packet[]): osc.Bundle => ({ timeTag: { raw: [1, 0] }, packets });
  await sendRaw(port, osc.writePacket(bundle(m('/a', 1), bundle(m('/b/c', 2), bundle(m('/d', 3)))), { metadata: true }));
  await waitFor('three frames', () => (frames.length >= 3 ? true : undefined));
  assert.deepEqual(frames.map((f) => [f.name, ...f.values]), [['a', 1], ['b/c', 2], ['d', 3]]);
  assert.ok(frames.every((f) => f.t === frames[0]!.t));
});

test('a port already in use errors the source with E_NETWORK', async () => {
  const holder = createSocket('udp4');
  await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => holder.close());
  const ctx = testContext('in');
  const error = await new Promise<unknown>((resolve) => {
    const sub = oscIn.create(oscIn.params.parse({ port: holder.address().port }), ctx).subscribe({ error: resolve });
    cleanups.push(() => sub.unsubscribe());
  });
  assert.ok(isTerpsiError(error) && error.code === 'E_NETWORK', String(error));
  assert.match(error.message, /cannot listen on 127\.0\.0\.1:\d+: bind EADDRINUSE/);
});

/** A deterministic byte source, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Packets that break OSC in every way a peer can: each must be reported, none may throw. */
function malformedPackets(): Uint8Array[] {
  const rnd = random(42);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
  const cat = (...parts: (string | number[] | Uint8Array)[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  const int32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  const packets: Uint8Array[] = [];

  for (let i = 0; i < 300; i++) packets.push(bytes(1 + Math.floor(rnd() * 256)));
  packets.push(new Uint8Array(0));

  const message = osc.writePacket({ address: '/ok/x', args: [{ type: 'f', value: 1 }, { type: 'i', value: 2 }] }, { metadata: true });
  const bundle = osc.writePacket({ timeTag: { raw: [1, 0] }, packets: [{ address: '/ok/y', args: [{ type: 'f', value: 1 }] }, { address: '/ok/z', args: [{ type: 'f', value: 2 }] }] }, { metadata: true });
  // Truncated bundles: cut anywhere except exactly between elements.
  const boundaries = new Set([16, 16 + 4 + 16]);
  for (let cut = 1; cut < bundle.length; cut++) if (!boundaries.has(cut)) packets.push(bundle.subarray(0, cut));
  // Truncated messages: cut inside the type tags or the arguments.
  for (let cut = 9; cut < message.length; cut++) packets.push(message.subarray(0, cut));

  packets.push(
    cat('/x\0\0', ',fz\0', int32(0), int32(0)), // unknown type tag
    cat('/x\0\0', 'ff\0\0', int32(0), int32(0)), // type tags without ','
    cat('x\0\0\0', ',f\0\0', int32(0)), // address without '/'
    cat('/blob\0\0\0', ',b\0\0', int32(0x7fffffff), [1, 2, 3, 4]), // absurd blob length
    cat('/blob\0\0\0', ',b\0\0', int32(-8), [1, 2, 3, 4]), // negative blob length
    cat('#bundle\0', int32(0), int32(1), int32(0x7fffffff), message), // absurd element size
    cat('#bundle\0', int32(0), int32(1), int32(-4), message), // negative element size
    cat('#bundle\0', int32(0), int32(1), int32(0), message), // empty element
    cat('#bundle\0', int32(0), int32(1), int32(6), message), // size not a multiple of 4
    cat('#bundlx\0', int32(0), int32(1), int32(message.length), message), // not '#bundle'
    cat('#bundle\0', int32(0)), // timetag cut off
    cat('#bundle\0', int32(0), int32(1), [0, 0]), // element size cut off
    cat('/x\0\0', ',[f\0', int32(0)), // array never closed
    cat('/big\0\0\0\0', ',b\0\0', int32(60_000), bytes(64)), // blob claims more than the datagram holds
    cat('#bundle\0', int32(0), int32(1), int32(60_000), bytes(60_000 - 64)), // oversized element, datagram near the UDP limit
  );
  // Bundles nested past the limit.
  let deep: Uint8Array = message;
  for (let i = 0; i < 40; i++) deep = cat('#bundle\0', int32(0), int32(1), int32(deep.length), deep);
  packets.push(deep);
  return packets;
}

test('a flood of malformed packets is counted, logged at a limited rate, and the next good packet still decodes', async () => {
  if (!sourceTypes.has('osc-in')) sourceTypes.register(oscIn);
  const lines: string[] = [];
  const clock = wall;
  const seen: Frame[] = [];
  const patch: Patch = {
    file: 'flood.yaml',
    dir: '.',
    name: 'flood',
    sources: [{ id: 'in', type: 'osc-in', input: [], params: oscIn.params.parse({ port: 0 }), tunables: {} }],
    nodes: [],
    outputs: [],
  };
  const running = await startPatch(patch, { clock, log: createLog({ clock, level: 'debug', write: (l) => lines.push(l) }), taps: { in: (f) => seen.push(f) } });
  cleanups.push(() => void running.stop());
  const port = await listeningPort(lines);

  const packets = malformedPackets();
  // In bursts, so the flood never outruns the receive buffer: every packet must be accounted for.
  for (let i = 0; i < packets.length; i += 50) {
    await Promise.all(packets.slice(i, i + 50).map((p) => sendRaw(port, p)));
    await wall.sleepUntil(wall.now());
  }
  await waitFor(`${packets.length} reports`, () => (running.stats().errors === packets.length ? true : undefined)).catch((e: Error) => {
    throw new Error(`${e.message}; have ${running.stats().errors}, frames ${JSON.stringify(seen)}`);
  });
  assert.equal(seen.length, 0, 'nothing malformed becomes a frame');

  const logged = lines.filter((l) => l.includes('E_OSC_DECODE'));
  assert.equal(logged.length, 1, `one line per 5 s, got:\n${logged.join('\n')}`);
  assert.match(logged[0]!, /^\[warn\] in: E_OSC_DECODE: 127\.0\.0\.1:\d+: \S/);
  assert.ok(!lines.some((l) => /stopped|reopening/.test(l)), 'the source never failed');

  await sendRaw(port, osc.writePacket({ address: '/still/alive', args: [{ type: 'f', value: 0.5 }] }, { metadata: true }));
  const alive = await waitFor('the good packet', () => seen.find((f) => f.kind === 'control' && f.name === 'still/alive'));
  assert.deepEqual((alive as ControlFrame).values, [0.5]);
  assert.equal(running.stats().errors, packets.length);
  await running.stop();
});
