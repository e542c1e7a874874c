import { createSocket, type RemoteInfo } from 'node:dgram';
import { isIP } from 'node:net';
import { Observable } from 'rxjs';
import { z } from 'zod';
import type { Context } from '../core/context.js';
import { TerpsiError } from '../core/errors.js';
import type { ControlFrame, Frame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { receiveOscPacket } from './osc-packet.js';

const params = z.strictObject({
  /** UDP port to listen on; 0 picks a free one (the log line says which). */
  port: z.number().int().min(0).max(65535).default(9001),
  /** Interface to listen on: loopback by default, '0.0.0.0' for the whole network. */
  host: z.string().min(1).default('127.0.0.1'),
});

/** Address prefix of messages that set a parameter: /terpsi/param/<id>/<name> <value>. */
const paramPrefix = '/terpsi/param/';
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

/** Decodes one datagram into control frames and applies its parameter messages; never throws. */
function receive(data: Uint8Array, peer: RemoteInfo, ctx: Context): ControlFrame[] {
  const messages = receiveOscPacket(data, peer, ctx.report);
  const t = ctx.clock.now();
  const frames: ControlFrame[] = [];
  for (const { address, args } of messages) {
    const values = args.filter((a): a is number => typeof a === 'number').map((v) => (Number.isFinite(v) ? v : 0));
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
