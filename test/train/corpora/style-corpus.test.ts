import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeWav } from '../../../src/sources/wav.js';
import { ballroomStyles } from '../../../src/train/corpora/ballroom-styles.js';
import { readMidiFile } from '../../../src/train/corpora/midi-file.js';
import { buildStyleCorpus, readStyleCorpus, styleProgressions, styleSongs } from '../../../src/train/corpora/style-corpus.js';
import { voicePool } from '../../../src/train/corpora/style-voices.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('test songs use tempi, progressions and sound sources that training never had; splits share no seed', () => {
  for (const role of ['harmony', 'bass', 'drums'] as const) {
    const seen = voicePool(role, 'seen');
    const unseen = voicePool(role, 'unseen');
    assert.ok(seen.length >= 3 && unseen.length >= 3);
    assert.ok(seen.every((p) => !unseen.includes(p)), role);
  }
  const train = styleProgressions('train').map((p) => p.join(' '));
  assert.ok(styleProgressions('test').every((p) => !train.includes(p.join(' '))));
  assert.deepEqual(styleProgressions('validate'), styleProgressions('train'));

  const songs = { train: styleSongs({ split: 'train', perClass: 20, seed: 1 }), validate: styleSongs({ split: 'validate', perClass: 20, seed: 1 }), test: styleSongs({ split: 'test', perClass: 20, seed: 1 }) };
  assert.equal(songs.train.length, 200);
  const seeds = (list: typeof songs.train) => new Set(list.map((s) => s.seed));
  for (const s of seeds(songs.test)) assert.ok(!seeds(songs.train).has(s) && !seeds(songs.validate).has(s));
  assert.ok(songs.test.every((s) => s.tempo % 2 === 1 && voicePool('harmony', 'unseen').includes(s.voices.harmony) && voicePool('drums', 'unseen').includes(s.voices.drums)));
  assert.ok(songs.train.every((s) => s.tempo % 2 === 0 && voicePool('bass', 'seen').includes(s.voices.bass)));
  assert.deepEqual(styleSongs({ split: 'test', perClass: 20, seed: 1 }), songs.test, 'deterministic');
});

test('a built style corpus: 16 kHz songs of the asked length, paso doble a 2/4 march at 120–124 beats a minute, read back with their classes', async () => {
  const dir = tempDir('terpsi-styles-');
  const clips = await buildStyleCorpus({ dir, split: 'test', perClass: 1, seconds: 6, seed: 2 });
  assert.equal(clips.length, ballroomStyles.length);
  for (const clip of clips) {
    const wav = decodeWav(readFileSync(clip.audio), clip.audio);
    assert.equal(wav.sampleRate, 16000);
    assert.ok(Math.abs(wav.samples.length / 16000 - 6) < 0.5, `${clip.audio}: ${wav.samples.length / 16000} s`);
    assert.ok(wav.samples.some((x) => Math.abs(x) > 0.1), `${clip.audio} is not silent`);
  }
  const paso = clips.find((c) => c.tags[0] === 'paso_doble')!;
  const name = paso.audio.replace(/\.wav$/, '');
  const midi = readMidiFile(readFileSync(`${name}.mid`), `${name}.mid`);
  assert.ok(midi.timeSignatures.some((s) => s.numerator === 2 && s.denominator === 4));
  const bpm = 60_000_000 / midi.tempos.at(-1)!.microsPerQuarter;
  const drawn = JSON.parse(readFileSync(`${name}.json`, 'utf8'));
  assert.ok(Math.abs(bpm - drawn.tempo) < 0.5 && drawn.tempo >= 120 && drawn.tempo <= 124, `${bpm} quarter notes a minute`);
  const source = readFileSync(`${name}.mma`, 'utf8');
  assert.match(source, new RegExp(`AllTracks Chord Arpeggio Scale Plectrum Voice ${drawn.voices.harmony}\\b`));
  assert.ok(voicePool('harmony', 'unseen').includes(drawn.voices.harmony));

  const read = readStyleCorpus(dir);
  assert.deepEqual(read.tags, ballroomStyles);
  assert.deepEqual(
    read.clips.map((c) => c.tags[0]).sort(),
    [...ballroomStyles].sort(),
  );
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ style: 'polka' }));
  assert.throws(() => readStyleCorpus(dir), (e: Error & { code?: string }) => e.code === 'E_FILE_FORMAT' && e.message.includes('broken.json') && e.message.includes('style'));
});
