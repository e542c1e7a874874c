import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** Starts the counting receiver of udp-counter.ts and returns its port and a way to read it. */
export async function startCounter(): Promise<{ port: number; count(): Promise<number>; close(): Promise<void> }> {
  const worker = new Worker(new URL('./udp-counter.js', import.meta.url));
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  return {
    port,
    async count() {
      worker.postMessage('count');
      const [{ received }] = (await once(worker, 'message')) as [{ received: number }];
      return received;
    },
    async close() {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}
