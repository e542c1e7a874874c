import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import easymidi from 'easymidi';
import { virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Frame } from '../../src/core/frames.js';
import { bpm, normalized, seconds } from '../../src/core/units.js';
import { midi, midiPorts } from '../../src/outputs/midi.js';
import { MidiMapper, type MidiMapping, type MidiMessage } from '../../src/outputs/midi-map.js';
import { testContext } from '../helpers/context.js';

const encoder = easymidi.Output.prototype as unknown as { parseMessage(type: string, args?: object): number[] };

/** The bytes RtMidi is handed: easymidi's own encoder, then the Buffer.from its sendMessage applies. */
function bytes(message: MidiMessage): number[] {
  return [...Buffer.from(encoder.parseMessage(message.type, 'args' in message ? { ...message.args } : undefined))];
}

interface Sent {
  readonly t: number;
  readonly bytes: number[];
}

/** A mapper on a virtual clock, with everything it sends (at once or later) recorded with its time. */
function harness(mapping: Partial<MidiMapping>) {
  const clock = virtualClock();
  const sent: Sent[] = [];
  const record = (messages: MidiMessage[]) => messages.forEach((m) => sent.push({ t: clock.now(), bytes: bytes(m) }));
  const mapper = new MidiMapper({ channel: 2, cc: {}, events: {}, clock: false, ...mapping }, clock, record);
  return {
    sent,
    mapper,
    feed: (frame: Frame) => record(mapper.map(frame)),
    until: (t: number) => clock.sleepUntil(seconds(t)),
  };
}

const control = (name: string, values: number[]): Frame => ({ kind: 'control', t: seconds(0), source: 'mic', name, values });
const beat = (index: number, t: number, tempo: number, confidence = 1): Frame => ({
  kind: 'beat',
  t: seconds(t),
  source: 'beats',
  index,
  tempo: bpm(tempo),
  confidence: normalized(confidence),
  predicted: true,
  rx: seconds(0),
});
const events = (active: string[], probabilities: Record<string, number>): Frame => ({
  kind: 'events',
  t: seconds(0),
  source: 'detector',
  active,
  probabilities: probabilities as Record<string, ReturnType<typeof normalized>>,
});

function assertSent(actual: readonly Sent[], expected: readonly Sent[]): void {
  const show = (s: readonly Sent[]) => s.map((m) => `${m.t.toFixed(4)} ${m.bytes.map((b) => b.toString(16)).join(' ')}`).join('\n');
  assert.equal(actual.length, expected.length, `got\n${show(actual)}\nexpected\n${show(expected)}`);
  actual.forEach((m, i) => {
    const e = expected[i]!;
    assert.deepEqual(m.bytes, e.bytes, `message ${i} at ${m.t}`);
    assert.ok(Math.abs(m.t - e.t) < 1e-9, `message ${i} (${m.bytes}) at ${m.t}, expected at ${e.t}`);
  });
}

const [CLOCK, START, CONTINUE, STOP] = [0xf8, 0xfa, 0xfb, 0xfc];

test('CCs, beat notes, event notes and clock come out as the exact bytes, at their times', { timeout: 10_000 }, async () => {
  const { sent, feed, until } = harness({ cc: { level: 7, 'pose/hand': 74 }, beatNote: 36, events: { kick: 40, snare: 41 }, clock: true });
  const expected: Sent[] = [];
  const at = (t: number, ...messages: number[][]) => messages.forEach((b) => expected.push({ t, bytes: b }));
  const ticks = (t0: number, tempo: number, from = 0) => {
    for (let k = from; k < 24; k++) at(t0 + (k * 60) / tempo / 24, [CLOCK]);
  };

  // Channel 3 on the wire is 2: CC status 0xB2, note-on 0x92, note-off 0x82.
  feed(control('level', [0.5]));
  feed(control('level', [1.7, 0]));
  feed(control('pose/hand', [NaN]));
  feed(control('other', [1]));
  feed(control('level', []));
  at(0, [0xb2, 7, 64], [0xb2, 7, 127], [0xb2, 74, 0]);

  feed(beat(0, 0.5, 120));
  at(0.5, [0x92, 36, 127], [START], [CLOCK]);
  ticks(0.5, 120, 1);
  at(0.6, [0x82, 36, 0]);

  await until(0.9);
  feed(beat(1, 1.0, 120, 0.5));
  at(1.0, [0x92, 36, 64], [CLOCK]);
  ticks(1.0, 120, 1);
  at(1.1, [0x82, 36, 0]);

  await until(1.15);
  feed(events(['kick', 'hat'], { kick: 0.9, hat: 1 }));
  at(1.15, [0x92, 40, 114]);
  await until(1.2);
  feed(events(['kick', 'snare'], { kick: 0.9, snare: 0.3 }));
  at(1.2, [0x92, 41, 38]);
  await until(1.3);
  feed(events([], {}));
  at(1.3, [0x82, 40, 0], [0x82, 41, 0]);

  at(2.0, [STOP]); // two beat periods after the last beat
  await until(2.5);
  feed(beat(2, 3.0, 120, 0));
  at(3.0, [0x92, 36, 1], [CONTINUE], [CLOCK]);
  ticks(3.0, 120, 1);
  at(3.1, [0x82, 36, 0]);
  at(4.0, [STOP]);
  await until(5);

  expected.sort((a, b) => a.t - b.t); // stable: equal times keep the order written above
  assertSent(sent, expected);
});

