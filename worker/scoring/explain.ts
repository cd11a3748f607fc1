/**
 * The breakdown: one entry per reason a lead holds points (rule, event, time, points after decay), plus cap
 * entries for what limits took away. Each entry is rounded to 0.1 on its own (so none is distorted) and one
 * `rounding` entry, when needed, holds the difference to the whole-number score: the entries add up to the
 * displayed score exactly, and a reader can check the arithmetic.
 */
import type { Evaluation, FitTotals } from './caps'
import { addDecayed, type DecayedSum, decayFactor } from './decay'
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

/**
 * A rule's hits as the breakdown shows them: the newest ENTRIES_PER_RULE one by one, older ones folded
 * into one decayed sum. Full scoring builds it from the hits (`ruleLists`); incremental scoring keeps
 * it in its state, hit by hit, with the same fold, so both give the same entries.
 * @example
 * const list: RuleList = { rule: 'pv', group: 'pages', recent: [], older: null }
 */
export interface RuleList {
  rule: string
  group: string
  recent: { eventId: string; at: number; raw: number; detail?: string }[]
  older: OlderHits | null
}

/** Hits of a rule pushed out of its recent list: count, raw sum, decayed sum, newest time. */
export interface OlderHits {
  n: number
  raw: number
  acc: DecayedSum
  at: number
}

/**
 * Appends a hit to a rule's list (in place), folding the oldest recent one into `older` when the list
 * is full.
 * @example
 * pushHit(list, { eventId: 'a', at: 0, raw: 1 }, 30)
 */
export function pushHit(list: Pick<RuleList, 'recent' | 'older'>, hit: RuleList['recent'][number], halfLifeDays: number): void {
  list.recent.push(hit)
  if (list.recent.length <= ENTRIES_PER_RULE) return
  const out = list.recent.shift()!
  list.older ??= { n: 0, raw: 0, acc: { sum: 0, at: null }, at: out.at }
  list.older.n++
  list.older.raw += out.raw
  list.older.at = out.at
  addDecayed(list.older.acc, out.raw, out.at, halfLifeDays)
}

/**
 * The breakdown lists of a history's hits (zero-point hits left out), rules in order of first hit.
 * @example
 * const lists = ruleLists(behaviourHits(prepared, model), model.halfLifeDays)
 */
export function ruleLists(hits: readonly Hit[], halfLifeDays: number): RuleList[] {
  const byRule = new Map<string, RuleList>()
  for (const h of hits) {
    if (h.raw === 0) continue
    let list = byRule.get(h.rule)
    if (!list) {
      list = { rule: h.rule, group: h.group, recent: [], older: null }
      byRule.set(h.rule, list)
    }
    const hit: RuleList['recent'][number] = { eventId: h.eventId, at: h.at, raw: h.raw }
    if (h.detail !== undefined) hit.detail = h.detail
    pushHit(list, hit, halfLifeDays)
  }
  return [...byRule.values()]
}

interface Exact {
  entry: BreakdownEntry
  exact: number
  cap: boolean
}

const round1 = (x: number) => {
  const r = Math.round(x * 10) / 10
  return r === 0 ? 0 : r
}

function hitEntries(lists: readonly RuleList[], model: Model, now: number): Exact[] {
  const out: Exact[] = []
  for (const { rule, group, recent, older } of lists) {
    if (older) {
      const exact = older.acc.sum * decayFactor(older.acc.at ?? now, now, model.halfLifeDays)
      const entry = { rule, group, points: 0, rawPoints: round1(older.raw), at: older.at, detail: `${older.n} earlier hits` }
      out.push({ entry, exact, cap: false })
    }
    for (const h of recent) {
      const entry: BreakdownEntry = { rule, group, points: 0, rawPoints: round1(h.raw), eventId: h.eventId, at: h.at }
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
 * const breakdown = explain(ruleLists(hits, model.halfLifeDays), fitHits, fitTotals, evaluation, model, now)
 */
export function explain(
  lists: readonly RuleList[],
  fit: readonly FitHit[],
  totals: FitTotals,
  ev: Evaluation,
  model: Model,
  now: number,
): BreakdownEntry[] {
  const items: Exact[] = hitEntries(lists, model, now)
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
