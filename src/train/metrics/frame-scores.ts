/** Precision, recall and F1 from counts; a score with a zero denominator is 0. */
export function precisionRecallF1(truePositives: number, falsePositives: number, falseNegatives: number) {
  const precision = truePositives + falsePositives > 0 ? truePositives / (truePositives + falsePositives) : 0;
  const recall = truePositives + falseNegatives > 0 ? truePositives / (truePositives + falseNegatives) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/**
 * Frame-level detection scores of `predicted` against `truth` (frame × tag): micro (counts
 * pooled over every tag) and macro (per-tag scores averaged over the tags that occur in the
 * truth or the predictions; a tag absent from both has nothing to score) precision, recall
 * and F1, and each tag's own.
 */
export function frameScores(predicted: readonly (readonly boolean[])[], truth: readonly (readonly boolean[])[], tags: readonly string[]) {
  const counts = tags.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  predicted.forEach((row, i) =>
    row.forEach((p, c) => {
      const t = truth[i]![c]!;
      const n = counts[c]!;
      if (p && t) n.tp++;
      else if (p) n.fp++;
      else if (t) n.fn++;
    }),
  );
  const perTag = tags.map((tag, c) => ({ tag, ...counts[c]!, ...precisionRecallF1(counts[c]!.tp, counts[c]!.fp, counts[c]!.fn) }));
  const sum = (key: 'tp' | 'fp' | 'fn') => counts.reduce((s, n) => s + n[key], 0);
  const scored = perTag.filter((t) => t.tp + t.fp + t.fn > 0);
  const mean = (key: 'precision' | 'recall' | 'f1') => (scored.length > 0 ? scored.reduce((s, t) => s + t[key], 0) / scored.length : 0);
  return { perTag, micro: precisionRecallF1(sum('tp'), sum('fp'), sum('fn')), macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') } };
}
