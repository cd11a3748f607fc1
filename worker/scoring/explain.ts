/**
 * The breakdown: one entry per reason a lead holds points (rule, event, time, points after decay), plus cap
 * entries for what limits took away. Each entry is rounded to 0.1 on its own (so none is distorted) and one
 * `rounding` entry, when needed, holds the difference to the whole-number score: the entries add up to the
 * displayed score exactly, and a reader can check the arithmetic.
 */
import type { Evaluation, FitTotals } from './caps'
import { decayFactor } from './decay'
import type { FitHit } from './fit'
import type { Model } from './model'
import type { Hit } from './rules'
import type { BreakdownEntry } from './types'

/**
 * Newest hits of a rule listed one by one; older ones are summed into one entry, so size stays bounded.
 * @example
 * breakdown.filter((b) => b.rule === 'page-view').length // ≤ ENTRIES_PER_RULE + 1
 */
export const ENTRIES_PER_RULE = 20

interface Exact {
  entry: BreakdownEntry
  exact: number
  cap: boolean
}

const round1 = (x: number) => {
  const r = Math.round(x * 10) / 10
  return r === 0 ? 0 : r
}

function hitEntries(hits: readonly Hit[], model: Model, now: number): Exact[] {
  const byRule = new Map<string, Hit[]>()
  for (const h of hits) {
    if (h.raw === 0) continue
    const list = byRule.get(h.rule)
    if (list) list.push(h)
    else byRule.set(h.rule, [h])
  }
  const out: Exact[] = []
  for (const [rule, list] of byRule) {
    const cut = Math.max(0, list.length - ENTRIES_PER_RULE)
    if (cut > 0) {
      const older = list.slice(0, cut)
      let exact = 0
      let raw = 0
      for (const h of older) {
        exact += h.raw * decayFactor(h.at, now, model.halfLifeDays)
        raw += h.raw
      }
      const entry = { rule, group: older[0].group, points: 0, rawPoints: round1(raw), at: older[cut - 1].at, detail: `${cut} earlier hits` }
      out.push({ entry, exact, cap: false })
    }
    for (const h of list.slice(cut)) {
      const entry: BreakdownEntry = { rule, group: h.group, points: 0, rawPoints: round1(h.raw), eventId: h.eventId, at: h.at }
      if (h.detail !== undefined) entry.detail = h.detail
      out.push({ entry, exact: h.raw * decayFactor(h.at, now, model.halfLifeDays), cap: false })
    }
  }
  return out
}

function capEntry(rule: string, group: string, exact: number, detail: string): Exact[] {
  if (round1(exact) === 0) return [] // what rounds away is left to the rounding entry
  return [{ entry: { rule, group, points: 0, rawPoints: round1(exact), detail }, exact, cap: true }]
}

/**
 * The breakdown at `now`: hits by points (biggest first), then caps and rounding; sums to `ev.score` exactly.
 * @example
 * const breakdown = explain(hits, fitHits, fitTotals, evaluation, model, now)
 */
export function explain(
  hits: readonly Hit[],
  fit: readonly FitHit[],
  totals: FitTotals,
  ev: Evaluation,
  model: Model,
  now: number,
): BreakdownEntry[] {
  const items: Exact[] = hitEntries(hits, model, now)
  for (const h of fit) {
    if (h.raw === 0) continue
    items.push({ entry: { rule: h.rule, group: h.group, points: 0, rawPoints: round1(h.raw), detail: h.detail }, exact: h.raw, cap: false })
  }
  let engagementCapped = 0
  for (const g of Object.keys(ev.decayed).sort()) {
    items.push(...capEntry(`cap:${g}`, g, ev.capped[g] - ev.decayed[g], `group ${g} bounded to [${model.groups[g]?.min ?? '-∞'}, ${model.groups[g]?.max ?? '∞'}]`))
    engagementCapped += ev.capped[g]
  }
  items.push(...capEntry('cap:engagement', 'engagement', ev.engagement - engagementCapped, 'engagement limit'))
  let fitCapped = 0
  for (const g of Object.keys(totals.sums).sort()) {
    items.push(...capEntry(`cap:${g}`, g, totals.capped[g] - totals.sums[g], `group ${g} bounded to [${model.groups[g]?.min ?? '-∞'}, ${model.groups[g]?.max ?? '∞'}]`))
    fitCapped += totals.capped[g]
  }
  items.push(...capEntry('cap:fit', 'fit', totals.total - fitCapped, 'fit limit'))
  items.push(...capEntry('cap:total', 'total', ev.score - (ev.engagementScore + ev.fitScore), 'total limit'))
  for (const item of items) item.entry.points = round1(item.exact)
  const shownTenths = items.reduce((a, i) => a + Math.round(i.entry.points * 10), 0)
  const residual = ev.score * 10 - shownTenths
  if (residual !== 0) {
    const entry = { rule: 'rounding', group: 'total', points: residual / 10, rawPoints: residual / 10, detail: 'scores are whole numbers; entries are rounded to 0.1' }
    items.push({ entry, exact: residual / 10, cap: true })
  }
  const hitsFirst = items.filter((i) => !i.cap).map((i) => i.entry)
  hitsFirst.sort(
    (a, b) => b.points - a.points || (b.at ?? Number.POSITIVE_INFINITY) - (a.at ?? Number.POSITIVE_INFINITY) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  )
  return [...hitsFirst, ...items.filter((i) => i.cap).map((i) => i.entry)]
}
