/**
 * A lead's score over time, recomputed by the engine from its events: after each step (one visit's
 * events, or a run of visits when the history is long) the score is what `scoreHistory` gives at that
 * instant, and between steps it decays exactly as `currentScores` reads the state forward. Each step
 * that moved the score by a point or more is a marker naming its events and the rules that scored.
 * The engine's hits are computed once for the whole history: rules only look back (frequency windows,
 * repeats, a visit's pages), so the hits up to the end of a visit are exactly those of the history cut
 * there, and each step is one `anchoredSums` over them — not one `scoreHistory` per step, which would
 * cost seconds of CPU on a long history. The profile is the lead's current one: fit is drawn as known
 * now. Pure: `now` is passed in.
 */
import { fitTotals } from './caps'
import { anchoredSums } from './decay'
import { currentScores } from './engine'
import { fitHits } from './fit'
import type { Model } from './model'
import { prepareEvents } from './prepare'
import { behaviourHits, type Hit } from './rules'
import type { DecayState, Profile, ScoringEvent } from './types'

export interface SeriesPoint {
  at: number
  score: number
  engagementScore: number
  fitScore: number
}

export interface SeriesMarker {
  at: number
  /** score right after the step */
  score: number
  /** change across the step (after − just before) */
  delta: number
  /** the step's events that earned points (the first few) */
  events: { type: string; path?: string; name?: string }[]
  /** rules that scored in the step, biggest first */
  rules: string[]
}

export interface ScoreSeries {
  points: SeriesPoint[]
  markers: SeriesMarker[]
  thresholds: { mql: number; sql: number }
}

/** At most this many steps per series: long histories are stepped in runs of visits. */
export const MAX_STEPS = 40
/** Decay between two steps further apart than a day is drawn with this many points. */
const DECAY_SAMPLES = 6

const pointOf = (at: number, s: { score: number; engagementScore: number; fitScore: number }): SeriesPoint => ({
  at,
  score: s.score,
  engagementScore: s.engagementScore,
  fitScore: s.fitScore,
})

/**
 * The series from the first event to `now`.
 * @example
 * const s = scoreSeries({ events, profile: { email: 'ada@acme.io' }, model: DEFAULT_MODEL, now: Date.now() })
 * s.points.at(-1)?.score // the score now, as the lead list shows it
 */
export function scoreSeries({ events, profile, model, now, maxSteps = MAX_STEPS }: { events: readonly ScoringEvent[]; profile: Profile; model: Model; now: number; maxSteps?: number }): ScoreSeries {
  const sorted = events.filter((e) => Number.isFinite(e.at) && e.at <= now).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  // one step per visit (events closer than the model's session gap), so a marker is "what this visit did"
  const gap = model.sessionGapMinutes * 60_000
  const visitEnds: number[] = []
  sorted.forEach((e, i) => {
    const next = sorted[i + 1]
    if (!next || next.at - e.at > gap) visitEnds.push(e.at)
  })
  const stride = Math.max(1, Math.ceil(visitEnds.length / maxSteps))
  const steps: number[] = []
  for (let i = stride - 1; i < visitEnds.length; i += stride) steps.push(visitEnds[i])
  if (visitEnds.length && steps.at(-1) !== visitEnds.at(-1)) steps.push(visitEnds.at(-1)!)

  const hits: Hit[] = behaviourHits(prepareEvents(sorted, now, model.sessionGapMinutes), model).sort((a, b) => a.at - b.at)
  const fit = fitTotals(fitHits(profile ?? {}, model).hits, model).total
  const points: SeriesPoint[] = []
  const markers: SeriesMarker[] = []
  let prev: { at: number; state: DecayState } | null = null
  let from = 0
  let hitsTo = 0
  for (const t of steps) {
    const before = prev ? currentScores(prev.state, model, t) : { score: 0, engagementScore: 0, fitScore: 0 }
    if (prev) decayBetween(points, prev.state, model, prev.at, t)
    const hitsFrom = hitsTo
    while (hitsTo < hits.length && hits[hitsTo].at <= t) hitsTo++
    const state: DecayState = { v: 1, at: t, ...anchoredSums(hits.slice(0, hitsTo), model.halfLifeDays), fit }
    const after = currentScores(state, model, t)
    points.push(pointOf(t, before), pointOf(t, after))
    let to = from
    while (to < sorted.length && sorted[to].at <= t) to++
    const delta = after.score - before.score
    if (Math.abs(delta) >= 1) {
      const scored = hits.slice(hitsFrom, hitsTo).filter((h) => h.raw !== 0)
      const byRule = new Map<string, number>()
      for (const h of scored) byRule.set(h.rule, (byRule.get(h.rule) ?? 0) + h.raw)
      const rules = [...byRule].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).map(([rule]) => rule)
      const ids = new Set(scored.map((h) => h.eventId))
      const moved = sorted.slice(from, to).filter((e) => ids.has(e.id))
      markers.push({
        at: t,
        score: after.score,
        delta,
        events: (moved.length ? moved : sorted.slice(from, to)).slice(0, 3).map((e) => ({ type: e.type, ...(e.path ? { path: e.path } : {}), ...(e.name ? { name: e.name } : {}) })),
        rules: rules.slice(0, 5),
      })
    }
    from = to
    prev = { at: t, state }
  }
  if (prev && now > prev.at) {
    decayBetween(points, prev.state, model, prev.at, now)
    points.push(pointOf(now, currentScores(prev.state, model, now)))
  }
  return { points, markers, thresholds: { mql: model.thresholds.mql, sql: model.thresholds.sql } }
}

function decayBetween(out: SeriesPoint[], state: DecayState, model: Model, a: number, b: number) {
  if (b - a < 86_400_000) return
  for (let i = 1; i < DECAY_SAMPLES; i++) {
    const t = Math.round(a + ((b - a) * i) / DECAY_SAMPLES)
    out.push(pointOf(t, currentScores(state, model, t)))
  }
}
