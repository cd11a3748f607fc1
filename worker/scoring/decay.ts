/**
 * Exponential decay of engagement. Every hit shrinks by the same factor over the same interval, so a
 * group's sum can be stored once, "anchored" at its newest hit, and read exactly later with one multiply:
 * value(now) = anchoredSum × 2^(-(now - anchor) / halfLife). Anchoring at the newest hit (not at the epoch)
 * keeps every weight ≤ 1, so nothing overflows however long the history.
 *
 * Sums are built as a fold, one hit at a time in a fixed order, re-anchoring whenever a newer hit comes.
 * Scoring a whole history and scoring it batch by batch from a stored state then perform the very same
 * float operations in the same order, so the two agree to the bit.
 */
import { DAY_MS } from './time'

/**
 * The factor by which points earned at `from` have shrunk at `to` (1 when `to` ≤ `from`).
 * @example
 * decayFactor(0, 30 * 86_400_000, 30) // 0.5
 */
export function decayFactor(from: number, to: number, halfLifeDays: number): number {
  const dt = to - from
  if (!(dt > 0)) return 1
  return 2 ** (-dt / (halfLifeDays * DAY_MS))
}

/**
 * Per-group sums decayed to `anchor`, the time of the newest (non-zero) hit folded in so far.
 * @example
 * const sums: Anchored = { anchor: null, groups: {} }
 */
export interface Anchored {
  anchor: number | null
  groups: Record<string, number>
}

/**
 * Folds one hit into anchored sums (in place). A hit newer than the anchor moves the anchor to it,
 * decaying every group to the new anchor first; an older one is decayed to the anchor.
 * @example
 * const s: Anchored = { anchor: null, groups: {} }
 * addHit(s, 'pages', 1, 0, 30) // s → { anchor: 0, groups: { pages: 1 } }
 */
export function addHit(s: Anchored, group: string, raw: number, at: number, halfLifeDays: number): void {
  if (raw === 0) return
  if (s.anchor === null || at > s.anchor) {
    if (s.anchor !== null) {
      const f = decayFactor(s.anchor, at, halfLifeDays)
      for (const g of Object.keys(s.groups)) s.groups[g] *= f
    }
    s.anchor = at
    s.groups[group] = (s.groups[group] ?? 0) + raw
  } else s.groups[group] = (s.groups[group] ?? 0) + raw * decayFactor(at, s.anchor, halfLifeDays)
}

/**
 * One running decayed sum (a rule's older hits in the breakdown): `sum` is anchored at `at`.
 * @example
 * const acc: DecayedSum = { sum: 0, at: null }
 */
export interface DecayedSum {
  sum: number
  at: number | null
}

/**
 * Folds one value into a decayed sum (in place), the same way `addHit` does for a group.
 * @example
 * const acc = { sum: 0, at: null }; addDecayed(acc, 5, 0, 30) // acc → { sum: 5, at: 0 }
 */
export function addDecayed(acc: DecayedSum, raw: number, at: number, halfLifeDays: number): void {
  if (acc.at === null || at > acc.at) {
    if (acc.at !== null) acc.sum *= decayFactor(acc.at, at, halfLifeDays)
    acc.at = at
    acc.sum += raw
  } else acc.sum += raw * decayFactor(at, acc.at, halfLifeDays)
}

/**
 * Per-group sums of hits (taken in the order given) decayed to the newest non-zero hit, the anchor.
 * @example
 * anchoredSums([{ group: 'pages', raw: 1, at: 0 }], 30)
 * // → { anchor: 0, groups: { pages: 1 } }
 */
export function anchoredSums(hits: readonly { group: string; raw: number; at: number }[], halfLifeDays: number): Anchored {
  const s: Anchored = { anchor: null, groups: {} }
  for (const h of hits) addHit(s, h.group, h.raw, h.at, halfLifeDays)
  return s
}
