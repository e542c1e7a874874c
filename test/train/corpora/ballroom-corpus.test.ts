import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { realClock } from '../../../src/core/clock.js';
import { isTerpsiError } from '../../../src/core/errors.js';
import { decodeWav } from '../../../src/sources/wav.js';
import { readBeatsFile } from '../../../src/train/beats-file.js';
import { ballroomSongs, buildBallroomCorpus, degradations, type CorpusProgress, type CorpusSong } from '../../../src/train/corpora/ballroom-corpus.js';
import { ballroomDances } from '../../../src/train/corpora/ballroom-dances.js';
import { beatTicks, drumChannel, readMidiFile, tickTime } from '../../../src/train/corpora/midi-file.js';
import { firstSound, onsetLag } from '../../helpers/audio-alignment.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('terpsi-ballroom-');
const options = { dir, split: 'test', perDance: 1, seconds: 8, seed: 1 } as const;
let songs: CorpusSong[] = [];
const progress: CorpusProgress[] = [];
let buildSeconds = 0;

before(async () => {
  const clock = realClock();
  songs = await buildBallroomCorpus({ ...options, onProgress: (p) => progress.push(p) });
  buildSeconds = clock.now();
});

const wav = (name: string) => decodeWav(readFileSync(join(dir, `${name}.wav`)), name);
const midi = (song: CorpusSong) => readMidiFile(readFileSync(join(dir, `${song.name}.mid`)), `${song.name}.mid`);

test('one 8 s song per dance, named by dance, tempo and seed, built in well under a minute', () => {
  assert.deepEqual(songs.map((s) => s.dance), ballroomDances.map((d) => d.id));
  assert.deepEqual(progress.map((p) => [p.done, p.total, p.cached]), songs.map((_, i) => [i + 1, songs.length, false]));
  for (const song of songs) {
    const dance = ballroomDances.find((d) => d.id === song.dance)!;
    assert.equal(song.name, `${song.dance}-${song.tempo}-s1500`);
    assert.ok(song.tempo >= dance.tempo[0] && song.tempo <= dance.tempo[1] && song.tempo % 2 === 1, `${song.name}: an odd tempo in the dance's range`);
  }
  assert.ok(buildSeconds < 60, `built in ${buildSeconds.toFixed(1)} s`);
});

test('dev and test splits share no song seed and no tempo', () => {
  const dev = ballroomSongs({ split: 'dev', perDance: 20, seed: 1 });
  const test = ballroomSongs({ split: 'test', perDance: 20, seed: 1 });
  const seeds = new Set(dev.map((s) => s.seed));
  assert.ok(test.every((s) => !seeds.has(s.seed)));
  for (const dance of ballroomDances) {
    const tempi = new Set(dev.filter((s) => s.dance === dance.id).map((s) => s.tempo));
    assert.ok(test.filter((s) => s.dance === dance.id).every((s) => !tempi.has(s.tempo)), dance.id);
  }
  assert.throws(() => ballroomSongs({ split: 'dev', perDance: 0, seed: 1 }), (e) => isTerpsiError(e) && e.code === 'E_USAGE');
});

test('the beats are every beat of the MIDI file from the first bar to the end of the last, the same for each version', () => {
  for (const song of songs) {
    const file = midi(song);
    const [start, end] = ['SongStart', 'SongEnd'].map((text) => file.markers.find((m) => m.text === text)!.tick);
    const time = tickTime(file);
    const expected = beatTicks(file, start!, end!).map(time);
    const beats = readBeatsFile(join(dir, `${song.name}-clean.beats`));
    assert.equal(beats.length, expected.length, song.name);
    beats.forEach((t, i) => assert.ok(Math.abs(t - expected[i]!) < 1e-6, `${song.name} beat ${i}`));
    assert.equal(beats[0], 0);
    // The annotated tempo is the song's, to the microsecond per quarter note the MIDI file keeps.
    const period = (beats[beats.length - 1]! - beats[0]!) / (beats.length - 1);
    assert.ok(Math.abs(period - 60 / song.tempo) < 1e-5, `${song.name}: beat period ${period} s`);
    const dance = ballroomDances.find((d) => d.id === song.dance)!;
    assert.equal(beats.length % dance.timeSignature[0], 0, `${song.name}: whole bars`);
    for (const d of degradations) assert.equal(readFileSync(join(dir, `${song.name}-${d}.beats`), 'utf8'), readFileSync(join(dir, `${song.name}-clean.beats`), 'utf8'));
  }
});

