import { createSocket, type RemoteInfo } from 'node:dgram';
import { isIP } from 'node:net';
import { Observable } from 'rxjs';
import { z } from 'zod';
import type { Context } from '../core/context.js';
import { TerpsiError } from '../core/errors.js';
import type { Body, Frame, Joint, SkeletonFrame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { metres, normalized, seconds, type Seconds } from '../core/units.js';
import { bodyIds } from '../movement/body-ids.js';
import { oscDecodeError, receiveOscPacket } from './osc-packet.js';
import { skeletonBridges, type JointReading, type SkeletonBridge } from './skeleton-bridges.js';

const params = z.strictObject({
  /** Which bridge sends: its OSC layout and joint names. */
  layout: z.enum(Object.keys(skeletonBridges) as [keyof typeof skeletonBridges, ...(keyof typeof skeletonBridges)[]]),
  /** UDP port to listen on; the bridge's default when left out (KinectV2-OSC 12345, OSCeleton 7110, NI mate 7000); 0 picks a free one. */
  port: z.number().int().min(0).max(65535).optional(),
  /** Interface to listen on: loopback by default, '0.0.0.0' for a bridge on another machine. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Metres per unit of the bridge's coordinates. */
  scale: z.number().positive().max(1000).default(1),
  /** A frame is complete once no message came for this long, seconds (or at NI mate's sync, or when a joint repeats). */
  frameGap: z.number().positive().max(0.1).default(0.005),
});

type Params = z.infer<typeof params>;

/**
 * Skeletons from an OSC bridge over UDP: KinectV2-OSC, OSCeleton or NI mate, chosen by `layout`.
 * Bridges send a message per joint; the joints that arrive together make one skeleton frame in
 * the bridge's topology (kinect2, or openni15 for OSCeleton and NI mate), stamped with the
 * arrival of its first message. A frame ends when no message has come for `frameGap` seconds,
 * when a joint already in it arrives again, or at NI mate's `/NI_mate_sync`. Bridge body ids
 * become small numbers in order of appearance. Messages the layout does not use are ignored;
 * a malformed packet or a joint message with wrong arguments is reported (E_OSC_DECODE,
 * naming the peer) and dropped alone. NaN coordinates are passed on for the skeleton-filter
 * node to drop.
 */
export const oscSkeleton: SourceType<Params> = {
  name: 'osc-skeleton',
  description: 'skeletons from a KinectV2-OSC, OSCeleton or NI mate bridge over UDP',
  live: true,
  params,
  create(p, ctx) {
    const bridge = skeletonBridges[p.layout];
    const host = p.host;
    const port = p.port ?? bridge.port;
    return new Observable<Frame>((subscriber) => {
      const assembler = frameAssembler(bridge, p.scale, ctx.id, (frame) => subscriber.next(frame));
      let wait: AbortController | undefined;
      const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
      socket.on('listening', () => {
        const address = socket.address();
        ctx.log.info(`listening on ${address.address}:${address.port} for ${p.layout}`);
      });
      socket.on('message', (data, peer) => {
        const t = ctx.clock.now();
        for (const reading of readings(data, peer, bridge, ctx)) assembler.add(reading, t);
        wait?.abort();
        if (!assembler.pending()) return;
        const gap = new AbortController();
        wait = gap;
        ctx.clock.sleepUntil(seconds(t + p.frameGap), gap.signal).then(() => gap.signal.aborted || assembler.flush(), () => undefined);
      });
      socket.on('error', (e) => {
        subscriber.error(new TerpsiError('E_NETWORK', `cannot listen on ${host}:${port}: ${e.message}`, { cause: e }));
      });
      socket.bind(port, host);
      return () => {
        wait?.abort();
        try {
          socket.close();
        } catch {
          // Already closed by a bind failure.
        }
      };
    });
  },
};

/** The readings of one datagram; what cannot be read is reported, never thrown. */
function readings(data: Uint8Array, peer: RemoteInfo, bridge: SkeletonBridge, ctx: Context): (JointReading | 'end')[] {
  const out: (JointReading | 'end')[] = [];
  for (const message of receiveOscPacket(data, peer, ctx.report)) {
    try {
      const reading = bridge.read(message);
      if (reading) out.push(reading);
    } catch (e) {
      ctx.report(oscDecodeError(peer, e));
    }
  }
  return out;
}

/** Gathers joint readings into skeleton frames. */
function frameAssembler(bridge: SkeletonBridge, scale: number, source: string, emit: (frame: SkeletonFrame) => void) {
  const idOf = bodyIds();
  let bodies = new Map<number, Record<string, Joint>>();
  let start: Seconds | undefined;

  const flush = () => {
    if (start === undefined) return;
    const out: Body[] = [...bodies].sort(([a], [b]) => a - b).map(([id, joints]) => ({ id, joints }));
    const t = start;
    bodies = new Map();
    start = undefined;
    emit({ kind: 'skeleton', t, source, space: bridge.space, topology: bridge.topology, bodies: out });
  };

  return {
    flush,
    pending: () => start !== undefined,
    add(reading: JointReading | 'end', t: Seconds): void {
      if (reading === 'end') return flush();
      const id = idOf(reading.body);
      if (bodies.get(id)?.[reading.joint]) flush();
      start ??= t;
      let joints = bodies.get(id);
      if (!joints) bodies.set(id, (joints = {}));
      joints[reading.joint] = {
        x: metres(reading.x * scale),
        y: metres(reading.y * scale),
        z: metres(reading.z * scale),
        confidence: normalized(reading.confidence),
      };
    },
  };
}
