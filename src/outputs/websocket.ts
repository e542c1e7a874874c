import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import { realClock } from '../core/clock.js';
import type { Context } from '../core/context.js';
import { asTerpsiError, TerpsiError, type ErrorCode } from '../core/errors.js';
import { frameKinds, unreachable, type AudioFrame, type Frame, type FrameKind } from '../core/frames.js';
import { describeError } from '../core/log.js';
import type { OutputType } from '../core/registries.js';
import { seconds, type Seconds } from '../core/units.js';
import { QueuedPort, type Transport } from './output-port.js';

const params = z.strictObject({
  /** Loopback unless the patch opens it to the network: clients may set parameters. */
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port (see `url`). */
  port: z.number().int().min(0).max(65535).default(8787),
  /** Largest message a client may send, in bytes. */
  maxPayload: z.number().int().min(256).default(64 * 1024),
});

/** A websocket output's patch fields, defaults applied. */
export type WebSocketParams = z.infer<typeof params>;

/**
 * Video is never sent: a raw camera image is megabytes per frame, which would swamp the socket
 * and every browser on it, and the output path has no image codec. Audio is opt-in for the
 * same reason at a smaller scale.
 */
const sendable: readonly FrameKind[] = frameKinds.filter((k) => k !== 'video');
const defaultKinds: readonly FrameKind[] = sendable.filter((k) => k !== 'audio');

/** Bytes queued for one client beyond which its frames are dropped (for it alone) until it catches up. */
const slowClientBytes = 1024 * 1024;
/**
 * ws itself cuts off (close code 1009) messages over this many times `maxPayload` without
 * buffering them; between the two the message is read and refused with a coded reply.
 */
const wireLimitFactor = 4;
/** Error replies a client may get in a burst, and per second after it, however much it sends. */
const replyBurst = 10;
const repliesPerSecond = 2;

/**
 * Encodes a frame for WebSocket clients, once for all of them.
 *
 * Every kind but audio goes as a JSON text message `{kind, t, source, ...fields}` (t in engine
 * seconds); typed arrays become plain number arrays and NaN/Infinity become null, as JSON has
 * neither. Audio goes as one binary message, laid out so a browser can view the samples in place:
 *
 *   bytes 0..3    uint32 LE: length H of the header
 *   bytes 4..4+H  UTF-8 JSON header {kind, t, source, sampleRate, channels, index}
 *   zero bytes    padding up to the next multiple of 4
 *   the rest      interleaved float32 LE samples (`new Float32Array(buffer, offset)` on little-endian hosts)
 */
function encodeForWebSocket(frame: Frame): (string | Buffer)[] {
  switch (frame.kind) {
    case 'audio':
      return [encodeAudio(frame)];
    case 'video':
      return []; // see `sendable`
    case 'skeleton':
    case 'beat':
    case 'motion':
    case 'events':
    case 'lma':
    case 'control': {
      // rx is the engine's own arrival stamp, meaningless to a client.
      const { rx: _engineArrival, kind, t, source, ...fields } = frame;
      return [JSON.stringify({ kind, t, source, ...fields }, plainArrays)];
    }
    default:
      return unreachable(frame);
  }
}

function plainArrays(_key: string, value: unknown): unknown {
  return value instanceof Float32Array ? Array.from(value) : value;
}

function encodeAudio(frame: AudioFrame): Buffer {
  const { kind, t, source, sampleRate, channels, index, samples } = frame;
  const header = Buffer.from(JSON.stringify({ kind, t, source, sampleRate, channels, index }), 'utf8');
  const offset = (4 + header.length + 3) & ~3;
  const message = Buffer.alloc(offset + samples.length * 4);
  message.writeUInt32LE(header.length, 0);
  header.copy(message, 4);
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  for (let i = 0; i < samples.length; i++) view.setFloat32(offset + 4 * i, samples[i]!, true);
  return message;
}

/** One connected client: what it wants, and how many error replies it may still get. */
interface Client {
  readonly socket: WebSocket;
  readonly peer: string;
  kinds: ReadonlySet<FrameKind>;
  tokens: number;
  refilled: Seconds;
  /** Bad messages left unanswered since the last error reply. */
  unanswered: number;
}

