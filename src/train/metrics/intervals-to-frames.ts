import type { TagInterval } from '../datasets/labeled-clip.js';

/** Per frame (frame i at time i·hop seconds), per tag, whether an interval of that tag holds the frame's time: onset ≤ t < offset. */
export function intervalsToFrames(intervals: readonly TagInterval[], tags: readonly string[], frames: number, hop: number): boolean[][] {
  const rows = Array.from({ length: frames }, () => tags.map(() => false));
  for (const { tag, onset, offset } of intervals) {
    const c = tags.indexOf(tag);
    if (c < 0) continue;
    for (let i = Math.max(0, Math.ceil(onset / hop)); i < frames && i * hop < offset; i++) rows[i]![c] = true;
  }
  return rows;
}
