import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../src/core/paths.js';
import { hertz } from '../../src/core/units.js';
import { encodeWav } from '../../src/sources/wav.js';
import { terpsi } from '../helpers/cli.js';
import { moduleChild } from '../helpers/module-child.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Real PortAudio through ALSA, no sound card: an ALSA config (read from ALSA_CONFIG_PATH when a
 * process first uses ALSA, hence the child processes) defines playback devices with the `file`
 * plugin, which writes what is played to a raw file; its `null` slave takes samples as fast as
 * they come.
 */
const dir = tempDir('terpsi-audio-out-');
const rate = 16000;
const expected = Int16Array.from({ length: rate / 2 }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / rate) + 5000 * Math.cos(i * 0.013)));
writeFileSync(join(dir, 'tone.wav'), encodeWav(Float32Array.from(expected, (x) => x / 32768), hertz(rate), 1));
const conf = join(dir, 'asound.conf');
const device = (name: string) => `pcm.${name} { type file; slave.pcm { type null }; file "${join(dir, `${name}.raw`)}"; format "raw" }\n`;
writeFileSync(conf, `${device('terpsi_out')}${device('terpsi_stereo')}pcm.!default terpsi_out\n`);
const env = { ALSA_CONFIG_PATH: conf };
const played = (name: string) => {
  const bytes = readFileSync(join(dir, `${name}.raw`));
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
};

/** Checks that device `name` played `wanted`, give or take silence before and after it. */
function assertPlayed(name: string, wanted: readonly number[]): void {
  const samples = played(name);
  const first = samples.findIndex((x) => x !== 0);
  let end = samples.length;
  while (end > first && samples[end - 1] === 0) end--;
  const got = samples.subarray(Math.max(first, 0), end);
  const differs = wanted.findIndex((x, i) => got[i] !== x);
  assert.ok(first >= 0 && differs < 0 && got.length === wanted.length, `${name}: ${got.length} samples for ${wanted.length}, first difference at ${differs}`);
}

