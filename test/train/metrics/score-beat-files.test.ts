import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { bpm, hertz } from '../../../src/core/units.js';
import { encodeWav } from '../../../src/sources/wav.js';
import { aubioBeatTimes } from '../../../src/train/aubio-beat-times.js';
import { formatBeats } from '../../../src/train/beats-file.js';
import { renderSong } from '../../../src/train/corpora/render-song.js';
import { scoreBeatFiles } from '../../../src/train/metrics/score-beat-files.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A folder of two 16 s songs with exact beats (120 and 150 BPM), and a WAV file without beats. */
function folder(): { dir: string; beats: Map<string, number[]> } {
  const dir = tempDir('terpsi-score-');
  const beats = new Map<string, number[]>();
  for (const [name, tempo] of [['b-150', 150], ['a-120', 120]] as const) {
    const song = renderSong({ tempo: bpm(tempo), bars: Math.round((16 * tempo) / 240), beatsPerBar: 4, sampleRate: hertz(22050), seed: tempo });
    writeFileSync(join(dir, `${name}.wav`), encodeWav(song.samples, song.sampleRate, 1));
    writeFileSync(join(dir, `${name}.beats`), formatBeats(song.beats));
    beats.set(join(dir, `${name}.wav`), [...song.beats]);
  }
  writeFileSync(join(dir, 'c-unannotated.wav'), encodeWav(new Float32Array(22050), hertz(22050), 1));
  return { dir, beats };
}

test('every annotated WAV file is scored in name order; one without beats is listed and skipped', async () => {
  const { dir, beats } = folder();
  const called: string[] = [];
  const progress: string[] = [];
  const result = await scoreBeatFiles(
    dir,
    async (file) => {
      called.push(file);
      // Right on a-120; 100 ms late (outside the window) on b-150.
      return beats.get(file)!.map((t) => (file.endsWith('a-120.wav') ? t : t + 0.1));
    },
    (done, total, name) => progress.push(`${done}/${total} ${name}`),
  );
  assert.deepEqual(result.scores.map((s) => [s.name, s.f]), [['a-120', 1], ['b-150', 0]]);
  assert.deepEqual(called, [join(dir, 'a-120.wav'), join(dir, 'b-150.wav')]);
  assert.deepEqual(progress, ['1/2 a-120', '2/2 b-150']);
  assert.deepEqual(result.unannotated, ['c-unannotated']);
  assert.deepEqual(result.mean, { f: 0.5, precision: 0.5, recall: 0.5 });
  assert.equal(result.scores[0]!.tempoRatio, 1);
});

test('the tempo ratio shows a tracker at half tempo', async () => {
  const { dir, beats } = folder();
  const result = await scoreBeatFiles(dir, async (file) => beats.get(file)!.filter((_, i) => i % 2 === 0));
  for (const s of result.scores) {
    assert.ok(Math.abs(s.tempoRatio - 0.5) < 1e-6, `${s.name}: ${s.tempoRatio}`);
    assert.ok(Math.abs(s.precision - 1) < 1e-9 && s.recall < 0.55, `${s.name}: P ${s.precision} R ${s.recall}`);
  }
});

test("aubio's online tracker finds the beats of a song with a kick on every beat", async () => {
  const { dir } = folder();
  const result = await scoreBeatFiles(dir, aubioBeatTimes);
  for (const s of result.scores) assert.ok(s.f > 0.9, `${s.name}: F ${s.f.toFixed(3)}`);
  await assert.rejects(aubioBeatTimes(join(dir, 'none.wav')), (e) => isTerpsiError(e) && e.code === 'E_TOOL' && e.message.includes('none.wav'));
});

test('an unreadable WAV file or beats a tracker gives out of order are coded errors naming the file', async () => {
  const { dir } = folder();
  await assert.rejects(
    scoreBeatFiles(dir, async () => [6, 5]),
    (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(join(dir, 'a-120.wav')) && /must not decrease/.test(e.message),
  );
  writeFileSync(join(dir, 'a-120.wav'), 'not audio at all');
  let called = false;
  await assert.rejects(
    scoreBeatFiles(dir, async () => {
      called = true;
      return [];
    }),
    (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(`${join(dir, 'a-120.wav')}: not a WAV file`),
  );
  assert.equal(called, false);
  await assert.rejects(scoreBeatFiles(join(dir, 'missing'), async () => []), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes('missing'));
});
