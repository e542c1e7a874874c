import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import osc from 'osc';
import { realClock, virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Frame } from '../../src/core/frames.js';
import { packageRoot } from '../../src/core/paths.js';
import { bpm, metres, normalized, seconds } from '../../src/core/units.js';
import { danceJoints } from '../../src/movement/dance-skeleton.js';
import { osc as oscOutput } from '../../src/outputs/osc.js';
import { udpTransport } from '../../src/outputs/udp-transport.js';
import { loadConfig } from '../../src/patch/load-config.js';
import { testContext } from '../helpers/context.js';

const wall = realClock();

/** Rejects after `limit` seconds of wall time so a missing peer fails the test instead of hanging it. */
async function within<T>(limit: number, what: string, promise: Promise<T>): Promise<T> {
  const stop = new AbortController();
  const timeout = wall.sleepUntil(seconds(wall.now() + limit), stop.signal).then(() => {
    if (!stop.signal.aborted) throw new Error(`timed out after ${limit} s waiting for ${what}`);
  });
  try {
    return await Promise.race([promise, timeout as Promise<never>]);
  } finally {
    stop.abort();
  }
}

/** A UDP port free right now (taken and released), for peers that cannot report the port they chose. */
async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(resolve));
  return port;
}

/** liblo's oscdump on a local port, its output collected line by line. */
class OscDump {
  readonly lines: string[] = [];
  readonly #child: ChildProcess;
  #waiters: (() => void)[] = [];

