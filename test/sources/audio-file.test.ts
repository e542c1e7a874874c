import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lastValueFrom, toArray } from 'rxjs';
import { virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { AudioFrame, Frame } from '../../src/core/frames.js';
import { hertz } from '../../src/core/units.js';
import { audioFile, type AudioFileParams } from '../../src/sources/audio-file.js';
import { encodeWav } from '../../src/sources/wav.js';
import { testContext } from '../helpers/context.js';
import { ffmpeg } from '../helpers/ffmpeg.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('terpsi-audio-file-');
const play = async (params: Partial<AudioFileParams> & { path: string }) => {
  const ctx = testContext('file', { clock: virtualClock() });
  const frames = (await lastValueFrom(
    audioFile.create({ channels: 1, blockSize: 512, loop: false, ...params }, ctx).pipe(toArray<Frame>()),
  )) as AudioFrame[];
  return { frames, ctx, samples: Float32Array.from(frames.flatMap((f) => [...f.samples])) };
};

test('a 10 s WAV plays on the virtual clock in far less than 10 s, timed by its sample counter', async () => {
  const rate = 16000;
  const x = Float32Array.from({ length: rate * 10 }, (_, i) => 0.3 * Math.sin(i * 0.05));
  const file = join(dir, 'ten.wav');
  writeFileSync(file, encodeWav(x, hertz(rate), 1, 'float32'));
  const started = performance.now();
  const { frames, samples } = await play({ path: file, blockSize: 534 });
  assert.ok(performance.now() - started < 5000);
  assert.equal(frames.length, Math.ceil(x.length / 534));
  frames.forEach((f, k) => {
    assert.equal(f.index, k * 534);
    assert.equal(f.t, (k * 534) / rate);
  });
  assert.deepEqual(samples, x);
});

test('WAV decoded natively equals the same file through ffmpeg; stereo mixes to mono', async () => {
  const file = join(dir, 'stereo.wav');
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=22050:duration=1', '-f', 'lavfi', '-i', 'sine=frequency=700:sample_rate=22050:duration=1', '-filter_complex', 'amerge', '-c:a', 'pcm_s16le', file);
  const native = await play({ path: file });
  const flac = join(dir, 'stereo.flac');
  ffmpeg('-i', file, flac);
  const viaFfmpeg = await play({ path: flac });
  assert.equal(native.samples.length, 22050);
  assert.equal(viaFfmpeg.samples.length, 22050);
  for (let i = 0; i < 22050; i++) {
    const expected = (Math.sin((2 * Math.PI * 300 * i) / 22050) + Math.sin((2 * Math.PI * 700 * i) / 22050)) / 16;
    assert.ok(Math.abs(native.samples[i]! - expected) < 1e-3, `native ${i}`);
    assert.ok(Math.abs(viaFfmpeg.samples[i]! - native.samples[i]!) < 1e-4, `ffmpeg ${i}`);
  }
});

test('asking another sample rate resamples through ffmpeg', async () => {
  const file = join(dir, 'rate.wav');
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=2', file);
  const { frames, samples } = await play({ path: file, sampleRate: 16000 });
  assert.equal(frames[0]!.sampleRate, 16000);
  assert.ok(Math.abs(samples.length - 32000) <= 16, `${samples.length} samples`);
});

test('NaN, infinities and overs are cleaned with a warning; a one-sample file plays one short block', async () => {
  const x = Float32Array.from([0.1, Number.NaN, Infinity, -3, 0.5]);
  const file = join(dir, 'dirty.wav');
  writeFileSync(file, encodeWav(x, hertz(8000), 1, 'float32'));
  const { samples, ctx } = await play({ path: file });
  assert.deepEqual([...samples], [Math.fround(0.1), 0, 0, -1, 0.5]);
  assert.ok(ctx.lines.some((l) => l.includes('2 NaN or infinite samples replaced by 0')), ctx.lines.join('\n'));
  const one = join(dir, 'one.wav');
  writeFileSync(one, encodeWav(Float32Array.of(0.25), hertz(8000), 1, 'float32'));
  assert.deepEqual([...(await play({ path: one })).samples], [0.25]);
});

test('missing, truncated-header and non-audio files are coded errors naming the file', async () => {
  const missing = join(dir, 'missing.wav');
  assert.throws(() => audioFile.create({ path: missing, channels: 1, blockSize: 512, loop: false }, testContext()), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message === `${missing}: no such file`);
  const text = join(dir, 'notes.mp3');
  writeFileSync(text, 'these are my notes, not audio');
  await assert.rejects(play({ path: text }), (e) => isTerpsiError(e) && e.code === 'E_FFMPEG' && e.message.startsWith(text));
  const header = join(dir, 'header.wav');
  writeFileSync(header, encodeWav(new Float32Array(0), hertz(8000), 1).subarray(0, 30));
  assert.throws(() => audioFile.create({ path: header, channels: 1, blockSize: 512, loop: false }, testContext()), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(header));
});
