import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { virtualClock } from '../../../src/core/clock.js';
import type { EventsFrame } from '../../../src/core/frames.js';
import { createLog } from '../../../src/core/log.js';
import { seededRandom } from '../../../src/core/seeded-random.js';
import { hertz } from '../../../src/core/units.js';
import { defaultEventConfig } from '../../../src/models/events/default-event-config.js';
import { eventWeightShapes } from '../../../src/models/events/event-model-config.js';
import { saveEventModel } from '../../../src/models/events/event-model-files.js';
import { defaultStyleConfig } from '../../../src/models/style/default-style-config.js';
import { styleWeightShapes } from '../../../src/models/style/style-model-config.js';
import { saveStyleModel } from '../../../src/models/style/style-model-files.js';
import type { WeightShape } from '../../../src/models/weights-file.js';
import { loadPatch } from '../../../src/patch/load-patch.js';
import '../../../src/patch/register-all.js';
import { startPatch } from '../../../src/patch/runtime.js';
import { encodeWav } from '../../../src/sources/wav.js';
import { oscdump, freeUdpPort, until } from '../../helpers/oscdump.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Small random weights with the normalisation a log-mel in dB needs: enough to run the networks, not to mean anything. */
function randomWeights(shapes: readonly WeightShape[], seed: string): Map<string, Float32Array> {
  const random = seededRandom(seed);
  return new Map(shapes.map(({ name, shape }) => [name, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (name.endsWith('/std') ? 20 : name.endsWith('/mean') ? -40 : 0.2 * (random() - 0.5)))]));
}

function song(secondsLong: number): Float32Array {
  const random = seededRandom('song');
  return Float32Array.from({ length: secondsLong * 16000 }, (_, i) => 0.2 * Math.sin((2 * Math.PI * 440 * i) / 16000) + 0.05 * (random() - 0.5));
}

test('in a patch, the event detector sends 10 updates a second and the style recogniser one, as /terpsi/events/<tag> on OSC', async () => {
  const dir = tempDir('terpsi-audio-models-');
  const events = defaultEventConfig(['drums', 'bass']);
  saveEventModel(join(dir, 'events'), { config: events, thresholds: [0.5, 0.5], weights: randomWeights(eventWeightShapes(events), 'events') });
  const style = defaultStyleConfig(['waltz', 'tango']);
  saveStyleModel(join(dir, 'style'), { config: style, weights: randomWeights(styleWeightShapes(style), 'style') });
  writeFileSync(join(dir, 'song.wav'), encodeWav(song(10), hertz(16000), 1));
  const port = await freeUdpPort();
  const file = join(dir, 'listen.yaml');
  writeFileSync(
    file,
    `name: listen
sources:
  song: { type: audio-file, path: song.wav, blockSize: 1024 }
nodes:
  events: { type: event-detector, input: song, model: events }
  style: { type: style-recognizer, input: song, model: style }
outputs:
  - { type: osc, input: [events, style], port: ${port} }
`,
  );
  const dump = oscdump(port);
  await new Promise((r) => setTimeout(r, 300));
  const clock = virtualClock();
  const heard: Record<string, EventsFrame[]> = { events: [], style: [] };
  const tensors = tf.memory().numTensors;
  try {
    const running = await startPatch(loadPatch(file), {
      clock,
      log: createLog({ clock, level: 'warn' }),
      strict: true,
      taps: { events: (f) => f.kind === 'events' && heard.events!.push(f), style: (f) => f.kind === 'events' && heard.style!.push(f) },
    });
    await running.done;
    assert.equal(running.stats().errors, 0);
    assert.equal(tf.memory().numTensors, tensors, 'the nodes release their weights when the patch ends');
    // The detector starts once its 3 s window is full: updates every 0.1 s over the remaining 7 s.
    const e = heard.events!;
    assert.ok(e.length >= 65 && e.length <= 72, `${e.length} event updates`);
    const gaps = e.slice(1).map((f, i) => f.t - e[i]!.t);
    assert.ok(gaps.every((g) => Math.abs(g - 0.096) < 0.001), `event updates every ${gaps[0]} s`);
    assert.deepEqual(Object.keys(e[0]!.probabilities), ['drums', 'bass']);
    // The style recogniser starts once a 5.4 s segment is full: a verdict a second after that.
    const s = heard.style!;
    assert.ok(s.length >= 4 && s.length <= 6, `${s.length} style verdicts`);
    assert.ok(s.every((f) => f.active.length === 1 && Math.abs(Object.values(f.probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-4));
    await until('style verdicts on OSC', () => dump.lines.filter((l) => l.text.includes('/terpsi/events/waltz ')).length >= s.length);
    // t, the probability, and 1 or 0 for on or off.
    const drums = dump.lines.find((l) => l.text.includes('/terpsi/events/drums '))!.text;
    assert.match(drums, /\/terpsi\/events\/drums fff -?\d+\.\d+ \d\.\d+ [01]\.0+$/);
  } finally {
    dump.stop();
  }
});

test('audio at another rate is refused with E_PARAM naming the rate to set, once', async () => {
  const dir = tempDir('terpsi-audio-models-rate-');
  const events = defaultEventConfig(['drums']);
  saveEventModel(join(dir, 'events'), { config: events, thresholds: [0.5], weights: randomWeights(eventWeightShapes(events), 'events') });
  writeFileSync(join(dir, 'song.wav'), encodeWav(song(1), hertz(22050), 1));
  const file = join(dir, 'listen.yaml');
  writeFileSync(file, `name: listen\nsources:\n  song: { type: audio-file, path: song.wav }\nnodes:\n  events: { type: event-detector, input: song, model: events }\noutputs: []\n`);
  const clock = virtualClock();
  const lines: string[] = [];
  const log = createLog({ clock, level: 'warn', write: (line: string) => lines.push(line) });
  const running = await startPatch(loadPatch(file), { clock, log, strict: false, taps: { events: () => {} } });
  await running.done;
  assert.equal(running.stats().errors, 1);
  assert.ok(lines.some((l) => l.includes('E_PARAM') && l.includes('22050 Hz') && l.includes('sampleRate: 16000')), lines.join('\n'));
});
