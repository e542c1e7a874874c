/**
 * Average precision of one class as scikit-learn's average_precision_score computes it: the
 * precision at each distinct score threshold, from the highest down, weighted by the recall it
 * adds (a step function, no interpolation). NaN when there is no positive.
 */
export function averagePrecision(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const positives = labels.filter(Boolean).length;
  if (positives === 0) return NaN;
  let hits = 0;
  let seen = 0;
  let recall = 0;
  let ap = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]!] === scores[order[i]!]) j++;
    for (let k = i; k < j; k++) if (labels[order[k]!]) hits++;
    seen = j;
    const nextRecall = hits / positives;
    ap += (nextRecall - recall) * (hits / seen);
    recall = nextRecall;
    i = j;
  }
  return ap;
}
