/** How far an estimated beat may be from its reference beat, seconds (the F-measure's window). */
const window = 0.07;
/** Consecutive correct beats that count as locked. */
const run = 4;

/**
 * Seconds from `from` until a tracker is locked: the time of the first of `run` (4) consecutive
 * estimated beats, all after `from`, that each fall within ±70 ms of consecutive reference
 * beats — right tempo and right phase, not a lucky beat or two. Infinity if it never locks.
 * Times in seconds, both lists rising.
 */
export function beatLockTime(reference: readonly number[], estimated: readonly number[], from = 0): number {
  const nearest = (t: number) => {
    let best = -1;
    for (let i = 0; i < reference.length; i++) {
      if (Math.abs(reference[i]! - t) <= window && (best < 0 || Math.abs(reference[i]! - t) < Math.abs(reference[best]! - t))) best = i;
    }
    return best;
  };
  const after = estimated.filter((t) => t >= from);
  const matches = after.map(nearest);
  for (let i = 0; i + run <= after.length; i++) {
    let ok = matches[i]! >= 0;
    for (let k = 1; ok && k < run; k++) ok = matches[i + k] === matches[i]! + k;
    if (ok) return after[i]! - from;
  }
  return Infinity;
}
