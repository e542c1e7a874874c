/**
 * A small fast seeded PRNG (mulberry32), uniform in [0, 1). A string seed is hashed first
 * (FNV-1a), so that items can be named by what they are (`jive/1500`) rather than by a number.
 */
export function seededRandom(seed: number | string): () => number {
  let a = typeof seed === 'number' ? seed >>> 0 : fnv1a(seed);
  return () => {
    a = mulberry32Step(a);
    return mulberry32Value(a);
  };
}

/** Mulberry32's next state after `state` (32-bit). */
export function mulberry32Step(state: number): number {
  return (state + 0x6d2b79f5) >>> 0;
}

/** The number in [0, 1) mulberry32 draws from a state it has just stepped to. */
export function mulberry32Value(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** One of `items`, uniformly. */
export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