class WebSocketTransport implements Transport<string | Buffer> {
  readonly label: string;
  dropped = 0;
  readonly #clients = new Set<Client>();
  #server: WebSocketServer | undefined;
  #url: string | undefined;

  constructor(
    private readonly options: WebSocketParams,
    private readonly ctx: Context,
  ) {
    this.label = `websocket ws://${options.host}:${options.port}`;
  }

  get url(): string | undefined {
    return this.#url;
  }

  open(): Promise<void> {
    const { host, port, maxPayload } = this.options;
    return new Promise((resolve, reject) => {
      const server = new WebSocketServer({
        host,
        port,
        maxPayload: maxPayload * wireLimitFactor,
        clientTracking: false,
        verifyClient: ({ origin }: { origin?: string }) => originAllowed(origin, host),
      });
      server.once('error', (e) => reject(asTerpsiError(e, 'E_NETWORK', `cannot listen on ws://${host}:${port}`)));
      server.once('listening', () => {
        const bound = server.address() as AddressInfo;
        this.#url = `ws://${host.includes(':') ? `[${host}]` : host}:${bound.port}`;
        this.#server = server;
        server.on('error', (e) => this.ctx.log.limited('server', 'warn', `${this.#url}: ${describeError(e)}`));
        server.on('connection', (socket, request) => this.#accept(socket, request));
        this.ctx.log.info(`listening on ${this.#url}`);
        resolve();
      });
    });
  }

  send(packet: string | Buffer, frame: Frame): Promise<void> {
    for (const client of this.#clients) {
      if (!client.kinds.has(frame.kind) || client.socket.readyState !== WebSocket.OPEN) continue;
      if (client.socket.bufferedAmount > slowClientBytes) {
        this.dropped++;
        this.ctx.log.limited('slow', 'warn', `${client.peer} reads too slowly; dropping its frames until it catches up`);
        continue;
      }
      client.socket.send(packet);
    }
    return Promise.resolve();
  }

  /** Says goodbye to every client (bounded by one second of wall time), then stops listening. */
  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    const closed = [...this.#clients].map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.close(1001, 'terpsi is stopping');
        }),
    );
    const wall = realClock();
    const stop = new AbortController();
    await Promise.race([Promise.all(closed), wall.sleepUntil(seconds(1), stop.signal)]);
    stop.abort();
    for (const { socket } of this.#clients) socket.terminate();
    this.#clients.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const client: Client = {
      socket,
      peer: `${request.socket.remoteAddress}:${request.socket.remotePort}`,
      kinds: new Set(defaultKinds),
      tokens: replyBurst,
      refilled: this.ctx.clock.now(),
      unanswered: 0,
    };
    this.#clients.add(client);
    this.ctx.log.debug(`${client.peer} connected`);
    socket.on('message', (data, isBinary) => this.#receive(client, data, isBinary));
    // Protocol violations (oversized or malformed frames) arrive here; ws then closes the socket.
    socket.on('error', (e) => this.ctx.log.limited('client error', 'warn', `${client.peer}: ${describeError(e)}`));
    socket.on('close', () => {
      this.#clients.delete(client);
      this.ctx.log.debug(`${client.peer} disconnected`);
    });
  }

  #receive(client: Client, data: RawData, isBinary: boolean): void {
    try {
      // binaryType stays 'nodebuffer', so every message arrives as one Buffer.
      this.#write(client, JSON.stringify(this.#handle(client, data as Buffer, isBinary)));
    } catch (e) {
      const error = asTerpsiError(e, 'E_WS_BAD_MESSAGE', 'cannot handle the message');
      this.ctx.log.limited('bad message', 'warn', `${client.peer}: ${error.toString()}`);
      this.#replyError(client, error.code, error.message);
    }
  }

  /** Acts on one client message and returns the ack; throws a coded error for anything else. */
  #handle(client: Client, bytes: Buffer, isBinary: boolean): object {
    if (isBinary) bad('binary messages are not accepted; send JSON text');
    if (bytes.length > this.options.maxPayload) {
      bad(`message of ${bytes.length} bytes is over the limit of ${this.options.maxPayload}`);
    }
    let message: unknown;
    try {
      message = JSON.parse(bytes.toString('utf8'));
    } catch {
      bad('not JSON; expected {"subscribe": [kinds]} or {"set": {"<id>/<name>": number}}');
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) bad(`expected a JSON object, got ${shape(message)}`);
    const keys = Object.keys(message);
    if (keys.length !== 1 || (keys[0] !== 'subscribe' && keys[0] !== 'set')) {
      const got = keys.length === 0 ? 'no key' : keys.map((k) => JSON.stringify(k)).join(', ');
      bad(`expected exactly one of "subscribe" or "set", got ${got}`);
    }
    if ('subscribe' in message) {
      client.kinds = new Set(checkKinds(message.subscribe));
      return { kind: 'ack', subscribe: [...client.kinds] };
    }
    return { kind: 'ack', set: this.#set((message as { set: unknown }).set) };
  }

  /** All values are checked before any is applied, so a bad path leaves every parameter as it was. */
  #set(values: unknown): Record<string, number> {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      bad(`"set" expects an object {"<id>/<name>": number}, got ${shape(values)}`);
    }
    const entries = Object.entries(values);
    for (const [path, value] of entries) {
      this.ctx.params.get(path);
      if (typeof value !== 'number') bad(`"set": ${path} expects a number, got ${shape(value)}`);
    }
    return Object.fromEntries(entries.map(([path, value]) => [path, this.ctx.params.set(path, value as number)]));
  }

  /** Rate-limited per client (a token bucket on the engine clock), so a flood is not echoed back. */
  #replyError(client: Client, code: ErrorCode, message: string): void {
    const now = this.ctx.clock.now();
    client.tokens = Math.min(replyBurst, client.tokens + (now - client.refilled) * repliesPerSecond);
    client.refilled = now;
    if (client.tokens < 1) {
      client.unanswered++;
      return;
    }
    client.tokens--;
    const held = client.unanswered > 0 ? ` (${client.unanswered} earlier bad messages were not answered)` : '';
    client.unanswered = 0;
    this.#write(client, JSON.stringify({ kind: 'error', code, message: message + held }));
  }

  #write(client: Client, text: string): void {
    if (client.socket.readyState === WebSocket.OPEN && client.socket.bufferedAmount <= slowClientBytes) client.socket.send(text);
  }
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Whether a client may connect. Browsers say which page opens a socket (Origin); any web page a
 * browser on the show machine has open could otherwise reach a loopback server and set parameters
 * mid-show. So a server bound to loopback takes tools (no Origin), local files (Origin "null") and
 * pages served from this machine; one opened to the network on purpose takes everyone.
 */