test('the clock keeps 24 ticks per beat through beats predicted ahead, tempo changes and refined predictions', { timeout: 10_000 }, async () => {
  const { sent, feed, until } = harness({ clock: true });
  const ticksIn = (from: number, to: number) => sent.filter((m) => m.bytes[0] === CLOCK && m.t >= from - 1e-9 && m.t < to - 1e-9);
  const firstTickAt = (t: number) => ticksIn(t, Infinity)[0]?.t;

  feed(beat(0, 0, 120));
  assert.deepEqual(sent.map((m) => m.bytes), [[START], [CLOCK]], 'a beat that is due now starts the clock at once');
  await until(0.26);
  feed(beat(1, 0.5, 120)); // one beat ahead
  await until(0.76);
  feed(beat(2, 0.9, 150)); // earlier than beat 1's ticks would end: they are squeezed
  await until(0.96);
  feed(beat(2, 0.92, 150)); // the same beat, predicted again: its unsent ticks move
  await until(1.1);
  feed(beat(3, 1.32, 150));
  await until(3);

  assert.equal(ticksIn(0, 0.5).length, 24);
  assert.equal(firstTickAt(0.5), 0.5);
  assert.equal(ticksIn(0.5, 0.9).length, 24);
  assert.equal(firstTickAt(0.9), 0.9);
  assert.equal(ticksIn(0.9, 1.32).length, 24);
  assert.equal(firstTickAt(1.32), 1.32);
  assert.equal(ticksIn(1.32, Infinity).length, 24);
  const last = ticksIn(1.32, Infinity).at(-1)!;
  assert.ok(Math.abs(last.t - (1.32 + (23 * 0.4) / 24)) < 1e-9);
  assert.ok(sent.every((m, i) => i === 0 || m.t >= sent[i - 1]!.t), 'messages go out in time order');
  assert.deepEqual(sent.at(-1), { t: 1.32 + 0.8, bytes: [STOP] });
  assert.equal(sent.filter((m) => m.bytes[0] === START).length, 1);
});

test('closing silences sounding notes and stops the clock', { timeout: 10_000 }, async () => {
  const { sent, feed, until, mapper } = harness({ beatNote: 36, events: { kick: 40 }, clock: true });
  feed(events(['kick'], { kick: 1 }));
  feed(beat(0, 0.5, 120));
  await until(0.55);
  const before = sent.length;
  mapper.stop();
  assertSent(sent.slice(before), [
    { t: 0.55, bytes: [0x82, 36, 0] },
    { t: 0.55, bytes: [0x82, 40, 0] },
    { t: 0.55, bytes: [STOP] },
  ]);
  await until(3);
  assert.equal(sent.length, before + 3, 'nothing is sent after close');
});

test('patch fields are checked: CC 120..127 are refused, channels are 1..16', () => {
  assert.match(midi.params.safeParse({ cc: { level: 121 } }).error?.message ?? '', /channel mode messages/);
  assert.equal(midi.params.safeParse({ channel: 0 }).success, false);
  assert.equal(midi.params.safeParse({ beatNote: 128 }).success, false);
  assert.deepEqual(midi.params.parse({}), { port: 'terpsi', virtual: true, channel: 1, cc: {}, events: {}, clock: false });
});

const noSequencer = process.platform === 'linux' && !existsSync('/dev/snd/seq');

test('without an ALSA sequencer: E_MIDI_UNAVAILABLE saying what to do, and the port keeps taking frames', { skip: !noSequencer, timeout: 10_000 }, async () => {
  assert.throws(
    () => midiPorts(),
    (e) => isTerpsiError(e) && e.code === 'E_MIDI_UNAVAILABLE' && /\/dev\/snd\/seq is missing/.test(e.message) && /modprobe snd-seq/.test(e.message) && /OSC/.test(e.message),
  );

  const clock = virtualClock();
  const ctx = testContext('midi', { clock });
  const port = midi.create(midi.params.parse({ clock: true, beatNote: 36, cc: { level: 1 } }), ctx);
  await port.open();
  assert.equal(ctx.lines.length, 1, ctx.lines.join('\n'));
  assert.match(ctx.lines[0]!, /^\[error\] midi: midi virtual output "terpsi" is not available; its messages are dropped: E_MIDI_UNAVAILABLE: /);

  assert.doesNotThrow(() => {
    port.write(control('level', [0.5]));
    port.write(beat(0, 0.5, 120));
  });
  await clock.sleepUntil(seconds(3));
  // CC, note-on, note-off, Start, 24 ticks, Stop: all dropped, none an error.
  assert.deepEqual({ ...port.stats(), latencyP50: 0, latencyP99: 0 }, { frames: 2, sent: 0, dropped: 29, errors: 0, latencyP50: 0, latencyP99: 0 });
  assert.equal(ctx.lines.length, 1, 'the unavailable port is reported once, not per message');
  await port.close();
});

test('without an ALSA sequencer RtMidi is never called, so it prints nothing', { skip: !noSequencer, timeout: 10_000 }, () => {
  const module = fileURLToPath(new URL('../../src/outputs/midi.js', import.meta.url));
  const script = `import { midiPorts } from ${JSON.stringify(module)}; try { midiPorts(); } catch (e) { console.log(e.code); }`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 8000 });
  assert.equal(run.stdout.trim(), 'E_MIDI_UNAVAILABLE');
  assert.equal(run.stderr, '');
});
