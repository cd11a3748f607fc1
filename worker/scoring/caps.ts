/**
 * Caps (group bounds, then engagement / fit limits, then the total) and the final scores. One function,
 * `evaluate`, turns a DecayState into scores; both `scoreHistory` and `currentScores` go through it, which
 * is why a stored state read later equals scoring the history from scratch — bit for bit.
 */
import type { FitHit } from './fit'
import { decayFactor } from './decay'
import { gradeOf } from './grade'
import type { Group, Model } from './model'
import type { DecayState } from './types'

/**
 * Clamps into optional bounds.
 * @example
 * clamp(12, { max: 10 }) // 10
 */
export function clamp(x: number, bounds: { min?: number; max?: number } | undefined): number {
  if (!bounds) return x
  if (bounds.max !== undefined && x > bounds.max) return bounds.max
  if (bounds.min !== undefined && x < bounds.min) return bounds.min
  return x
}

/**
 * Rounds to an integer for display (never -0).
 * @example
 * roundScore(-0.2) // 0
 */
export function roundScore(x: number): number {
  const r = Math.round(x)
  return r === 0 ? 0 : r
}

/**
 * The scores at an instant, with the intermediate values the breakdown explains.
 * @example
 * const { engagement, capped } = evaluate(state, model, now)
 */
export interface Evaluation {
  /** group → decayed sum before its cap */
  decayed: Record<string, number>
  /** group → after its cap */
  capped: Record<string, number>
  /** after the engagement limit, unrounded */
  engagement: number
  /** after fit caps, unrounded */
  fit: number
  engagementScore: number
  fitScore: number
  score: number
  grade: string
}

/**
 * Scores of a state at `now` (now before the anchor counts as the anchor: nothing grows by decay).
 * @example
 * evaluate({ v: 1, at: 0, anchor: 0, groups: { pages: 10 }, fit: 5 }, DEFAULT_MODEL, 30 * 86_400_000).engagementScore // 5
 */
export function evaluate(state: DecayState, model: Model, now: number): Evaluation {
  const factor = state.anchor === null ? 0 : decayFactor(state.anchor, now, model.halfLifeDays)
  const decayed: Record<string, number> = {}
  const capped: Record<string, number> = {}
  let sum = 0
  // sorted: the same float additions in the same order, however the state was (de)serialised
  for (const g of Object.keys(state.groups).sort()) {
    decayed[g] = state.groups[g] * factor
    capped[g] = clamp(decayed[g], model.groups[g] as Group | undefined)
    sum += capped[g]
  }
  const engagement = clamp(sum, model.limits.engagement)
  const engagementScore = roundScore(engagement)
  const fitScore = roundScore(state.fit)
  const score = roundScore(clamp(engagementScore + fitScore, model.limits.total))
  return {
    decayed,
    capped,
    engagement,
    fit: state.fit,
    engagementScore,
    fitScore,
    score,
    grade: gradeOf(fitScore, engagementScore, model),
  }
}

/**
 * Fit per group (before and after caps) and in all.
 * @example
 * const { sums, capped, total } = fitTotals(fitHits(profile, model).hits, model)
 */
export interface FitTotals {
  sums: Record<string, number>
  capped: Record<string, number>
  total: number
}

/**
 * Fit group sums, their caps, and the fit limit.
 * @example
 * fitTotals([{ rule: 'vp', group: 'authority', raw: 20, detail: '' }], DEFAULT_MODEL).total // 20
 */
export function fitTotals(hits: readonly FitHit[], model: Model): FitTotals {
  const sums: Record<string, number> = {}
  for (const h of hits) sums[h.group] = (sums[h.group] ?? 0) + h.raw
  const capped: Record<string, number> = {}
  let sum = 0
  for (const g of Object.keys(sums).sort()) {
    capped[g] = clamp(sums[g], model.groups[g])
    sum += capped[g]
  }
  return { sums, capped, total: clamp(sum, model.limits.fit) }
}
