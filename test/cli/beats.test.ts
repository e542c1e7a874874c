import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bpm, hertz } from '../../src/core/units.js';
import { encodeWav } from '../../src/sources/wav.js';
import { renderSong } from '../../src/train/corpora/render-song.js';
import { beatFMeasure } from '../../src/train/metrics/beat-f-measure.js';
import { terpsi } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('terpsi-beats-');
const wav = (name: string, samples: Float32Array, rate: number) => {
  const file = join(dir, name);
  writeFileSync(file, encodeWav(samples, hertz(rate), 1));
  return file;
};
const lines = (out: string) => out.split('\n').filter((l) => l !== '');

test('terpsi beats prints the beats of a song, one time per line, rising; terpsi tempo its tempo', async () => {
  const song = renderSong({ tempo: bpm(132), bars: 16, beatsPerBar: 4, sampleRate: hertz(22050), seed: 5 });
  const file = wav('song.wav', song.samples, 22050);
  const beats = await terpsi(['beats', file]);
  assert.equal(beats.code, 0, beats.stderr);
  const times = lines(beats.stdout).map(Number);
  assert.ok(times.every((t, i) => Number.isFinite(t) && (i === 0 || t > times[i - 1]!)), beats.stdout);
  assert.ok(beatFMeasure(song.beats, times).f >= 0.9, `F ${beatFMeasure(song.beats, times).f}`);
  const tempo = await terpsi(['tempo', file]);
  assert.equal(tempo.code, 0, tempo.stderr);
  const rows = lines(tempo.stdout).map((l) => l.split(' ').map(Number));
  assert.equal(rows.length, times.length);
  const last = rows.at(-1)!;
  assert.ok(Math.abs(last[1]! - 132) < 2 && last[2]! > 0 && last[2]! <= 1, `last row ${last.join(' ')}`);
});

test('an odd sample rate tracks as well; a one-sample file and silence give no beats and no error', async () => {
  const song = renderSong({ tempo: bpm(104), bars: 12, beatsPerBar: 4, sampleRate: hertz(11111), seed: 2 });
  const odd = await terpsi(['beats', wav('odd.wav', song.samples, 11111)]);
  assert.equal(odd.code, 0, odd.stderr);
  const f = beatFMeasure(song.beats, lines(odd.stdout).map(Number)).f;
  assert.ok(f >= 0.9, `F ${f} at 11111 Hz`);
  for (const [name, samples] of [['one.wav', Float32Array.of(0.5)], ['silence.wav', new Float32Array(22050 * 10)]] as const) {
    const r = await terpsi(['beats', wav(name, samples, 22050)]);
    assert.deepEqual([r.code, r.stdout], [0, ''], `${name}: ${r.stderr}`);
  }
});

test('missing, truncated and non-audio files are coded errors naming the file; no file is a usage error', async () => {
  const missing = join(dir, 'missing.wav');
  const truncated = join(dir, 'truncated.wav');
  writeFileSync(truncated, encodeWav(new Float32Array(100), hertz(22050), 1).subarray(0, 30));
  const text = join(dir, 'notes.mp3');
  writeFileSync(text, 'a shopping list, not a song');
  for (const [file, code] of [[missing, 'E_FILE_UNREADABLE'], [truncated, 'E_FILE_FORMAT'], [text, 'E_FFMPEG']] as const) {
    const r = await terpsi(['beats', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.startsWith(`terpsi: ${code}: ${file}`), r.stderr);
  }
  const usage = await terpsi(['beats']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^terpsi: E_USAGE: expected one audio file/);
});
