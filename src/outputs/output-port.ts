import { realClock } from '../core/clock.js';
import type { Context } from '../core/context.js';
import { describeError } from '../core/log.js';
import type { Frame } from '../core/frames.js';
import { RecentSamples } from '../core/recent-samples.js';
import type { OutputPort, PortStats } from '../core/registries.js';
import { seconds } from '../core/units.js';

/** A wire: opens, sends one encoded message, closes. Encoding, queues and fan-out are not its job. */
export interface Transport<P> {
  /** Names the peer in logs, e.g. "udp 127.0.0.1:9000". */
  readonly label: string;
  open(): Promise<void>;
  /** Resolves once the message has left (handed to the socket or the driver). */
  send(packet: P, frame: Frame): Promise<void>;
  close(): Promise<void>;
  /** Messages the transport dropped itself (a slow peer among several); added to the port's `dropped`. */
  readonly dropped?: number;
}

export interface PortOptions {
  /** Messages each transport may hold before the oldest is dropped. */
  readonly queue?: number;
  /** Sends each transport may have in flight at once. */
  readonly inflight?: number;
}

interface Pending<P> {
  readonly packet: P;
  readonly frame: Frame;
}

/** One transport's queue. A slow or dead transport only ever drops its own messages. */
class Lane<P> {
  readonly queue: Pending<P>[] = [];
  inflight = 0;
  ready = false;
  /** Called when the lane has nothing queued or in flight. */
  onIdle: (() => void) | undefined;
  constructor(readonly transport: Transport<P>) {}
}

/**
 * The output-port base: encodes each frame once, fans the messages out to every transport
 * through a bounded queue per transport, and keeps the counters. `write` returns at once:
 * when a queue is full the oldest message goes (on stage, fresh beats late are worse than
 * stale beats dropped) and the drop is counted.
 */
export class QueuedPort<P> implements OutputPort {
  readonly #lanes: Lane<P>[];
  readonly #queue: number;
  readonly #inflight: number;
  readonly #latency = new RecentSamples();
  #frames = 0;
  #sent = 0;
  #dropped = 0;
  #errors = 0;

  constructor(
    private readonly ctx: Context,
    private readonly encode: (frame: Frame) => readonly P[],
    transports: readonly Transport<P>[],
    options: PortOptions = {},
  ) {
    this.#lanes = transports.map((t) => new Lane(t));
    this.#queue = options.queue ?? 1024;
    this.#inflight = options.inflight ?? 256;
  }

  /** Opens every transport; one that fails is logged and skipped, the others run. */
  async open(): Promise<void> {
    await Promise.all(
      this.#lanes.map(async (lane) => {
        try {
          await lane.transport.open();
          lane.ready = true;
        } catch (e) {
          this.ctx.log.error(`${lane.transport.label} is not available; its messages are dropped`, e);
        }
      }),
    );
  }

  write(frame: Frame): void {
    this.#frames++;
    let packets: readonly P[];
    try {
      packets = this.encode(frame);
    } catch (e) {
      this.#errors++;
      this.ctx.log.limited('encode', 'warn', `cannot encode a ${frame.kind} frame from ${frame.source}: ${describeError(e)}`);
      return;
    }
    this.enqueue(packets, frame);
  }

  /**
   * Queues messages encoded outside `write`, for outputs that also send on their own schedule
   * (MIDI clock ticks, note-offs). `frame` is what they stem from; it is not counted in `frames`.
   */
  enqueue(packets: readonly P[], frame: Frame): void {
    for (const lane of this.#lanes) {
      if (!lane.ready) {
        this.#dropped += packets.length;
        continue;
      }
      for (const packet of packets) lane.queue.push({ packet, frame });
      const excess = lane.queue.length - this.#queue;
      if (excess > 0) {
        lane.queue.splice(0, excess);
        this.#dropped += excess;
      }
      this.#pump(lane);
    }
  }

  #pump(lane: Lane<P>): void {
    if (lane.inflight === 0 && lane.queue.length === 0) lane.onIdle?.();
    while (lane.inflight < this.#inflight && lane.queue.length > 0) {
      const { packet, frame } = lane.queue.shift()!;
      lane.inflight++;
      lane.transport.send(packet, frame).then(
        () => {
          lane.inflight--;
          this.#sent++;
          if (frame.rx !== undefined) this.#latency.add(this.ctx.clock.now() - frame.rx);
          this.#pump(lane);
        },
        (e: unknown) => {
          lane.inflight--;
          this.#errors++;
          this.ctx.log.limited(`send ${lane.transport.label}`, 'warn', `send to ${lane.transport.label} failed: ${describeError(e)}`);
          this.#pump(lane);
        },
      );
    }
  }

  /**
   * Sends what is queued, then closes every transport. The wait is bounded by `grace` of wall
   * time, not engine time: it waits on sockets, and a virtual clock would skip it at once.
   */
  async close(grace = seconds(1)): Promise<void> {
    const wall = realClock();
    await Promise.all(
      this.#lanes.map(async (lane) => {
        if (lane.ready && (lane.inflight > 0 || lane.queue.length > 0)) {
          const stop = new AbortController();
          const idle = new Promise<void>((resolve) => (lane.onIdle = resolve));
          await Promise.race([idle, wall.sleepUntil(grace, stop.signal)]);
          stop.abort();
        }
        lane.ready = false;
        this.#dropped += lane.queue.length;
        lane.queue.length = 0;
        try {
          await lane.transport.close();
        } catch (e) {
          this.ctx.log.warn(`closing ${lane.transport.label} failed`, e);
        }
      }),
    );
  }

  stats(): PortStats {
    return {
      frames: this.#frames,
      sent: this.#sent,
      dropped: this.#lanes.reduce((sum, lane) => sum + (lane.transport.dropped ?? 0), this.#dropped),
      errors: this.#errors,
      latencyP50: this.#latency.quantile(0.5),
      latencyP99: this.#latency.quantile(0.99),
    };
  }
}
