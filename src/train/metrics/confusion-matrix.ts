/**
 * counts[i][j]: the clips of class `classes[i]` predicted as `classes[j]`. A prediction outside
 * the classes (the "unknown" of silence) counts in no column, so a row can sum to less than its clips.
 */
export function confusionMatrix(truth: readonly string[], predicted: readonly string[], classes: readonly string[]): number[][] {
  const counts = classes.map(() => classes.map(() => 0));
  truth.forEach((t, i) => {
    const row = classes.indexOf(t);
    const column = classes.indexOf(predicted[i]!);
    if (row >= 0 && column >= 0) counts[row]![column]!++;
  });
  return counts;
}
