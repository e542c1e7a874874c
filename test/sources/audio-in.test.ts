import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../src/core/paths.js';
import type { AudioFrame } from '../../src/core/frames.js';
import { readSession } from '../../src/sources/session-file.js';
import { terpsi } from '../helpers/cli.js';
import { moduleChild } from '../helpers/module-child.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Real PortAudio through ALSA, no sound card: an ALSA config (read from ALSA_CONFIG_PATH when a
 * process first uses ALSA, hence the child processes) defines a capture device with the `file`
 * plugin, which reads its samples from a raw file.
 */
const dir = tempDir('terpsi-audio-in-');
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


const dist = (path: string) => JSON.stringify(pathToFileURL(join(packageRoot, 'dist', path)).href);

test('a device that stops delivering errors with E_AUDIO_DEVICE; WebAssembly traps stay catchable while capturing', async () => {
  // The file plugin reads a named pipe: it delivers what is written, then blocks, as a driver
  // does when its device is unplugged.
  const fifo = join(dir, 'stalling.fifo');
  execFileSync('mkfifo', [fifo]);
  const fifoConf = join(dir, 'asound-fifo.conf');
  writeFileSync(fifoConf, `pcm.terpsi_fifo { type file; slave.pcm { type null }; file "/dev/null"; infile "${fifo}"; format "raw" }\npcm.!default terpsi_fifo\n`);
  const written = expected.subarray(0, 8 * 400);
  let fd: number | undefined = openSync(fifo, constants.O_RDWR); // read-write: opening does not wait for a reader
  // Closing the pipe lets the blocked driver thread return, so that the child can exit.
  const unblock = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  try {
    writeSync(fd, new Uint8Array(written.buffer, written.byteOffset, written.byteLength));
    const started = performance.now();
    const result = await moduleChild(
      `import { audioIn } from ${dist('src/sources/audio-in.js')};
import { testContext } from ${dist('test/helpers/context.js')};
// (module (memory 1) (func (export "f") (param i32) (result i32) local.get 0 i32.load))
const wasm = new Uint8Array([0,97,115,109,1,0,0,0,1,6,1,96,1,127,1,127,3,2,1,0,5,3,1,0,1,7,5,1,1,102,0,0,10,9,1,7,0,32,0,40,2,0,11]);
const ctx = testContext('mic');
const captured = [];
let trap;
audioIn.create({ device: 'terpsi_fifo', sampleRate: ${rate}, channels: 1, blockSize: 400 }, ctx).subscribe({
  next(f) {
    captured.push(...Array.from(f.samples, (x) => Math.round(x * 32768)));
    if (trap === undefined) {
      try { new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports.f(1 << 30); trap = 'no trap'; }
      catch (e) { trap = e.constructor.name + ': ' + e.message; }
    }
  },
  error(e) {
    process.stdout.write('RESULT ' + JSON.stringify({ code: e.code, message: e.message, after: ctx.clock.now(), captured, trap }) + '\\n');
    process.exit(0);
  },
});`,
      { ALSA_CONFIG_PATH: fifoConf },
      unblock,
    );
    assert.ok(performance.now() - started < 15_000, 'the child exits once the driver is unblocked');
    assert.equal(result['trap'], 'RuntimeError: memory access out of bounds');
    assert.deepEqual(result['captured'], Array.from(written));
    assert.equal(result['code'], 'E_AUDIO_DEVICE');
    assert.match(String(result['message']), /^audio input "terpsi_fifo": no audio for 2\.0 s; the device stopped or was unplugged$/);
    assert.ok((result['after'] as number) >= 2 && (result['after'] as number) < 6, `after ${String(result['after'])} s`);
  } finally {
    unblock();
  }
});
