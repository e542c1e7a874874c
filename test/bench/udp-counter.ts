/**
 * A loopback UDP receiver in its own thread, so the sender under test does not share an event
 * loop with it. Posts its port, then answers each 'count' message with the datagrams received.
 */
import { createSocket } from 'node:dgram';
import { parentPort } from 'node:worker_threads';

const socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
let received = 0;
socket.on('message', () => received++);
socket.bind(0, '127.0.0.1', () => parentPort!.postMessage({ port: socket.address().port }));
parentPort!.on('message', (m: string) => {
  if (m === 'count') parentPort!.postMessage({ received });
  if (m === 'close') socket.close(() => process.exit(0));
});
