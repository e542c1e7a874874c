import assert from 'node:assert/strict';
import { test } from 'node:test';
import osc from 'osc';
import { OscWriter, type OscArg, type OscMessage } from '../../src/outputs/osc-writer.js';

let seed = 7;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const addresses = ['/a', '/ab', '/abc', '/abcd', '/terpsi/dancer/0/left_shoulder', '/terpsi/events/café', '/x/ü/日本'];

function randomMessage(): OscMessage {
  const args: OscArg[] = [];
  const n = Math.floor(random() * 9);
  for (let i = 0; i < n; i++) {
    args.push(random() < 0.7 ? { type: 'f', value: (random() - 0.5) * 1e4 } : { type: 'i', value: Math.floor((random() - 0.5) * 2 ** 32) });
  }
  return { address: addresses[Math.floor(random() * addresses.length)]!, args };
}

test('messages and bundles are byte for byte what the osc package writes', () => {
  const writer = new OscWriter();
  for (let i = 0; i < 500; i++) {
    const m = randomMessage();
    assert.deepEqual(writer.message(m), osc.writePacket(m, { metadata: true }), JSON.stringify(m));
    const packets = Array.from({ length: 1 + Math.floor(random() * 40) }, randomMessage);
    const raw: [number, number] = [3_900_000_000 + i, Math.floor(random() * 2 ** 32)];
    assert.deepEqual(writer.bundle(raw, packets), osc.writePacket({ timeTag: { raw }, packets }, { metadata: true }));
  }
});

test('each packet is its own copy: the next write does not change it', () => {
  const writer = new OscWriter();
  const first = writer.message({ address: '/one', args: [{ type: 'f', value: 1 }] });
  const copy = first.slice();
  writer.message({ address: '/two', args: [{ type: 'f', value: 2 }] });
  assert.deepEqual(first, copy);
});