function originAllowed(origin: string | undefined, host: string): boolean {
  if (!loopbackHosts.has(host) && !host.startsWith('127.')) return true;
  if (origin === undefined || origin === 'null') return true;
  try {
    const { hostname } = new URL(origin);
    return loopbackHosts.has(hostname) || hostname.startsWith('127.');
  } catch {
    return false;
  }
}

function checkKinds(kinds: unknown): FrameKind[] {
  if (!Array.isArray(kinds)) bad(`"subscribe" expects an array of frame kinds (${sendable.join(', ')}), got ${shape(kinds)}`);
  for (const kind of kinds) {
    if (kind === 'video') bad('video frames are not sent over WebSocket (raw images are too large)');
    if (!sendable.includes(kind as FrameKind)) bad(`unknown frame kind ${JSON.stringify(kind)}; known: ${sendable.join(', ')}`);
  }
  return kinds as FrameKind[];
}

function bad(message: string): never {
  throw new TerpsiError('E_WS_BAD_MESSAGE', message);
}

function shape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

/** The WebSocket output port; `url` is where it listens once open (with the real port when 0 was asked). */
export class WebSocketPort extends QueuedPort<string | Buffer> {
  readonly #transport: WebSocketTransport;

  constructor(options: WebSocketParams, ctx: Context) {
    const transport = new WebSocketTransport(options, ctx);
    super(ctx, encodeForWebSocket, [transport]);
    this.#transport = transport;
  }

  get url(): string | undefined {
    return this.#transport.url;
  }
}

/** Serves frames to browsers and tools over WebSocket; clients subscribe to kinds and may set parameters. */
export const websocket = {
  name: 'websocket',
  description: 'WebSocket server: JSON frames (audio as binary float32) to every client, which may subscribe to kinds and set parameters',
  params,
  create: (options: WebSocketParams, ctx: Context) => new WebSocketPort(options, ctx),
} satisfies OutputType<WebSocketParams>;
