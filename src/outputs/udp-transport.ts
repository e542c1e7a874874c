import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { asTerpsiError, TerpsiError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import type { Transport } from './output-port.js';

/** Where UDP datagrams go. */
export interface UdpTarget {
  /** IP address or host name; an IPv4 address in 224.0.0.0/4 is a multicast group. */
  readonly host: string;
  readonly port: number;
  /** Allow sending to a broadcast address (e.g. 192.168.1.255). */
  readonly broadcast?: boolean;
  /** Hops a datagram may make: the multicast TTL for groups (1, the local network, by default), the unicast TTL otherwise. */
  readonly ttl?: number;
}

/** True for IPv4 multicast addresses, 224.0.0.0/4. */
function isMulticast(address: string): boolean {
  const first = Number(address.split('.')[0]);
  return isIP(address) === 4 && first >= 224 && first <= 239;
}

/** Looks a host name up, IPv4 first: most OSC receivers listen on IPv4 only, and 'localhost' may list ::1 first. */
async function lookupIPv4First(host: string): Promise<{ address: string; family: number }> {
  try {
    return await lookup(host, { family: 4 });
  } catch {
    return await lookup(host);
  }
}

function bindEphemeral(s: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, () => {
      s.off('error', reject);
      resolve();
    });
  });
}

/**
 * A Transport over one UDP socket bound to an ephemeral port. The host name is resolved once
 * at open, so sends never wait on DNS. A send resolves when the datagram has left the socket
 * and rejects with E_NETWORK; a stray socket error is logged at a limited rate.
 */
export function udpTransport(target: UdpTarget, log: Log): Transport<Uint8Array> {
  const label = `udp ${target.host}:${target.port}`;
  let socket: Socket | undefined;
  let address = target.host;

  const fail = (e: unknown) => asTerpsiError(e, 'E_NETWORK', label);

  return {
    label,
    async open() {
      let s: Socket | undefined;
      try {
        let family = isIP(target.host);
        if (family === 0) ({ address, family } = await lookupIPv4First(target.host));
        s = createSocket(family === 6 ? 'udp6' : 'udp4');
        await bindEphemeral(s);
        s.on('error', (e) => log.limited(`socket ${label}`, 'warn', `${label}: ${e.message}`));
        if (target.broadcast) s.setBroadcast(true);
        if (isMulticast(address)) {
          s.setMulticastTTL(target.ttl ?? 1);
          s.setMulticastLoopback(true);
        } else if (target.ttl !== undefined) {
          s.setTTL(target.ttl);
        }
        socket = s;
      } catch (e) {
        s?.close();
        throw fail(e);
      }
    },
    send(packet) {
      return new Promise((resolve, reject) => {
        if (!socket) return reject(new TerpsiError('E_NETWORK', `${label}: the socket is not open`));
        socket.send(packet, target.port, address, (e) => (e ? reject(fail(e)) : resolve()));
      });
    },
    close() {
      const s = socket;
      socket = undefined;
      return new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    },
  };
}
