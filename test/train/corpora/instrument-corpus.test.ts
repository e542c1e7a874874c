import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { realClock } from '../../../src/core/clock.js';
import { isTerpsiError } from '../../../src/core/errors.js';
import { seconds } from '../../../src/core/units.js';
import { decodeWav } from '../../../src/sources/wav.js';
import type { LabeledClip } from '../../../src/train/datasets/labeled-clip.js';
import { buildInstrumentCorpus, instrumentClipNames, type InstrumentCorpusProgress } from '../../../src/train/corpora/instrument-corpus.js';
import { instrumentGrooves } from '../../../src/train/corpora/instrument-grooves.js';
import { instrumentLabels } from '../../../src/train/corpora/instrument-labels.js';
import { instrumentTags } from '../../../src/train/corpora/instrument-tags.js';
import { readMidiFile } from '../../../src/train/corpora/midi-file.js';
import { readInstrumentCorpus } from '../../../src/train/corpora/read-instrument-corpus.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('terpsi-instruments-');
const options = { dir: join(dir, 'train'), split: 'train', clips: 2, seconds: 4, seed: 1 } as const;
const heldOptions = { ...options, dir: join(dir, 'test'), split: 'test', clips: 1 } as const;
let train: LabeledClip[] = [];
let held: LabeledClip[] = [];
const progress: InstrumentCorpusProgress[] = [];
let buildSeconds = 0;

before(async () => {
  const clock = realClock();
  train = await buildInstrumentCorpus({ ...options, onProgress: (p) => progress.push(p) });
  held = await buildInstrumentCorpus(heldOptions);
  buildSeconds = clock.now();
});

const all = () => [...train, ...held];
const stem = (clip: LabeledClip) => clip.audio.slice(0, -'.wav'.length);
const grooveFileOf = (clip: LabeledClip) => /^Use stdlib\/(.+)$/m.exec(readFileSync(`${stem(clip)}.mma`, 'utf8'))![1]!;

test('each clip has its four files, named by split, seed and index, built in seconds', () => {
  assert.deepEqual(progress, [
    { done: 1, total: 2, name: 'train-1-00000', cached: false },
    { done: 2, total: 2, name: 'train-1-00001', cached: false },
  ]);
  assert.deepEqual(train.map((c) => c.audio), progress.map((p) => join(options.dir, `${p.name}.wav`)));
  for (const clip of all()) for (const ext of ['.wav', '.mma', '.mid', '.labels.json']) assert.ok(statSync(`${stem(clip)}${ext}`).size > 0, `${stem(clip)}${ext}`);
  assert.ok(buildSeconds < 30, `built in ${buildSeconds.toFixed(1)} s`);
});

test('the audio is 16 kHz mono 16-bit, exactly the clip long, peaking at -3 dBFS', () => {
  for (const clip of all()) {
    const bytes = readFileSync(clip.audio);
    assert.equal(bytes.readUInt16LE(34), 16, 'bits per sample');
    const wav = decodeWav(bytes, clip.audio);
    assert.deepEqual([wav.sampleRate, wav.channels, wav.samples.length], [16000, 1, 4 * 16000]);
    const peak = wav.samples.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    assert.ok(Math.abs(20 * Math.log10(peak) + 3) < 0.1, `peak ${(20 * Math.log10(peak)).toFixed(2)} dBFS`);
  }
});

test('the labels are what the MIDI file plays: tags are the interval tags, intervals lie in the clip', () => {
  for (const clip of all()) {
    assert.ok(clip.tags.length >= 1);
    assert.deepEqual(clip.tags, instrumentTags.filter((t) => clip.intervals!.some((i) => i.tag === t)));
    for (const tag of clip.tags) {
      const spans = clip.intervals!.filter((i) => i.tag === tag);
      spans.forEach((i, k) => {
        assert.ok(i.onset >= 0 && i.onset < i.offset && i.offset <= 4, `${tag} ${i.onset}–${i.offset}`);
        if (k > 0) assert.ok(i.onset - spans[k - 1]!.offset >= 0.1 - 1e-6, `${tag}: intervals under 0.1 s apart are merged`);
      });
    }
    const midi = readMidiFile(readFileSync(`${stem(clip)}.mid`), `${stem(clip)}.mid`);
    const fromMidi = instrumentLabels(midi, seconds(4));
    assert.deepEqual(clip.tags, fromMidi.tags);
    assert.equal(fromMidi.unlabeledNotes, 0, 'no note of a program no tag names');
    assert.equal(clip.intervals!.length, fromMidi.intervals.length);
    clip.intervals!.forEach((i, k) => {
      const m = fromMidi.intervals[k]!;
      assert.ok(i.tag === m.tag && Math.abs(i.onset - m.onset) < 1e-6 && Math.abs(i.offset - m.offset) < 1e-6);
    });
    assert.match(readFileSync(`${stem(clip)}.mma`, 'utf8'), new RegExp(`^// families: ${clip.tags.join(', ')}$`, 'm'), 'the families drawn are the families heard');
  }
});

