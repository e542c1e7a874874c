import { createSocket } from 'node:dgram';
import { realClock } from '../../src/core/clock.js';
import type { ControlFrame } from '../../src/core/frames.js';
import { oscEncode } from '../../src/outputs/osc-encode.js';
import { QueuedPort } from '../../src/outputs/output-port.js';
import { udpTransport } from '../../src/outputs/udp-transport.js';
import { loadNamed } from '../../src/patch/load-config.js';
import { seconds } from '../../src/core/units.js';
import { testContext } from '../helpers/context.js';
import type { BenchReport } from './report.js';
import { startCounter } from './udp-counter-client.js';

const rates = [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000];
/** Each rate runs this long, seconds. */
const span = 1;
/** Frames are handed over in slices this far apart, seconds: how a busy patch bursts. */
const slice = 0.005;

type Sender = { send(frame: ControlFrame): void; close(): Promise<void> };

/** Offers `rate` one-message frames per second for `span` seconds; returns how many never arrived. */
async function offer(rate: number, sender: Sender, counter: Awaited<ReturnType<typeof startCounter>>): Promise<number> {
  const clock = realClock();
  const before = await counter.count();
  const perSlice = Math.round(rate * slice);
  const slices = Math.round(span / slice);
  for (let s = 0; s < slices; s++) {
    await clock.sleepUntil(seconds(s * slice));
    for (let i = 0; i < perSlice; i++) {
      sender.send({ kind: 'control', t: clock.now(), source: 'bench', name: 'level', values: [i / perSlice, 0.5] });
    }
  }
  await clock.sleepUntil(seconds(clock.now() + 0.3));
  return perSlice * slices - ((await counter.count()) - before);
}

/** OSC through terpsi's output port vs the same bytes through a bare socket, to one loopback receiver. */
export async function oscThroughput(): Promise<BenchReport> {
  const counter = await startCounter();
  const ctx = testContext('bench');
  const encode = oscEncode(loadNamed('osc-target', 'native', '.'), ctx.clock);
  const port = new QueuedPort(ctx, encode, [udpTransport({ host: '127.0.0.1', port: counter.port }, ctx.log)]);
  await port.open();
  const terpsi: Sender = { send: (f) => port.write(f), close: () => port.close() };

  const socket = createSocket('udp4');
  const bare: Sender = {
    send: (f) => {
      for (const packet of encode(f)) socket.send(packet, counter.port, '127.0.0.1');
    },
    close: () => new Promise((r) => socket.close(() => r())),
  };

  // A rate counts only if every lower rate was lossless too.
  const best = { terpsi: 0, bare: 0 };
  const clean = { terpsi: true, bare: true };
  const lines: string[] = ['offered msg/s   terpsi lost   bare socket lost'];
  for (const rate of rates) {
    const a = await offer(rate, terpsi, counter);
    const b = await offer(rate, bare, counter);
    lines.push(`${String(rate).padStart(13)}   ${String(a).padStart(11)}   ${String(b).padStart(16)}`);
    clean.terpsi &&= a === 0;
    clean.bare &&= b === 0;
    if (clean.terpsi) best.terpsi = rate;
    if (clean.bare) best.bare = rate;
  }
  await terpsi.close();
  await bare.close();
  await counter.close();
  lines.push(
    `highest zero-loss rate: terpsi ${best.terpsi} msg/s, bare socket ${best.bare} msg/s (ratio ${(best.terpsi / Math.max(1, best.bare)).toFixed(2)})`,
  );
  return { name: 'OSC output throughput (loopback, one message per frame, encoding included)', lines, targets: [] };
}
