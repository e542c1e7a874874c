import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, test } from 'node:test';
import { WebSocket } from 'ws';
import { realClock } from '../../src/core/clock.js';
import type { Frame } from '../../src/core/frames.js';
import { bpm, hertz, metres, normalized, seconds } from '../../src/core/units.js';
import { websocket, type WebSocketPort } from '../../src/outputs/websocket.js';
import { testContext } from '../helpers/context.js';

const wall = realClock();

/** Settles with `promise`, or fails after `limit` seconds of wall time naming what was awaited. */
async function within<T>(what: string, promise: Promise<T>, limit = 5): Promise<T> {
  const stop = new AbortController();
  const timeout = wall.sleepUntil(seconds(wall.now() + limit), stop.signal).then(() => {
    if (!stop.signal.aborted) throw new Error(`timed out after ${limit} s waiting for ${what}`);
  });
  try {
    return (await Promise.race([promise, timeout])) as T;
  } finally {
    stop.abort();
  }
}

const pause = (s: number) => wall.sleepUntil(seconds(wall.now() + s));

interface Message {
  readonly data: Buffer;
  readonly binary: boolean;
}

/** A real ws client that keeps what it receives in order. */
class Peer {
  readonly #inbox: Message[] = [];
  #wake: (() => void) | undefined;
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, binary) => {
      this.#inbox.push({ data: data as Buffer, binary });
      this.#wake?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
  }

  static async connect(url: string): Promise<Peer> {
    const socket = new WebSocket(url);
    socket.on('error', () => {});
    await within(`a connection to ${url}`, new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject)));
    return new Peer(socket);
  }

  get pending(): number {
    return this.#inbox.length;
  }

  async next(): Promise<Message> {
    while (this.#inbox.length === 0) await within('a message', new Promise<void>((resolve) => (this.#wake = resolve)));
    return this.#inbox.shift()!;
  }

  async json(): Promise<any> {
    const { data, binary } = await this.next();
    assert.equal(binary, false, 'expected a text message');
    return JSON.parse(data.toString('utf8'));
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }
}

const ports: WebSocketPort[] = [];
after(() => Promise.all(ports.map((p) => p.close())));

async function serve(fields: Record<string, unknown> = {}) {
  const ctx = testContext('ws');
  const port = websocket.create(websocket.params.parse({ port: 0, ...fields }), ctx);
  ports.push(port);
  await port.open();
  assert.ok(port.url, `the port did not open: ${ctx.lines.join('\n')}`);
  return { ctx, port, url: port.url };
}

const control = (name: string, values: number[], t = 1.5): Frame => ({ kind: 'control', t: seconds(t), source: 'mic', name, values });
const beat = (index: number): Frame => ({
  kind: 'beat',
  t: seconds(2 + index / 2),
  source: 'beats',
  index,
  tempo: bpm(120),
  confidence: normalized(0.75),
  predicted: true,
  rx: seconds(1.9),
});

test('a ws client receives JSON frames, and after subscribing only the kinds it asked for', { timeout: 20_000 }, async () => {
  const { port, url } = await serve();
  const peer = await Peer.connect(url);

  port.write(control('level', [0.25, NaN, Infinity, -Infinity]));
  port.write(beat(3));
  const rotations = Float32Array.from([1, 0, 0, 0, 0.1, 0.2, 0.3, 0.9]);
  port.write({ kind: 'motion', t: seconds(3), source: 'dancer', dancer: 2, root: [metres(0.5), metres(1), metres(-0.25)], rotations });

  assert.deepEqual(await peer.json(), { kind: 'control', t: 1.5, source: 'mic', name: 'level', values: [0.25, null, null, null] });
  assert.deepEqual(await peer.json(), {
    kind: 'beat',
    t: 3.5,
    source: 'beats',
    index: 3,
    tempo: 120,
    confidence: 0.75,
    predicted: true,
  });
  const motion = await peer.json();
  assert.deepEqual(motion, { kind: 'motion', t: 3, source: 'dancer', dancer: 2, root: [0.5, 1, -0.25], rotations: Array.from(rotations) });
  assert.deepEqual(Float32Array.from(motion.rotations), rotations);

  peer.send({ subscribe: ['beat'] });
  assert.deepEqual(await peer.json(), { kind: 'ack', subscribe: ['beat'] });
  port.write(control('level', [1]));
  port.write(beat(4));
  port.write({ kind: 'video', t: seconds(4), source: 'cam', width: 2, height: 1, format: 'gray8', data: new Uint8Array(2) });
  port.write(control('level', [2]));
  port.write(beat(5));
  assert.equal((await peer.json()).index, 4);
  assert.equal((await peer.json()).index, 5, 'control frames arrived although the client subscribed to beats only');

  peer.send({ subscribe: ['video'] });
  const refused = await peer.json();
  assert.equal(refused.code, 'E_WS_BAD_MESSAGE');
  assert.match(refused.message, /video frames are not sent/);

  const stats = port.stats();
  assert.equal(stats.frames, 8);
  assert.equal(stats.sent, 7, 'every frame but video leaves the port once');
  assert.equal(stats.dropped, 0);

  await port.close();
  assert.equal(await within('the close', peer.closed), 1001);
});

