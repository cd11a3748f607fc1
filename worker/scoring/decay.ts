/**
 * Exponential decay of engagement. Every hit shrinks by the same factor over the same interval, so a
 * group's sum can be stored once, "anchored" at its newest hit, and read exactly later with one multiply:
 * value(now) = anchoredSum × 2^(-(now - anchor) / halfLife). Anchoring at the newest hit (not at the epoch)
 * keeps every weight ≤ 1, so nothing overflows however long the history.
 */
import type { Hit } from './rules'
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
 * Per-group sums of hits decayed to the newest (non-zero) hit, which becomes the anchor.
 * @example
 * anchoredSums([{ rule: 'pv', group: 'pages', raw: 1, eventId: 'a', at: 0, order: 0 }], 30)
 * // → { anchor: 0, groups: { pages: 1 } }
 */
export function anchoredSums(hits: readonly Hit[], halfLifeDays: number): { anchor: number | null; groups: Record<string, number> } {
  let anchor: number | null = null
  for (const h of hits) if (h.raw !== 0 && (anchor === null || h.at > anchor)) anchor = h.at
  const groups: Record<string, number> = {}
  if (anchor === null) return { anchor, groups }
  for (const h of hits) {
    if (h.raw === 0) continue
    groups[h.group] = (groups[h.group] ?? 0) + h.raw * decayFactor(h.at, anchor, halfLifeDays)
  }
  return { anchor, groups }
}