  constructor(readonly port: number) {
    this.#child = spawn('oscdump', ['-L', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let rest = '';
    this.#child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      this.lines.push(...parts);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Resolves once a line matching `pattern` has been printed (at most `limit` seconds). */
  async waitFor(pattern: RegExp, limit = 5): Promise<string> {
    return within(limit, `oscdump to print ${pattern}`, (async () => {
      for (;;) {
        const line = this.lines.find((l) => pattern.test(l));
        if (line !== undefined) return line;
        await new Promise<void>((wake) => this.#waiters.push(wake));
      }
    })());
  }

  /** Sends probes until oscdump prints one: then it is surely listening. */
  async ready(): Promise<void> {
    const probe = createSocket('udp4');
    const message = osc.writePacket({ address: '/probe', args: [] }, { metadata: true });
    let printed = false;
    const probing = (async () => {
      while (!printed) {
        probe.send(message, this.port, '127.0.0.1');
        await wall.sleepUntil(seconds(wall.now() + 0.05));
      }
    })();
    try {
      await this.waitFor(/\/probe/);
    } finally {
      printed = true;
      await probing;
      probe.close();
    }
  }

  stop(): void {
    this.#child.kill();
  }
}

const origin = seconds(1_754_000_000.1);
const clock = virtualClock(origin);

/** NTP timetag of a Unix time, as oscdump prints it: 8 hex digits of seconds since 1900, '.', 8 of fraction. */
function ntpHex(unix: number): string {
  const whole = Math.floor(unix);
  const fraction = Math.min(2 ** 32 - 1, Math.round((unix - whole) * 2 ** 32));
  return `${(whole + 2_208_988_800).toString(16).padStart(8, '0')}.${fraction.toString(16).padStart(8, '0')}`;
}

let dump: OscDump;
before(async () => {
  dump = new OscDump(await freePort());
  await dump.ready();
});
/** Everything a test opened, closed after the tests even when one fails, so the process can exit. */
const opened: { close(): Promise<void> }[] = [];
after(async () => {
  dump?.stop();
  await Promise.all(opened.map((o) => o.close()));
});

/** An osc output as a patch would create it, sending to oscdump. */
function output(fields: Record<string, unknown> = {}) {
  const ctx = testContext('osc', { clock });
  const port = oscOutput.create(oscOutput.params.parse({ port: dump.port, ...fields }), ctx);
  opened.push(port);
  return { ctx, port };
}

test('oscdump receives beats, controls and dancers with their type tags and the capture time as timetag', async () => {
  const { port } = output();
  await port.open();
  const t = seconds(42.123456);
  const frames: Frame[] = [
    { kind: 'beat', t, source: 'beats', index: 9, bar: 2, tempo: bpm(121), confidence: normalized(0.5), predicted: true },
    { kind: 'control', t, source: 'level', name: 'level', values: [0.25] },
    {
      kind: 'motion', t, source: 'dancer', dancer: 0, root: [metres(0), metres(1), metres(0)],
      rotations: new Float32Array(danceJoints.length * 4).fill(0.5),
    },
  ];
  for (const f of frames) port.write(f);
  const tag = ntpHex(clock.unixTime(t));
  const beat = await dump.waitFor(/ \/terpsi\/beat /);
  assert.equal(beat, `${tag} /terpsi/beat fiiff 42.123455 9 2 121.000000 0.500000`);
  assert.equal(await dump.waitFor(/ \/terpsi\/tempo /), `${tag} /terpsi/tempo ff 42.123455 121.000000`);
  assert.equal(await dump.waitFor(/ \/terpsi\/level /), `${tag} /terpsi/level ff 42.123455 0.250000`);
  assert.equal(await dump.waitFor(/ \/terpsi\/dancer\/0\/root /), `${tag} /terpsi/dancer/0/root ffff 42.123455 0.000000 1.000000 0.000000`);
  assert.equal(
    await dump.waitFor(/ \/terpsi\/dancer\/0\/right_foot /),
    `${tag} /terpsi/dancer/0/right_foot fffff 42.123455 0.500000 0.500000 0.500000 0.500000`,
  );
  await port.close();
  assert.deepEqual({ ...port.stats(), latencyP50: 0, latencyP99: 0 }, { frames: 3, sent: 3, dropped: 0, errors: 0, latencyP50: 0, latencyP99: 0 });
});

test('oscdump receives the Wekinator layout: one /wek/inputs message of floats', async () => {
  const { port } = output({ profile: 'wekinator' });
  await port.open();
  port.write({ kind: 'control', t: seconds(1), source: 'features', name: 'features', values: [0.5, 1.5, 2] });
  assert.match(await dump.waitFor(/ \/wek\/inputs /), / \/wek\/inputs fff 0\.500000 1\.500000 2\.000000$/);
  await port.close();
});

test('every shipped osc-target profile validates and makes an output', async () => {
  const dir = join(packageRoot, 'devices', 'osc-targets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const names = files.map((f) => f.replace(/\.yaml$/, '')).sort();
  assert.deepEqual(names, ['max', 'native', 'puredata', 'qlcplus', 'robot', 'supercollider', 'touchdesigner', 'wekinator']);
  for (const file of files) {
    const profile = loadConfig(join(dir, file), 'osc-target');
    assert.equal(`${profile.name}.yaml`, file);
    assert.ok(profile.description.length > 20, `${file} says how to receive it`);
    const port = oscOutput.create(oscOutput.params.parse({ profile: profile.name, port: dump.port }), testContext('osc', { clock }));
    opened.push(port);
    await port.open();
    await port.close();
  }
  const defaults = oscOutput.params.parse({});
  assert.deepEqual(defaults, { host: '127.0.0.1', profile: 'native', broadcast: false });
});

test('an unknown profile is a coded error naming it', () => {
  assert.throws(
    () => oscOutput.create(oscOutput.params.parse({ profile: 'no-such-receiver' }), testContext('osc', { clock })),
    (e: unknown) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes('no-such-receiver'),
  );
});

/** A plain UDP receiver on `host`, collecting datagrams. */
async function receiver(host: string): Promise<{ socket: Socket; port: number; got: Buffer[]; next(): Promise<Buffer> }> {
  const socket = createSocket('udp4');
  const got: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (m) => {
    got.push(m);
    wake?.();
  });
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return {
    socket,
    port: socket.address().port,
    got,
    next: () => within(3, 'a datagram', new Promise<Buffer>((resolve) => {
      if (got.length > 0) return resolve(got.shift()!);
      wake = () => resolve(got.shift()!);
    })),
  };
}

test('broadcast: refused without the flag, delivered with it (loopback broadcast address)', async () => {
  const rx = await receiver('0.0.0.0');
  try {
    const frame: Frame = { kind: 'control', t: seconds(1), source: 'x', name: 'hello', values: [1] };
    const refused = output({ host: '127.255.255.255', port: rx.port });
    await refused.port.open();
    refused.port.write(frame);
    await refused.port.close();
    assert.equal(refused.port.stats().errors, 1);
    assert.match(refused.ctx.lines.join('\n'), /E_NETWORK: udp 127\.255\.255\.255:\d+: send EACCES/);

    const allowed = output({ host: '127.255.255.255', port: rx.port, broadcast: true });
    await allowed.port.open();
    allowed.port.write(frame);
    const packet = osc.readPacket(await rx.next(), { metadata: true, unpackSingleArgs: false }) as osc.Bundle;
    assert.equal((packet.packets[0] as osc.Message).address, '/terpsi/hello');
    await allowed.port.close();
    assert.equal(allowed.port.stats().sent, 1);
  } finally {
    rx.socket.close();
  }
});

test('a datagram too big for UDP rejects with E_NETWORK', async () => {
  const transport = udpTransport({ host: '127.0.0.1', port: dump.port }, testContext().log);
  opened.push(transport);
  await transport.open();
  const frame: Frame = { kind: 'control', t: seconds(0), source: 'x', name: 'x', values: [] };
  await assert.rejects(transport.send(new Uint8Array(70_000), frame), (e: unknown) => isTerpsiError(e) && e.code === 'E_NETWORK' && /EMSGSIZE/.test(e.message));
  await transport.send(new Uint8Array(osc.writePacket({ address: '/after/too/big', args: [] }, { metadata: true })), frame);
  await dump.waitFor(/\/after\/too\/big/);
  await transport.close();
});

test('host names are resolved once at open', async () => {
  const rx = await receiver('127.0.0.1');
  try {
    const transport = udpTransport({ host: 'localhost', port: rx.port }, testContext().log);
    opened.push(transport);
    await transport.open();
    await transport.send(new Uint8Array([1, 2, 3, 4]), { kind: 'control', t: seconds(0), source: 'x', name: 'x', values: [] });
    assert.deepEqual([...(await rx.next())], [1, 2, 3, 4]);
    await transport.close();
  } finally {
    rx.socket.close();
  }
});

test('a ttl applies to unicast; a multicast group opens with its TTL and loopback set', async () => {
  const rx = await receiver('127.0.0.1');
  try {
    const frame: Frame = { kind: 'control', t: seconds(0), source: 'x', name: 'x', values: [] };
    const unicast = udpTransport({ host: '127.0.0.1', port: rx.port, ttl: 4 }, testContext().log);
    opened.push(unicast);
    await unicast.open();
    await unicast.send(new Uint8Array([9, 9, 9, 9]), frame);
    assert.deepEqual([...(await rx.next())], [9, 9, 9, 9]);
    await unicast.close();
    await assert.rejects(unicast.send(new Uint8Array(4), frame), (e: unknown) => isTerpsiError(e) && e.code === 'E_NETWORK');
  } finally {
    rx.socket.close();
  }
  // Sending to a group would leave loopback through the default route, so this only opens and closes.
  const group = udpTransport({ host: '239.255.77.1', port: 9000, ttl: 2 }, testContext().log);
  opened.push(group);
  await group.open();
  await group.close();
});
