import { averagePrecision } from './average-precision.js';
import { rocAuc } from './roc-auc.js';

const meanDefined = (values: readonly number[]) => {
  const defined = values.filter(Number.isFinite);
  return defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : NaN;
};

/**
 * Clip-level tagging scores, as music auto-tagging reports them: per tag, ROC AUC and average
 * precision over the clips (macro AUC and MAP their means over the tags where they are
 * defined); per clip, AUC and AP over the tags (the research's "per clip" scores), averaged
 * over the clips where defined. `scores` and `labels` are clip × tag.
 */
export function clipTaggingScores(scores: readonly (readonly number[])[], labels: readonly (readonly boolean[])[], tags: readonly string[]) {
  const perTag = tags.map((tag, c) => {
    const s = scores.map((row) => row[c]!);
    const l = labels.map((row) => row[c]!);
    return { tag, auc: rocAuc(s, l), ap: averagePrecision(s, l) };
  });
  return {
    perTag,
    macroAuc: meanDefined(perTag.map((t) => t.auc)),
    map: meanDefined(perTag.map((t) => t.ap)),
    perClipAuc: meanDefined(scores.map((row, i) => rocAuc(row, labels[i]!))),
    perClipMap: meanDefined(scores.map((row, i) => averagePrecision(row, labels[i]!))),
  };
}
