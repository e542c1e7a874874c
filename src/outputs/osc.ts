import { z } from 'zod';
import type { OutputType } from '../core/registries.js';
import { loadNamed } from '../patch/load-config.js';
import { oscEncode } from './osc-encode.js';
import { QueuedPort } from './output-port.js';
import { udpTransport } from './udp-transport.js';

const params = z.strictObject({
  /** Receiver's address; a broadcast address needs `broadcast`, a 224.0.0.0/4 group is sent multicast. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Receiver's UDP port; the profile's port when left out. */
  port: z.number().int().min(1).max(65535).optional(),
  /** Name of a profile in devices/osc-targets/, or a path to one relative to the patch. */
  profile: z.string().min(1).default('native'),
  broadcast: z.boolean().default(false),
  /** Hops a datagram may make (multicast TTL for groups). */
  ttl: z.number().int().min(1).max(255).optional(),
});

/** OSC over UDP, shaped for one kind of receiver by an osc-target profile. */
export const osc: OutputType<z.infer<typeof params>> = {
  name: 'osc',
  description: 'OSC over UDP (unicast, broadcast or multicast): one timetagged bundle per frame, shaped by a receiver profile',
  params,
  create(p, ctx) {
    const profile = loadNamed('osc-target', p.profile, ctx.resolve('.'));
    const transport = udpTransport({ host: p.host, port: p.port ?? profile.port, broadcast: p.broadcast, ttl: p.ttl }, ctx.log);
    return new QueuedPort(ctx, oscEncode(profile, ctx.clock), [transport]);
  },
};