test('audio goes as binary: uint32 LE header length, JSON header, padding to 4 bytes, float32 LE samples', { timeout: 20_000 }, async () => {
  const { port, url } = await serve();
  const listener = await Peer.connect(url);
  const bystander = await Peer.connect(url);
  listener.send({ subscribe: ['audio', 'beat'] });
  assert.deepEqual(await listener.json(), { kind: 'ack', subscribe: ['audio', 'beat'] });

  const samples = Float32Array.from([0, 0.5, -1, 1, 1e-7, -0.333, 0.1, 0.999]);
  // A non-ASCII source makes the header's byte length differ from its string length.
  port.write({ kind: 'audio', t: seconds(0.25), source: 'mic-ü', sampleRate: hertz(48000), channels: 2, samples, index: 12000 });
  port.write(beat(1));

  const { data, binary } = await listener.next();
  assert.equal(binary, true);
  const headerLength = data.readUInt32LE(0);
  const header = JSON.parse(data.subarray(4, 4 + headerLength).toString('utf8'));
  assert.deepEqual(header, { kind: 'audio', t: 0.25, source: 'mic-ü', sampleRate: 48000, channels: 2, index: 12000 });
  const offset = Math.ceil((4 + headerLength) / 4) * 4;
  assert.ok(data.subarray(4 + headerLength, offset).every((b) => b === 0), 'padding is zero bytes');
  assert.equal(data.length, offset + samples.length * 4);
  const decoded = new Float32Array(samples.length).map((_, i) => data.readFloatLE(offset + 4 * i));
  assert.deepEqual(decoded, samples);
  assert.equal((await listener.json()).kind, 'beat');

  const first = await bystander.json();
  assert.equal(first.kind, 'beat', 'a client on the default subscription got audio');
});

test('{"set": ...} changes a parameter through the tree and acks the value applied', { timeout: 20_000 }, async () => {
  const { ctx, url } = await serve();
  const energy = ctx.params.define('dancer/energy', { min: 0, max: 1, default: 0.5, unit: 'normalized', description: 'how much the dancer moves' });
  ctx.params.define('dancer/steps', { min: 1, max: 8, default: 4, unit: 'count', description: 'steps per bar', integer: true });
  const peer = await Peer.connect(url);

  peer.send({ set: { 'dancer/energy': 0.8 } });
  assert.deepEqual(await peer.json(), { kind: 'ack', set: { 'dancer/energy': 0.8 } });
  assert.equal(energy.value, 0.8);

  peer.send({ set: { 'dancer/energy': 3, 'dancer/steps': 2.6 } });
  assert.deepEqual(await peer.json(), { kind: 'ack', set: { 'dancer/energy': 1, 'dancer/steps': 3 } });

  peer.send({ set: { 'dancer/energy': 0.1, 'dancer/nope': 1 } });
  const unknown = await peer.json();
  assert.equal(unknown.code, 'E_PARAM');
  assert.match(unknown.message, /no parameter dancer\/nope/);
  assert.equal(energy.value, 1, 'a refused set must change nothing');

  peer.send({ set: { 'dancer/energy': '0.3' } });
  const text = await peer.json();
  assert.equal(text.code, 'E_WS_BAD_MESSAGE');
  assert.match(text.message, /dancer\/energy expects a number/);
});

