import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../../src/core/clock.js';
import { packageRoot } from '../../src/core/paths.js';
import { formatDuration } from '../../src/cli/progress-bar.js';
import { Terminal } from '../../src/cli/terminal.js';
import { hertz } from '../../src/core/units.js';
import { beatTimes } from '../../src/dsp/beat-times.js';
import { decodeWav, encodeWav } from '../../src/sources/wav.js';
import { aubioBeatTimes } from '../../src/train/aubio-beat-times.js';
import { readBeatsFile } from '../../src/train/beats-file.js';
import { buildBallroomCorpus, degradations, type CorpusSong } from '../../src/train/corpora/ballroom-corpus.js';
import { ballroomDances } from '../../src/train/corpora/ballroom-dances.js';
import { beatLockTime } from '../../src/train/metrics/beat-lock-time.js';
import { scoreBeatFiles, type BeatEvaluation, type BeatTracker } from '../../src/train/metrics/score-beat-files.js';
import type { BenchReport } from './report.js';

/** Where the test split is built once and reused (git-ignored). */
const dir = join(packageRoot, '.cache', 'ballroom-test');
const perDance = 4;
const songSeconds = 30;
const targetF = 0.8;
const targetMargin = 0.15;
/** Seconds from the music's start to lock, and from an abrupt change to lock again; share of cases that must make it. */
const lockWithin = 5;
const relockWithin = 3;
const targetShare = 0.9;
/** Songs per dance joined to the next dance's song for the tempo-change cases, in every version. */
const changesPerDance = 2;

/** Reference over estimated beat interval: at half tempo, at double tempo, or off the annotated tempo some other way. */
const tempoErrors = {
  half: (ratio: number) => Math.abs(ratio - 0.5) < 0.05,
  double: (ratio: number) => Math.abs(ratio - 2) < 0.2,
  other: (ratio: number) => !(Math.abs(ratio - 1) < 0.05 || Math.abs(ratio - 0.5) < 0.05 || Math.abs(ratio - 2) < 0.2),
};

/**
 * Beat tracking on the test split of the ballroom corpus: terpsi's live tracker (run on each file
 * as a show runs it) and aubio's online tracker on the same files, mean beat F-measure (mir_eval's)
 * per dance and per degradation, with how many files each tracked at half, double or some other
 * wrong tempo (octave errors are what separates a beat tracker that works on dance music).
 */
