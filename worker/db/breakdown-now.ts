/**
 * The stored breakdown (every point's reason as of the lead's last scoring) brought forward to `now`,
 * without the event history — which retention may already have purged. Behaviour points decay by the
 * same factor per hit, fit points do not; the behaviour caps are recomputed from the stored DecayState
 * with the engine's own `evaluate`. As in the engine's explanation, every entry is rounded to 0.1 on its
 * own and one `rounding` entry holds the difference to the whole-number score, so the entries add up to
 * the score `currentScores` shows for the same `now`. Pure.
 */
import type { Model } from '../scoring'
import { evaluate } from '../scoring/caps'
import { decayFactor } from '../scoring/decay'
import type { BreakdownEntry, DecayState } from '../scoring/types'

interface Item {
  entry: BreakdownEntry
  exact: number
  cap: boolean
}

const isEntry = (e: unknown): e is BreakdownEntry =>
  typeof e === 'object' && e !== null && typeof (e as BreakdownEntry).rule === 'string' && Number.isFinite((e as BreakdownEntry).points)

const isCap = (e: BreakdownEntry) => e.rule.startsWith('cap:') || e.rule === 'rounding'

const byPointsThenTime = (a: BreakdownEntry, b: BreakdownEntry) =>
  b.points - a.points || (b.at ?? Number.POSITIVE_INFINITY) - (a.at ?? Number.POSITIVE_INFINITY) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)

/**
 * The breakdown at `now`. Without a state (never scored) or with `now` not after it, the stored entries.
 * @example
 * breakdownAt(row.breakdown, row.scoreState, model, Date.now()) // [{ rule: 'pricing-view', points: 3.5, … }, …]
 */
export function breakdownAt(stored: readonly unknown[], state: DecayState | null, model: Model, now: number): BreakdownEntry[] {
  const entries = (Array.isArray(stored) ? stored : []).filter(isEntry)
  if (!state || !(now > state.at)) return entries.map((e) => ({ ...e }))
  const ev = evaluate(state, model, now)
  const sinceScored = decayFactor(state.at, now, model.halfLifeDays)
  const behaviourGroups = new Set(Object.keys(state.groups))
  const items: Item[] = []
  for (const e of entries) {
    if (isCap(e)) {
      if (e.rule === 'rounding') continue
      // fit caps do not move with time; behaviour, engagement and total caps are recomputed below
      const fitCap = e.rule === 'cap:fit' || (e.rule.startsWith('cap:') && !behaviourGroups.has(e.group) && !['engagement', 'total'].includes(e.group))
      if (fitCap) items.push({ entry: { ...e }, exact: Number.isFinite(e.rawPoints) ? e.rawPoints : e.points, cap: true })
      continue
    }
    if (typeof e.at !== 'number') {
      items.push({ entry: { ...e }, exact: Number.isFinite(e.rawPoints) ? e.rawPoints : e.points, cap: false }) // fit
      continue
    }
    // one hit decays from when it was earned; a summary of older hits ("N earlier hits") from the stored value
    const exact = e.eventId !== undefined && Number.isFinite(e.rawPoints) ? e.rawPoints * decayFactor(e.at, now, model.halfLifeDays) : e.points * sinceScored
    items.push({ entry: { ...e }, exact, cap: false })
  }
  let engagementCapped = 0
  for (const g of Object.keys(ev.decayed).sort()) {
    engagementCapped += ev.capped[g]
    const diff = ev.capped[g] - ev.decayed[g]
    if (round1(diff) !== 0) {
      const b = model.groups[g]
      items.push({ entry: { rule: `cap:${g}`, group: g, points: 0, rawPoints: round1(diff), detail: `group ${g} bounded to [${b?.min ?? '-∞'}, ${b?.max ?? '∞'}]` }, exact: diff, cap: true })
    }
  }
  const capAt = (rule: string, group: string, exact: number, detail: string) => {
    if (round1(exact) !== 0) items.push({ entry: { rule, group, points: 0, rawPoints: round1(exact), detail }, exact, cap: true })
  }
  capAt('cap:engagement', 'engagement', ev.engagement - engagementCapped, 'engagement limit')
  capAt('cap:total', 'total', ev.score - (ev.engagementScore + ev.fitScore), 'total limit')
  for (const it of items) it.entry.points = round1(it.exact)
  const residual = ev.score * 10 - items.reduce((a, it) => a + Math.round(it.entry.points * 10), 0)
  if (residual !== 0) {
    const r = residual / 10
    items.push({ entry: { rule: 'rounding', group: 'total', points: r, rawPoints: r, detail: 'scores are whole numbers; entries are rounded to 0.1' }, exact: r, cap: true })
  }
  const hits = items.filter((i) => !i.cap).map((i) => i.entry)
  hits.sort(byPointsThenTime)
  return [...hits, ...items.filter((i) => i.cap).map((i) => i.entry)]
}

function round1(x: number): number {
  const r = Math.round(x * 10) / 10
  return r === 0 ? 0 : r
}