test('drum note-ons fall on the annotated beats', () => {
  for (const song of songs) {
    const file = midi(song);
    const [start, end] = ['SongStart', 'SongEnd'].map((text) => file.markers.find((m) => m.text === text)!.tick);
    const beats = beatTicks(file, start!, end!);
    const drums = file.notes.filter((n) => n.channel === drumChannel).map((n) => n.tick);
    // mma's RTime moves drum hits by up to 10 ticks: a sixteenth of a quarter note is 12.
    const tolerance = file.ticksPerQuarter / 16;
    const near = (shift: number) => beats.filter((b) => drums.some((d) => Math.abs(d - b - shift) <= tolerance)).length;
    const hit = near(0);
    assert.ok(hit >= 0.85 * beats.length, `${song.name}: ${hit} of ${beats.length} beats have a drum hit`);
    // Half a beat later the grid would not fit: off-beat hits are fewer, except where a shaker or
    // guiro plays every eighth (cha-cha-cha, rumba, samba).
    const off = near((beats[1]! - beats[0]!) / 2);
    if (!['chacha', 'rumba', 'samba'].includes(song.dance)) assert.ok(off < hit, `${song.name}: ${off} off-beat hits vs ${hit} on the beat`);
  }
});

test('the audio starts with the first bar and ends with the last; every version lines up with the clean one', () => {
  for (const song of songs) {
    const clean = wav(`${song.name}-clean`);
    assert.deepEqual([clean.sampleRate, clean.channels], [22050, 1]);
    const file = midi(song);
    const end = tickTime(file)(file.markers.find((m) => m.text === 'SongEnd')!.tick);
    assert.equal(clean.samples.length, Math.round(end * 22050), `${song.name}: ends at the last bar line`);
    // FluidSynth starts the first notes (at MIDI time 0) at sample 0; their attacks take a few ms.
    const first = firstSound(clean.samples, 22050);
    assert.ok(first < 0.01, `${song.name}: first sound at ${(first * 1000).toFixed(1)} ms`);
    for (const d of ['noise10', 'reverb', 'phone'] as const) {
      const version = wav(`${song.name}-${d}`);
      assert.equal(version.samples.length, clean.samples.length, `${song.name}-${d}: length`);
      const lag = onsetLag(clean.samples, version.samples, 22050);
      assert.ok(Math.abs(lag) <= 0.002, `${song.name}-${d}: attacks ${(lag * 1000).toFixed(0)} ms after the clean version's`);
    }
  }
});

test('the noisy version is 10 dB above its noise; the phone version has lost the highs', () => {
  const highShare = (x: Float32Array) => {
    let all = 0;
    let high = 0;
    for (let i = 4; i < x.length; i++) {
      all += x[i]! * x[i]!;
      high += (x[i]! - 4 * x[i - 1]! + 6 * x[i - 2]! - 4 * x[i - 3]! + x[i - 4]!) ** 2; // ≈ +24 dB/octave: the top octaves
    }
    return high / all;
  };
  for (const song of songs) {
    const clean = wav(`${song.name}-clean`).samples;
    const noisy = wav(`${song.name}-noise10`).samples;
    // noisy = g·(clean + noise): g by least squares, then the noise is what is left.
    let cross = 0;
    let power = 0;
    for (let i = 0; i < clean.length; i++) [cross, power] = [cross + noisy[i]! * clean[i]!, power + clean[i]! * clean[i]!];
    const g = cross / power;
    let noise = 0;
    for (let i = 0; i < clean.length; i++) noise += (noisy[i]! / g - clean[i]!) ** 2;
    const snr = 10 * Math.log10(power / noise);
    assert.ok(Math.abs(snr - 10) < 0.3, `${song.name}: SNR ${snr.toFixed(2)} dB`);
    const phone = wav(`${song.name}-phone`).samples;
    assert.ok(highShare(phone) < highShare(clean) / 10, `${song.name}: high share ${highShare(phone)} vs ${highShare(clean)}`);
  }
});

test('a second build finds every file and keeps it; a song with a file missing is rebuilt identically', async () => {
  const name = songs[3]!.name;
  const before = readFileSync(join(dir, `${name}-reverb.wav`));
  const modified = statSync(join(dir, `${songs[0]!.name}-clean.wav`)).mtimeMs;
  rmSync(join(dir, `${name}-reverb.wav`));
  const again: CorpusProgress[] = [];
  await buildBallroomCorpus({ ...options, onProgress: (p) => again.push(p) });
  assert.deepEqual(again.filter((p) => !p.cached).map((p) => p.name), [name]);
  assert.equal(statSync(join(dir, `${songs[0]!.name}-clean.wav`)).mtimeMs, modified);
  assert.deepEqual(readFileSync(join(dir, `${name}-reverb.wav`)), before, 'deterministic');
});

test('without mma on the PATH the build stops at once with E_TOOL naming the Debian package', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(buildBallroomCorpus({ ...options, dir: join(dir, 'none') }), (e) => isTerpsiError(e) && e.code === 'E_TOOL' && /apt install mma/.test(e.message));
  } finally {
    process.env.PATH = path;
  }
});
