// Seeded randomness in plain JavaScript with no imports, so the Worker (through seeded-random.d.ts),
// the Node scripts (the demo seed) and the bench share one generator.

/**
 * mulberry32: a tiny 32-bit PRNG, good enough to shuffle a data set or make up traffic (not for
 * secrets). The same seed gives the same numbers on every machine and runtime.
 * @example
 * const rand = seededRandom(42); rand() // → a number in [0, 1), the same one every run
 */
export function seededRandom(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
