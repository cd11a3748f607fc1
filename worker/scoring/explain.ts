/**
 * The breakdown: one entry per reason a lead holds points (rule, event, time, points after decay), plus cap
 * entries for what limits took away. Entries are rounded to 0.1 by largest remainder so that they add up to
 * the displayed score exactly — a reader can check the arithmetic.
 */
import type { Evaluation, FitTotals } from './caps'
import { decayFactor } from './decay'
import type { FitHit } from './fit'
import type { Model } from './model'
import type { Hit } from './rules'
import type { BreakdownEntry } from './types'

/** Newest hits of a rule listed one by one; older ones are summed into one entry, so size stays bounded. */
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
  for (const h of hits) if (h.raw !== 0) (byRule.get(h.rule) ?? byRule.set(h.rule, []).get(h.rule)!).push(h)
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
  if (Math.abs(exact) < 1e-9) return []
  return [{ entry: { rule, group, points: 0, rawPoints: round1(exact), detail }, exact, cap: true }]
}

/**
 * Integer tenths per entry, summing to `targetTenths`: floor everything, then hand the remainder to the
 * largest fractional parts (or take it from the smallest when negative).
 * @example
 * apportionTenths([0.25, 0.25, 0.5], 10) // [3, 2, 5]
 */
export function apportionTenths(values: readonly number[], targetTenths: number): number[] {
  const scaled = values.map((v) => v * 10)
  const out = scaled.map((v) => Math.floor(v + 1e-9))
  let rest = targetTenths - out.reduce((a, b) => a + b, 0)
  const n = out.length
  if (n === 0 || rest === 0) return out
  const frac = scaled.map((v, i) => v - out[i])
  const order = out.map((_, i) => i).sort((a, b) => frac[b] - frac[a] || a - b)
  if (rest < 0) order.reverse()
  const step = rest > 0 ? 1 : -1
  const each = Math.floor(Math.abs(rest) / n)
  if (each > 0) for (let i = 0; i < n; i++) out[i] += step * each
  rest -= step * each * n
  for (let k = 0; rest !== 0; k++, rest -= step) out[order[k]] += step
  return out
}

/**
 * The breakdown at `now`: hits newest-first by points, then caps; sums to `ev.score` to the 0.1.
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
  if (items.length === 0 && ev.score !== 0) {
    items.push({ entry: { rule: 'rounding', group: 'total', points: 0, rawPoints: 0 }, exact: ev.score, cap: true })
  }
  const tenths = apportionTenths(items.map((i) => i.exact), ev.score * 10)
  items.forEach((item, i) => {
    item.entry.points = tenths[i] === 0 ? 0 : tenths[i] / 10
  })
  const hitsFirst = items.filter((i) => !i.cap).map((i) => i.entry)
  hitsFirst.sort(
    (a, b) => b.points - a.points || (b.at ?? Number.POSITIVE_INFINITY) - (a.at ?? Number.POSITIVE_INFINITY) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  )
  return [...hitsFirst, ...items.filter((i) => i.cap).map((i) => i.entry)]
}
