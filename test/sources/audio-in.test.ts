import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AudioFrame } from '../../src/core/frames.js';
import { readSession } from '../../src/sources/session-file.js';
import { terpsi } from '../helpers/cli.js';

/**
 * Real PortAudio through ALSA, no sound card: an ALSA config (read from ALSA_CONFIG_PATH when a
 * process first uses ALSA, hence the child processes) defines a capture device with the `file`
 * plugin, which reads its samples from a raw file.
 */
const dir = mkdtempSync(join(tmpdir(), 'terpsi-audio-in-'));
const rate = 16000;
const raw = join(dir, 'input.raw');
const expected = Int16Array.from({ length: rate }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / rate) + 3000 * Math.sin(i * 0.013)));
writeFileSync(raw, new Uint8Array(expected.buffer));
const conf = join(dir, 'asound.conf');
writeFileSync(
  conf,
  `pcm.terpsi_file {
  type file
  slave.pcm { type null }
  file "/dev/null"
  infile "${raw}"
  format "raw"
}
pcm.!default terpsi_file
`,
);
const env = { ALSA_CONFIG_PATH: conf };
const patch = (device: string) => {
  const file = join(dir, `${device}.yaml`);
  writeFileSync(file, `name: capture\nsources:\n  mic: { type: audio-in, device: ${device}, sampleRate: ${rate}, channels: 1, blockSize: 400 }\n`);
  return file;
};

test('audio-in captures the file-plugin device through PortAudio, sample for sample', async () => {
  const session = join(dir, 'capture.jsonl');
  const result = await terpsi(['record', patch('terpsi_file'), '--out', session, '--duration', '1.5'], { env });
  assert.equal(result.code, 0, result.stderr);
  const frames: AudioFrame[] = [];
  for await (const f of readSession(session)) if (f.kind === 'audio') frames.push(f);
  assert.ok(frames.length * 400 >= expected.length, `captured ${frames.length} blocks`);
  frames.forEach((f, k) => {
    assert.equal(f.samples.length, 400);
    assert.equal(f.index, k * 400);
    assert.equal(f.source, 'mic');
    if (k > 0) assert.ok(Math.abs(f.t - frames[k - 1]!.t - 400 / rate) < 1e-9, 'times follow the sample counter');
  });
  const captured = Float32Array.from(frames.flatMap((f) => [...f.samples]));
  for (let i = 0; i < expected.length; i++) assert.equal(captured[i], expected[i]! / 32768, `sample ${i}`);
  assert.ok(readFileSync(session, 'utf8').startsWith('{"format":"terpsi-session"'));
});

test('an unknown input device is E_AUDIO_DEVICE listing the inputs there are', async () => {
  const result = await terpsi(['run', patch('no-such-mic'), '--duration', '1'], { env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /terpsi: E_AUDIO_DEVICE: no audio input "no-such-mic"; inputs: \d+ "terpsi_file"/);
});

test('terpsi devices and doctor see the ALSA device through PortAudio', async () => {
  const devices = await terpsi(['devices', '--json'], { env });
  assert.equal(devices.code, 0, devices.stderr);
  const listed = JSON.parse(devices.stdout) as { audio: { devices: { name: string; maxInputChannels: number }[] } };
  assert.ok(listed.audio.devices.some((d) => d.name === 'terpsi_file' && d.maxInputChannels > 0), devices.stdout);
  const doctor = await terpsi(['doctor'], { env });
  assert.equal(doctor.code, 0, doctor.stderr);
  assert.match(doctor.stdout, /^backend +wasm — WebAssembly/m);
  assert.match(doctor.stdout, /^audio +PortAudio host APIs: ALSA \(2 inputs\)/m);
  assert.match(doctor.stdout, /^midi +(available|unavailable: E_MIDI_UNAVAILABLE)/m);
  assert.match(doctor.stdout, /^ffmpeg +ffmpeg version /m);
});
