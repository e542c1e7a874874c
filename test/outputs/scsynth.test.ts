import assert from 'node:assert/strict';
import { test } from 'node:test';
import osc from 'osc';
import { realClock } from '../../src/core/clock.js';
import type { ControlFrame } from '../../src/core/frames.js';
import { seconds } from '../../src/core/units.js';
import { scsynth } from '../../src/outputs/scsynth.js';
import { testContext } from '../helpers/context.js';
import { freeUdpPort, oscdump, until } from '../helpers/oscdump.js';
import { udpSender } from '../helpers/osc-peer.js';

const wall = realClock();
const control = (name: string, value: number): ControlFrame => ({ kind: 'control', t: wall.now(), source: 'sound', name, values: [value] });

/** liblo's oscdump on a free port, once it is seen to receive. */
async function readyDump() {
  const port = await freeUdpPort();
  const dump = oscdump(port);
  const probe = udpSender();
  try {
    await until('oscdump to start', () => {
      void probe.send(port, osc.writePacket({ address: '/probe', args: [] }, { metadata: true }) as Uint8Array);
      return dump.lines.some((l) => l.text.includes('/probe'));
    });
  } finally {
    probe.close();
  }
  return { port, dump, messages: () => dump.lines.map((l) => l.text.replace(/^\S+ /, '')).filter((t) => !t.startsWith('/probe')) };
}

test('a synth per body: /s_new on its first value, /n_set after, gate 0 once it goes quiet and at close', async () => {
  const { port, dump, messages } = await readyDump();
  const output = scsynth.create(scsynth.params.parse({ port, release: 0.3, group: 0 }), testContext('sc'));
  try {
    await output.open();
    output.write(control('sonify/0/amp', 0.5));
    output.write(control('sonify/0/freq', 440));
    output.write(control('sonify/1/amp', 0.25));
    output.write({ kind: 'beat', t: wall.now(), source: 'b', index: 0, tempo: 120 as never, confidence: 1 as never, predicted: true });
    output.write(control('level', 0.5));
    output.write(control('sonify/x/amp', 0.5));
    await until('four messages', () => messages().length >= 3);
    // Body 1 keeps getting values; body 0 goes quiet and is released after 0.3 s.
    const started = wall.now();
    while (wall.now() - started < 0.6) {
      output.write(control('sonify/1/amp', 0.3));
      await wall.sleepUntil(seconds(wall.now() + 0.05));
    }
    await until('body 0 released', () => messages().some((m) => m.startsWith('/n_set isf 100000 "gate"')));
  } finally {
    await output.close();
  }
  await until('body 1 released at close', () => messages().some((m) => m.startsWith('/n_set isf 100001 "gate"')));
  dump.stop();
  const sent = messages();
  assert.deepEqual(sent.slice(0, 3), ['/s_new siiisf "terpsi_lma" 100000 1 0 "amp" 0.500000', '/n_set isf 100000 "freq" 440.000000', '/s_new siiisf "terpsi_lma" 100001 1 0 "amp" 0.250000']);
  assert.ok(sent.slice(3).every((m) => /^\/n_set isf 10000[01] "(amp|gate)" /.test(m)), sent.join('\n'));
  assert.equal(sent.filter((m) => m.includes('"gate"')).length, 2, 'each synth released once');
  assert.ok(sent.indexOf('/n_set isf 100000 "gate" 0.000000') < sent.length - 1, 'body 0 released while body 1 still played');
  assert.equal(sent[sent.length - 1], '/n_set isf 100001 "gate" 0.000000');
});
