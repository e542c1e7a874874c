import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { hertz } from '../../src/core/units.js';
import { decodeWav, encodeWav } from '../../src/sources/wav.js';
import { ffmpeg } from '../helpers/ffmpeg.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('terpsi-wav-');
const sine = (n: number, f: number, rate: number, a = 0.5) => Float32Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * f * i) / rate));

test('float32 WAV round-trips bit for bit; 16-bit PCM to within half a step', () => {
  const x = sine(1000, 440, 16000);
  const f = decodeWav(encodeWav(x, hertz(16000), 1, 'float32'), 'f.wav');
  assert.deepEqual(f.samples, x);
  assert.equal(f.sampleRate, 16000);
  const p = decodeWav(encodeWav(x, hertz(16000), 1), 'p.wav');
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(p.samples[i]! - x[i]!) <= 0.5 / 32768 + 1e-9);
});

test('8, 16, 24 and 32-bit PCM and 64-bit float written by ffmpeg all decode to the same sine', () => {
  for (const codec of ['pcm_u8', 'pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f64le']) {
    const file = join(dir, `${codec}.wav`);
    // Four channels make ffmpeg write WAVE_FORMAT_EXTENSIBLE headers; the mono sine goes to the centre, channel 2.
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=8000:duration=0.1', '-ac', '4', '-c:a', codec, file);
    const wav = decodeWav(readFileSync(file), file);
    assert.equal(wav.channels, 4, codec);
    assert.equal(wav.sampleRate, 8000, codec);
    assert.equal(wav.samples.length, 800 * 4, codec);
    const tolerance = codec === 'pcm_u8' ? 1 / 64 : 1e-4;
    // ffmpeg's sine source has amplitude 1/8.
    for (let i = 0; i < 800; i++) {
      const expected = Math.sin((2 * Math.PI * 1000 * i) / 8000) / 8;
      assert.ok(Math.abs(wav.samples[4 * i + 2]! - expected) <= tolerance, `${codec} sample ${i}: ${wav.samples[4 * i + 2]} vs ${expected}`);
    }
  }
});

test('a truncated data chunk decodes what is there, with a warning', () => {
  const whole = encodeWav(sine(100, 440, 16000), hertz(16000), 1);
  const cut = decodeWav(whole.subarray(0, 44 + 101), 'cut.wav');
  assert.equal(cut.samples.length, 50);
  assert.match(cut.warning!, /cut\.wav: truncated/);
});

test('not a WAV, an unsupported encoding and a header-only file are E_FILE_FORMAT naming the file', () => {
  const formatError = (bytes: Uint8Array, pattern: RegExp) =>
    assert.throws(() => decodeWav(bytes, 'x.wav'), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith('x.wav: ') && pattern.test(e.message));
  formatError(new TextEncoder().encode('this is not audio at all, just text'), /./);
  formatError(new Uint8Array(3), /not a WAV file \(3 bytes\)/);
  const mulaw = join(dir, 'mulaw.wav');
  ffmpeg('-f', 'lavfi', '-i', 'sine=duration=0.05', '-c:a', 'pcm_mulaw', mulaw);
  formatError(readFileSync(mulaw), /µ-law/);
  formatError(encodeWav(new Float32Array(0), hertz(16000), 1).subarray(0, 36), /no audio data/);
});
