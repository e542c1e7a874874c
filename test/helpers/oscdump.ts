import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';

/** A free UDP port on loopback, found by binding port 0 and letting it go. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** liblo's oscdump on a port, line-buffered; `lines` fills as messages arrive, with arrival times. */
export function oscdump(port: number): { process: ChildProcess; lines: { at: number; text: string }[]; stop(): void } {
  const child = spawn('oscdump', ['-L', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: { at: number; text: string }[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    for (const text of parts) lines.push({ at: performance.now(), text });
  });
  return { process: child, lines, stop: () => void child.kill() };
}

/** Resolves once `check` holds, polling every 20 ms; rejects after `timeout` ms saying what was awaited. */
export async function until(what: string, check: () => boolean, timeout = 10_000): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
