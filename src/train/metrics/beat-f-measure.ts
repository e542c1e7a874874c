import { seconds, type Seconds } from '../../core/units.js';

/** An estimated beat counts if it lies within this of a reference beat, seconds (mir_eval's f_measure_threshold). */
export const beatWindow = 0.07;
/** Beats before this are dropped from both lists before scoring, seconds (mir_eval.beat.trim_beats). */
export const minBeatTime = 5;
/** mir_eval refuses beat times past this, taking them for milliseconds passed as seconds. */
const maxBeatTime = 30000;

export interface BeatScore {
  /** F-measure, 2PR/(P+R); 0 when nothing matched. */
  readonly f: number;
  /** Matched / estimated beats (0 when there are none). */
  readonly precision: number;
  /** Matched / reference beats (0 when there are none). */
  readonly recall: number;
  /** Beats paired one-to-one within the window, and the counts scored, all after trimming. */
  readonly matched: number;
  readonly reference: number;
  readonly estimated: number;
  /** Mean of estimate − reference over the matched pairs, seconds (NaN when none): a tracker's lag. */
  readonly offset: Seconds;
}

/**
 * The beat F-measure exactly as mir_eval.beat.evaluate computes it: both lists trimmed to beats
 * at or after 5 s, then a maximum one-to-one matching of estimated to reference beats no more
 * than 70 ms apart (maximum bipartite matching, as mir_eval.util.match_events: a greedy
 * nearest-first pairing can match fewer), P = matched/estimated, R = matched/reference,
 * F = 2PR/(P+R). Where mir_eval warns and returns 0 (no reference or no estimated beats after
 * trimming, both included), this returns 0 for F, P and R without a warning: callers see the
 * counts. Times in seconds, non-decreasing, finite and at most 30000 (RangeError otherwise, as
 * mir_eval raises ValueError).
 */
export function beatFMeasure(reference: readonly number[], estimated: readonly number[]): BeatScore {
  check(reference, 'reference');
  check(estimated, 'estimated');
  const ref = reference.filter((t) => t >= minBeatTime);
  const est = estimated.filter((t) => t >= minBeatTime);
  const pairs = ref.length === 0 || est.length === 0 ? [] : matchBeats(ref, est);
  const matched = pairs.length;
  const precision = est.length > 0 ? matched / est.length : 0;
  const recall = ref.length > 0 ? matched / ref.length : 0;
  const f = precision === 0 && recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const offset = seconds(matched > 0 ? pairs.reduce((sum, [i, j]) => sum + est[j]! - ref[i]!, 0) / matched : NaN);
  return { f, precision, recall, matched, reference: ref.length, estimated: est.length, offset };
}

function check(beats: readonly number[], which: string): void {
  for (let i = 0; i < beats.length; i++) {
    const t = beats[i]!;
    if (!Number.isFinite(t) || t > maxBeatTime) throw new RangeError(`${which} beat ${i} is ${t} s; expected a time in seconds up to ${maxBeatTime}`);
    if (i > 0 && t < beats[i - 1]!) throw new RangeError(`${which} beats must not decrease: beat ${i} at ${t} s comes after ${beats[i - 1]} s`);
  }
}

/**
 * A maximum matching of sorted `est` to sorted `ref` within the window, as [ref index, est index]
 * pairs, by augmenting paths (Kuhn's algorithm). The hit test is mir_eval's own,
 * est − w ≤ ref ≤ est + w in floating point, so that pairs exactly 70 ms apart score as there.
 */
function matchBeats(ref: readonly number[], est: readonly number[]): [number, number][] {
  const candidates: number[][] = [];
  let first = 0;
  for (const e of est) {
    while (first < ref.length && ref[first]! < e - beatWindow) first++;
    const hits: number[] = [];
    for (let i = first; i < ref.length && ref[i]! <= e + beatWindow; i++) hits.push(i);
    candidates.push(hits);
  }
  const owner = new Int32Array(ref.length).fill(-1);
  for (let j = 0; j < est.length; j++) {
    const seen = new Uint8Array(ref.length);
    augment(j, candidates, owner, seen);
  }
  const pairs: [number, number][] = [];
  owner.forEach((j, i) => j >= 0 && pairs.push([i, j]));
  return pairs;
}

/** Finds a reference beat for estimate `j`, moving earlier estimates to other beats where that frees one. */
function augment(j: number, candidates: readonly number[][], owner: Int32Array, seen: Uint8Array): boolean {
  for (const i of candidates[j]!) {
    if (seen[i]) continue;
    seen[i] = 1;
    if (owner[i] === -1 || augment(owner[i]!, candidates, owner, seen)) {
      owner[i] = j;
      return true;
    }
  }
  return false;
}