test('garbage from a client gets bounded coded replies and never stops the server', { timeout: 30_000 }, async () => {
  const maxPayload = 1024;
  const { ctx, port, url } = await serve({ maxPayload });
  const good = await Peer.connect(url);
  const bad = await Peer.connect(url);

  const garbage: [unknown, RegExp][] = [
    ['{"subscribe": [', /not JSON/],
    ['[1, 2]', /expected a JSON object, got an array/],
    ['42', /expected a JSON object/],
    [{ subscribe: 'beat' }, /expects an array of frame kinds/],
    [{ subscribe: ['beat', 'sparkles'] }, /unknown frame kind "sparkles"/],
    [{ subscribe: ['beat'], set: {} }, /exactly one of/],
    [{ hello: 1 }, /exactly one of/],
    [Buffer.from([0xde, 0xad, 0xbe, 0xef]), /binary messages are not accepted/],
    [{ set: { pad: 'x'.repeat(maxPayload) } }, /over the limit of 1024/],
  ];
  for (const [message, expected] of garbage) {
    bad.send(message);
    const reply = await bad.json();
    assert.equal(reply.kind, 'error');
    assert.equal(reply.code, 'E_WS_BAD_MESSAGE');
    assert.match(reply.message, expected);
  }

  for (let i = 0; i < 5000; i++) bad.send(i % 2 ? `garbage ${i}` : { subscribe: [i] });
  bad.send({ subscribe: ['control'] });
  // Every bad message is either answered or counted in the next answer.
  const heldBack = (message: string) => Number(/\((\d+) earlier bad messages were not answered\)/.exec(message)?.[1] ?? 0);
  let replies = 0;
  let accounted = 0;
  for (;;) {
    const reply = await bad.json();
    if (reply.kind === 'ack') break;
    assert.equal(reply.code, 'E_WS_BAD_MESSAGE');
    replies++;
    accounted += 1 + heldBack(reply.message);
  }
  assert.ok(replies >= 1 && replies <= 20, `${replies} error replies to a flood of 5000`);

  port.write(beat(7));
  port.write(control('level', [0.5]));
  assert.equal((await good.json()).index, 7, 'another client stopped receiving frames');
  assert.equal((await bad.json()).name, 'level', 'the flooding client is still served');
  assert.equal((await good.json()).name, 'level');

  await pause(1.1);
  bad.send('still garbage');
  const late = await bad.json();
  assert.ok(heldBack(late.message) > 0, late.message);
  assert.equal(accounted + heldBack(late.message), 5000);

  bad.send('x'.repeat(maxPayload * 5));
  assert.equal(await within('the oversized client to be cut off', bad.closed), 1009);
  port.write(beat(8));
  assert.equal((await good.json()).index, 8);
  assert.ok(ctx.lines.length < 40, `a flood must not flood the log either (${ctx.lines.length} lines)`);
});

test('a client that stops reading has frames dropped for it alone, and counted', { timeout: 60_000 }, async () => {
  const { port, url } = await serve();
  const fast = await Peer.connect(url);
  // A real peer that completes the handshake, then never reads again.
  const address = new URL(url);
  const slow = connect(Number(address.port), address.hostname);
  slow.on('error', () => {});
  slow.write(
    'GET / HTTP/1.1\r\nHost: terpsi\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const response = await within('the handshake', new Promise<Buffer>((resolve) => slow.once('data', resolve)));
  assert.match(response.toString('latin1'), /^HTTP\/1\.1 101/);
  slow.pause();

  const big = control('spectrum', new Array(50_000).fill(0.5));
  let pushed = 0;
  while (port.stats().dropped === 0 && pushed < 400) {
    port.write(big);
    pushed++;
    await pause(0.002);
  }
  assert.ok(port.stats().dropped > 0, `no frame was dropped for the stalled client after ${pushed} frames`);
  for (let i = 0; i < pushed; i++) assert.equal((await fast.json()).name, 'spectrum');
  assert.equal(fast.pending, 0);
  slow.destroy();
});

test('a port that cannot listen logs a coded error, and writes are dropped and counted', { timeout: 20_000 }, async () => {
  const { url } = await serve();
  const ctx = testContext('ws2');
  const taken = websocket.create(websocket.params.parse({ port: Number(new URL(url).port) }), ctx);
  await taken.open();
  assert.equal(taken.url, undefined);
  assert.ok(ctx.lines.some((l) => l.startsWith('[error]') && l.includes('E_NETWORK') && l.includes('cannot listen')), ctx.lines.join('\n'));
  assert.doesNotThrow(() => taken.write(beat(1)));
  assert.equal(taken.stats().dropped, 1);
  await taken.close();
});

test('on loopback, pages from other sites are turned away; tools and local pages connect', { timeout: 20_000 }, async () => {
  const port = websocket.create({ host: '127.0.0.1', port: 0, maxPayload: 65536 }, testContext('ws')) as WebSocketPort;
  await port.open();
  try {
    const attempt = (origin?: string) =>
      within(
        `a handshake from ${origin ?? 'a tool'}`,
        new Promise<boolean>((resolve) => {
          const socket = new WebSocket(port.url!, origin === undefined ? {} : { origin });
          socket.once('open', () => (socket.close(), resolve(true)));
          socket.once('error', () => resolve(false));
        }),
      );
    assert.equal(await attempt(), true);
    assert.equal(await attempt('http://localhost:5173'), true);
    assert.equal(await attempt('null'), true);
    assert.equal(await attempt('https://example.com'), false);
  } finally {
    await port.close();
  }
});
