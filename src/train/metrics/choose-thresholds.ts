import { precisionRecallF1 } from './frame-scores.js';

/**
 * Per tag, the threshold among `candidates` evenly spaced ones ((k + ½) / candidates) that
 * gives the best F1 of `probabilities ≥ threshold` against `truth` (frame × tag); of equally
 * good ones, the middle one. A tag with no positive in the truth keeps 0.5. Sorts each tag's
 * probabilities once and sweeps the candidates from the top, so any number of frames is cheap.
 */
export function chooseThresholds(probabilities: readonly (readonly number[])[], truth: readonly (readonly boolean[])[], tags: readonly string[], candidates = 1000): number[] {
  return tags.map((_, c) => {
    const pairs = probabilities.map((row, i) => [row[c]!, truth[i]![c]!] as const).sort((a, b) => b[0] - a[0]);
    const positives = pairs.filter(([, t]) => t).length;
    if (positives === 0) return 0.5;
    let best = -1;
    let first = 0;
    let last = 0;
    let tp = 0;
    let fp = 0;
    let at = 0;
    for (let k = candidates - 1; k >= 0; k--) {
      const threshold = (k + 0.5) / candidates;
      while (at < pairs.length && pairs[at]![0] >= threshold) {
        if (pairs[at]![1]) tp++;
        else fp++;
        at++;
      }
      const { f1 } = precisionRecallF1(tp, fp, positives - tp);
      if (f1 > best + 1e-12) {
        best = f1;
        first = last = k;
      } else if (Math.abs(f1 - best) <= 1e-12 && last === k + 1) {
        last = k;
      }
    }
    return (Math.round((first + last) / 2) + 0.5) / candidates;
  });
}
