/**
 * Seeded randomness for calibration: the same seed gives the same split on every machine and runtime,
 * so a reported hold-out AUC can be reproduced exactly.
 */
import { seededRandom } from './seeded-random.js'

export { seededRandom }

/**
 * Splits indices 0..n-1 into a train and a hold-out part by a seeded Fisher–Yates shuffle. The hold-out
 * gets round(n × holdout) items; both parts are returned in ascending order.
 * @example
 * const { train, test } = splitIndices(10, 0.3, 42) // train.length === 7, test.length === 3
 */
export function splitIndices(n: number, holdout: number, seed: number): { train: number[]; test: number[] } {
  const idx = Array.from({ length: n }, (_, i) => i)
  const rand = seededRandom(seed)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const t = idx[i]
    idx[i] = idx[j]
    idx[j] = t
  }
  const k = Math.round(n * holdout)
  const byNumber = (a: number, b: number) => a - b
  return { test: idx.slice(0, k).sort(byNumber), train: idx.slice(k).sort(byNumber) }
}

/**
 * A stable 32-bit hash (FNV-1a) of a string: lets the lead mapper derive "random-looking" but
 * reproducible choices (times, paths) from a row's identity.
 * @example
 * hashString('lead-42') === hashString('lead-42') // → true
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