test('where no tag sounds, past the release tails, the audio is silent', () => {
  // Release tails ring up to about half a second after a note-off (the labels end at the note-off): quiet means later than that.
  let checked = 0;
  for (const clip of all()) {
    const wav = decodeWav(readFileSync(clip.audio), clip.audio);
    const inside = (t: number) => clip.intervals!.some((i) => t >= i.onset && t < i.offset);
    const quiet = (t: number) => !clip.intervals!.some((i) => t >= i.onset && t < i.offset + 0.5);
    let [sumIn, nIn, sumQuiet, nQuiet] = [0, 0, 0, 0];
    wav.samples.forEach((x, k) => {
      if (inside(k / 16000)) [sumIn, nIn] = [sumIn + x * x, nIn + 1];
      else if (quiet(k / 16000)) [sumQuiet, nQuiet] = [sumQuiet + x * x, nQuiet + 1];
    });
    if (nQuiet < 1600) continue;
    checked++;
    const ratio = Math.sqrt(sumIn / nIn / (sumQuiet / nQuiet));
    assert.ok(ratio > 30, `${clip.audio}: sounding ${(20 * Math.log10(ratio)).toFixed(0)} dB above ${(nQuiet / 16000).toFixed(2)} s of quiet`);
  }
  assert.ok(checked >= 1, 'one of these clips has a tenth of a second of quiet');
});

test('train and test share no clip seed and no groove file; every style has files on both sides', () => {
  const trainNames = new Set(instrumentClipNames({ split: 'train', clips: 1000, seed: 1 }));
  for (const split of ['validate', 'test'] as const) assert.ok(instrumentClipNames({ split, clips: 1000, seed: 3 }).every((n) => !trainNames.has(n)));
  for (const clip of train) assert.equal(instrumentGrooves.find((g) => g.file === grooveFileOf(clip))!.heldOut, false, grooveFileOf(clip));
  for (const clip of held) assert.equal(instrumentGrooves.find((g) => g.file === grooveFileOf(clip))!.heldOut, true, grooveFileOf(clip));
  for (const style of new Set(instrumentGrooves.map((g) => g.style))) {
    assert.ok(instrumentGrooves.some((g) => g.style === style && g.heldOut), `${style} held out`);
    assert.ok(instrumentGrooves.some((g) => g.style === style && !g.heldOut), `${style} trained on`);
  }
  assert.equal(new Set(instrumentGrooves.map((g) => g.file)).size, instrumentGrooves.length, 'each file once');
});

test('a second build keeps complete clips; a clip with a file missing is rebuilt identically', async () => {
  const [first, second] = train.map(stem) as [string, string];
  const files = ['.wav', '.mma', '.mid', '.labels.json'];
  const before = files.map((ext) => readFileSync(`${second}${ext}`));
  const modified = statSync(`${first}.wav`).mtimeMs;
  rmSync(`${second}.wav`);
  const again: InstrumentCorpusProgress[] = [];
  const clips = await buildInstrumentCorpus({ ...options, onProgress: (p) => again.push(p) });
  assert.deepEqual(again.map((p) => p.cached), [true, false]);
  assert.equal(statSync(`${first}.wav`).mtimeMs, modified);
  files.forEach((ext, i) => assert.deepEqual(readFileSync(`${second}${ext}`), before[i], `${ext}: deterministic`));
  assert.deepEqual(clips, train);
  assert.deepEqual(readInstrumentCorpus(options.dir), { tags: instrumentTags, clips: train });
});

test('bad options are E_USAGE; without mma on the PATH the build stops at once with E_TOOL naming the Debian package', async () => {
  const usage = (e: unknown) => isTerpsiError(e) && e.code === 'E_USAGE';
  await assert.rejects(buildInstrumentCorpus({ ...options, clips: 0 }), usage);
  await assert.rejects(buildInstrumentCorpus({ ...options, seconds: 0 }), usage);
  await assert.rejects(buildInstrumentCorpus({ ...options, seed: -1 }), usage);
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(buildInstrumentCorpus({ ...options, dir: join(dir, 'none') }), (e) => isTerpsiError(e) && e.code === 'E_TOOL' && /apt install mma/.test(e.message));
  } finally {
    process.env.PATH = path;
  }
});