const patch = (name: string, outputs: string) => {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nsources:\n  tone: { type: audio-file, path: tone.wav, blockSize: 256 }\noutputs:\n${outputs}`);
  return file;
};

test('audio-out plays an audio file on the file-plugin device, sample for sample; mono is doubled on a stereo device', async () => {
  const file = patch(
    'play',
    `  - { type: audio-out, input: tone, device: terpsi_out }\n  - { type: audio-out, input: tone, device: terpsi_stereo, channels: 2, latency: 0.05 }\n`,
  );
  const result = await terpsi(['run', file], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /E_[A-Z_]+/);
  assertPlayed('terpsi_out', Array.from(expected));
  assertPlayed('terpsi_stereo', Array.from(expected).flatMap((x) => [x, x]));
});

test('an unknown output device is E_AUDIO_DEVICE naming it and listing the outputs there are', async () => {
  const result = await terpsi(['run', patch('unknown', '  - { type: audio-out, input: tone, device: no-such-speaker }\n'), '--duration', '1'], { env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /terpsi: E_AUDIO_DEVICE: no audio output "no-such-speaker"; outputs: \d+ "terpsi_out", \d+ "terpsi_stereo"/);
});

const dist = (path: string) => JSON.stringify(pathToFileURL(join(packageRoot, 'dist', path)).href);


test('bad samples are made safe, other kinds ignored, frames at another rate reported once and dropped; close plays the tail', async () => {
  const result = await moduleChild(
    `import { audioOut } from ${dist('src/outputs/audio-out.js')};
import { testContext } from ${dist('test/helpers/context.js')};
const ctx = testContext('speaker');
const port = audioOut.create(audioOut.params.parse({ device: 'terpsi_stereo', channels: 2 }), ctx);
await port.open();
const audio = (sampleRate, channels, samples) => ({ kind: 'audio', t: 0, source: 'gen', sampleRate, channels, samples: Float32Array.from(samples), index: 0 });
port.write({ kind: 'control', t: 0, source: 'gen', name: 'level', values: [0.5] });
port.write(audio(${rate}, 1, [0.5, NaN, Infinity, -Infinity, 2, -3, 1, -1, 0.25]));
port.write(audio(44100, 1, [0.5, 0.5]));
port.write(audio(44100, 1, [0.5, 0.5]));
port.write(audio(${rate}, 2, [0.1, -0.1, 0.2, -0.2]));
await port.close();
process.stdout.write('RESULT ' + JSON.stringify({ stats: port.stats(), reported: ctx.reported.map((e) => e.code + ': ' + e.message) }) + '\\n');
process.exit(0);`,
    env,
  );
  assert.deepEqual(result['reported'], ['E_PARAM: audio output "terpsi_stereo" plays at 16000 Hz; 44100 Hz frames from "gen" are dropped']);
  assertPlayed('terpsi_stereo', [16384, 0, 32767, -32768, 32767, -32768, 32767, -32768, 8192, 3277, 6554].flatMap((x, i) => (i < 9 ? [x, x] : [x, -x])));
  const stats = result['stats'] as Record<string, number>;
  assert.deepEqual([stats['frames'], stats['sent'], stats['dropped'], stats['errors']], [5, 1, 2, 0]);
});

test('a device that stops taking audio is reported once; the oldest blocks are dropped and counted, and close gives up on it', async () => {
  // The file plugin writes into a named pipe that nobody reads: once the pipe is full, the
  // driver blocks, as one does when its device is unplugged.
  const fifo = join(dir, 'stalling.fifo');
  execFileSync('mkfifo', [fifo]);
  const fifoConf = join(dir, 'asound-fifo.conf');
  writeFileSync(fifoConf, `pcm.terpsi_fifo { type file; slave.pcm { type null }; file "${fifo}"; format "raw" }\npcm.!default terpsi_fifo\n`);
  let fd: number | undefined = openSync(fifo, constants.O_RDWR); // read-write: the plugin's open does not wait for a reader
  let piped = new Int16Array(0);
  // Takes what the driver wrote before it blocked, and lets it go on, so that the child can exit:
  // the write naudiodon was blocked in holds one of libuv's threads, which Node waits for at exit.
  const unblock = () => {
    if (fd === undefined) return;
    const bytes = Buffer.alloc(1 << 16);
    piped = new Int16Array(bytes.buffer, 0, readSync(fd, bytes) / 2);
    closeSync(fd);
    fd = undefined;
  };
  try {
    const result = await moduleChild(
      `import { audioOut } from ${dist('src/outputs/audio-out.js')};
import { testContext } from ${dist('test/helpers/context.js')};
const ctx = testContext('speaker');
const port = audioOut.create(audioOut.params.parse({ device: 'terpsi_fifo', sampleRate: ${rate}, channels: 1 }), ctx);
await port.open();
// 0.1 s frames, each of one value, 5 times faster than real time, until the stall is reported.
let k = 0;
while (ctx.reported.length === 0 && k < 500) {
  port.write({ kind: 'audio', t: 0, source: 'gen', sampleRate: ${rate}, channels: 1, samples: new Float32Array(1600).fill((k++ % 100) / 128 + 0.001), index: 0 });
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await port.close();
process.stdout.write('RESULT ' + JSON.stringify({ frames: k, stats: port.stats(), reported: ctx.reported.map((e) => e.code + ': ' + e.message), log: ctx.lines }) + '\\n');
process.exit(0);`,
      { ALSA_CONFIG_PATH: fifoConf },
      unblock,
    );
    assert.deepEqual(result['reported'], ['E_AUDIO_DEVICE: audio output "terpsi_fifo" took no audio for 2 s; the device stopped or was unplugged']);
    const stats = result['stats'] as Record<string, number>;
    assert.ok(stats['dropped']! > 0, JSON.stringify(stats));
    assert.equal(stats['sent']! + stats['dropped']!, (result['frames'] as number) * 4 - 1, 'every block but the one the device never took is sent or dropped');
    assert.match(String(result['log']), /audio output "terpsi_fifo" did not play the end of the audio within 1\.\d s; closed without it/);
    // Until the device stopped, it played the frames in order, nothing dropped.
    const first = piped.findIndex((x) => x !== 0);
    assert.ok(first >= 0 && piped.length - first > 16000, `${piped.length - first} samples before the device stopped`);
    piped.subarray(first).forEach((x, i) => assert.equal(x, 256 * Math.floor(i / 1600) + 33, `sample ${i}`));
  } finally {
    unblock();
  }
});
