import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { realClock } from '../../src/core/clock.js';
import { seconds } from '../../src/core/units.js';

const wall = realClock();

/** Polls `check` until it returns a value, failing after `limit` seconds of wall time. */
export async function waitFor<T>(what: string, check: () => T | undefined, limit = 5): Promise<T> {
  const deadline = wall.now() + limit;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (wall.now() > deadline) throw new Error(`timed out after ${limit} s waiting for ${what}`);
    await wall.sleepUntil(seconds(wall.now() + 0.01));
  }
}

/** The port a source reported in its "listening on" log line. */
export const listeningPort = (lines: readonly string[]) =>
  waitFor('the source to listen', () => {
    const m = lines.map((l) => /listening on [\d.]+:(\d+)/.exec(l)).find(Boolean);
    return m ? Number(m[1]) : undefined;
  });

/** Runs liblo's oscsend and waits (at most 5 s) for it to exit. */
export async function oscsend(port: number, address: string, types: string, ...args: string[]): Promise<void> {
  const child = spawn('oscsend', ['localhost', String(port), address, types, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let code: number | null | undefined;
  child.on('exit', (c) => (code = c));
  try {
    await waitFor('oscsend to exit', () => (code === undefined ? undefined : true));
  } finally {
    child.kill();
  }
  if (code !== 0) throw new Error(`oscsend exited with ${code}: ${stderr}`);
}

/** A UDP socket that sends raw datagrams to loopback ports; close it when done. */
export function udpSender(): { send(port: number, bytes: Uint8Array): Promise<void>; close(): void } {
  const socket: Socket = createSocket('udp4');
  return {
    send: (port, bytes) => new Promise((resolve, reject) => socket.send(bytes, port, '127.0.0.1', (e) => (e ? reject(e) : resolve()))),
    close: () => socket.close(),
  };
}
