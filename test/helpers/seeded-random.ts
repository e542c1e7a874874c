/** Park–Miller generator: the same uniform numbers in [0, 1) on every run for a given seed ≥ 1. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** Cuts `length` samples into blocks of random sizes 0..maxBlock (empty blocks included): [start, end) pairs. */
export function randomBlocks(length: number, maxBlock: number, random: () => number): [number, number][] {
  const blocks: [number, number][] = [];
  for (let start = 0; start < length; ) {
    const end = Math.min(length, start + Math.floor(random() * (maxBlock + 1)));
    blocks.push([start, end]);
    start = end;
  }
  return blocks;
}