export async function beatTracking(): Promise<BenchReport> {
  const clock = realClock();
  const terminal = new Terminal();
  let built = 0;
  const songs = await buildBallroomCorpus({
    dir,
    split: 'test',
    perDance,
    seconds: songSeconds,
    seed: 1,
    onProgress: (p) => {
      if (!p.cached) built++;
      terminal.status(`building the ballroom test split: ${p.done}/${p.total} ${p.name}`);
    },
  });
  terminal.clear();
  const buildTime = clock.now();

  const run = async (name: string, tracker: BeatTracker): Promise<{ result: BeatEvaluation; time: number }> => {
    const start = clock.now();
    const result = await scoreBeatFiles(dir, tracker, (done, total, file) => terminal.status(`${name}: ${done}/${total} ${file}`));
    terminal.clear();
    return { result, time: clock.now() - start };
  };
  const tracked = new Map<string, readonly number[]>();
  const terpsi = await run('terpsi', async (file) => {
    const beats = await beatTimes(file);
    tracked.set(file, beats);
    return beats;
  });
  const aubio = await run('aubio', aubioBeatTimes);

  const group = (e: BeatEvaluation, keep: (name: string) => boolean) => {
    const scores = e.scores.filter((s) => keep(s.name));
    const f = scores.reduce((sum, s) => sum + s.f, 0) / Math.max(1, scores.length);
    const count = (error: (ratio: number) => boolean) => String(scores.filter((s) => error(s.tempoRatio)).length).padStart(2);
    return `${f.toFixed(3)} ${count(tempoErrors.half)} ${count(tempoErrors.double)} ${count(tempoErrors.other)}`;
  };
  const row = (label: string, keep: (name: string) => boolean) => `  ${label.padEnd(16)}   ${group(terpsi.result, keep)}      ${group(aubio.result, keep)}`;
  const files = terpsi.result.scores.length;
  const lines = [
    `test split: ${songs.length} songs × ${degradations.length} versions = ${files} files of ${songSeconds} s in ${dir} ` +
      `(${built > 0 ? `${built} songs built in ${formatDuration(buildTime)}` : 'reused'})`,
    `files: at half tempo, double tempo, off the annotated tempo otherwise (by median beat interval)`,
    `mean F by           terpsi F  ½ 2× ?      aubio F  ½ 2× ?`,
    ...ballroomDances.map((d) => row(d.id, (n) => n.startsWith(`${d.id}-`))),
    ...degradations.map((d) => row(d, (n) => n.endsWith(`-${d}`))),
    row('all', () => true),
    `mean P / R: terpsi ${terpsi.result.mean.precision.toFixed(3)} / ${terpsi.result.mean.recall.toFixed(3)}, aubio ${aubio.result.mean.precision.toFixed(3)} / ${aubio.result.mean.recall.toFixed(3)}`,
    `tracking time: terpsi ${terpsi.time.toFixed(1)} s, aubio ${aubio.time.toFixed(1)} s for ${files * songSeconds} s of audio`,
  ];
  const locks = [...tracked].map(([file, beats]) => beatLockTime(readBeatsFile(file.replace(/\.wav$/, '.beats')), beats));
  const relocks = await relockTimes(songs, (done, total) => terminal.status(`tempo changes: ${done}/${total}`));
  terminal.clear();
  const within = (times: number[], limit: number) => times.filter((t) => t <= limit).length / times.length;
  lines.push(
    `lock after the music starts (4 consecutive beats right), ${locks.length} files: ${spread(locks)}`,
    `re-lock after an abrupt change to another dance's song, ${relocks.length} joins: ${spread(relocks)}`,
  );
  const locked = within(locks, lockWithin);
  const relocked = within(relocks, relockWithin);
  const f = terpsi.result.mean.f;
  const margin = f - aubio.result.mean.f;
  // Decoding and the whole patch runtime included, so an upper bound on the tracker's own share.
  const load = terpsi.time / (files * songSeconds);
  return {
    name: 'beat tracking, ballroom corpus test split (beat F-measure, ±70 ms, beats after 5 s)',
    lines,
    targets: [
      { target: `terpsi mean F ${f.toFixed(3)} ≥ ${targetF}`, met: f >= targetF },
      { target: `terpsi − aubio mean F ${margin.toFixed(3)} ≥ ${targetMargin}`, met: margin >= targetMargin },
      { target: `locked within ${lockWithin} s in ${percent(locked)} of files ≥ ${percent(targetShare)}`, met: locked >= targetShare },
      { target: `re-locked within ${relockWithin} s in ${percent(relocked)} of changes ≥ ${percent(targetShare)}`, met: relocked >= targetShare },
      { target: `tracker load ${(100 * load).toFixed(2)} % of one core in real time ≤ 2 %`, met: load <= 0.02 },
    ],
  };
}

/**
 * Seconds the tracker takes to lock again after an abrupt change: the first songs of each dance
 * joined end to end with the same song number of the next dance (another tempo and phase), in
 * each version, tracked whole.
 */
async function relockTimes(songs: readonly CorpusSong[], onProgress: (done: number, total: number) => void): Promise<number[]> {
  const work = mkdtempSync(join(tmpdir(), 'terpsi-relock-'));
  const firsts = ballroomDances.map((d) => songs.filter((s) => s.dance === d.id).slice(0, changesPerDance));
  const pairs = firsts.flatMap((mine, d) => mine.map((a, i) => [a, firsts[(d + 1) % firsts.length]![i]!] as const));
  const times: number[] = [];
  try {
    for (const [a, b] of pairs) {
      for (const version of degradations) {
        const path = (song: CorpusSong, ext: string) => join(dir, `${song.name}-${version}.${ext}`);
        const first = decodeWav(readFileSync(path(a, 'wav')), path(a, 'wav'));
        const second = decodeWav(readFileSync(path(b, 'wav')), path(b, 'wav'));
        const joined = new Float32Array(first.samples.length + second.samples.length);
        joined.set(first.samples);
        joined.set(second.samples, first.samples.length);
        const change = first.samples.length / first.sampleRate;
        const file = join(work, 'joined.wav');
        writeFileSync(file, encodeWav(joined, hertz(first.sampleRate), 1));
        const reference = readBeatsFile(path(b, 'beats')).map((t) => t + change);
        times.push(beatLockTime(reference, await beatTimes(file), change));
        onProgress(times.length, pairs.length * degradations.length);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return times;
}

/** Median, 90th percentile and worst of some times in seconds. */
function spread(times: readonly number[]): string {
  const sorted = [...times].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const s = (t: number) => (Number.isFinite(t) ? `${t.toFixed(1)} s` : 'never');
  return `median ${s(at(0.5))}, 90th percentile ${s(at(0.9))}, worst ${s(sorted.at(-1)!)}`;
}

function percent(share: number): string {
  return `${(100 * share).toFixed(0)} %`;
}
