/**
 * The order in which hits are folded into decayed sums. Incremental scoring can only award a visit's
 * session-rule points once the visit is over (a later event of the same visit may still change them),
 * so it folds them when the next visit starts — or, for the visit still open, last, on a copy. Full
 * scoring folds in this same order, which is what makes the two agree to the bit.
 */
import type { Model } from './model'
import type { PreparedEvent } from './prepare'
import type { Hit } from './rules'

/**
 * Hits in fold order: each event's hits in rule order, and a visit's session-rule hits (in rule order)
 * just before the first event of the next visit, or after every event for the last visit.
 * @example
 * const ordered = foldOrder(behaviourHits(prepared, model), prepared, model)
 */
export function foldOrder(hits: readonly Hit[], prepared: readonly PreparedEvent[], model: Model): Hit[] {
  // closeAt[v]: index of the first event of visit v + 1 (prepared.length for the last visit)
  const closeAt: number[] = []
  for (const e of prepared) if (e.session > 0 && closeAt[e.session - 1] === undefined) closeAt[e.session - 1] = e.index ?? 0
  const key = (h: Hit) => {
    if (model.behaviour[h.order]?.kind !== 'session') return h.seq ?? 0
    const visit = prepared[h.seq ?? 0].session
    return (closeAt[visit] ?? prepared.length) - 0.5
  }
  return hits
    .map((h) => ({ h, k: key(h) }))
    .sort((a, b) => a.k - b.k || a.h.order - b.h.order)
    .map((x) => x.h)
}
