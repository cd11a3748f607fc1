/**
 * The feature matrix calibration fits on, computed by the scoring engine's own rule matching so that a
 * model built from the fitted weights scores exactly what was fitted: one column per behaviour rule (its
 * hits in units of its points, decayed to the sample's time: what the rule adds per point) and one per fit
 * rule (1 when it counts for the lead, honouring `pick: 'first'` groups).
 */
import { decayFactor } from '../scoring/decay'
import { fitHits } from '../scoring/fit'
import type { Model } from '../scoring/model'
import { prepareEvents } from '../scoring/prepare'
import { behaviourHits } from '../scoring/rules'
import type { Profile, ScoringEvent } from '../scoring/types'

/**
 * What calibration learns from: a lead's history and profile, and how it ended.
 * @example
 * const s: Sample = { events: lead.events, profile: lead.profile, outcome: 'won', at: outcomeAt }
 */
export interface Sample {
  events: readonly ScoringEvent[]
  profile: Profile
  outcome: 'won' | 'lost'
  /** where the label came from (labels.ts); absent = imported */
  source?: 'imported' | 'sales'
  /** when to read the features (ms); default: calibrate's `now`. Use the outcome's time for old leads, so
   * decay does not erase the behaviour that preceded the decision. */
  at?: number
}

/**
 * Column names of a feature matrix: `b:<rule id>` for behaviour rules, `f:<rule id>` for fit rules.
 * @example
 * featureNames(DEFAULT_MODEL)[0] // → 'b:page-view'
 */
export function featureNames(model: Model): string[] {
  return [...model.behaviour.map((r) => `b:${r.id}`), ...model.fit.map((r) => `f:${r.id}`)]
}

/**
 * The model with every rule worth one point and no bounds: scoring with it measures, per rule, how many
 * points' worth of hits a lead has. Frequencies, patterns and groups are untouched, so the hits are
 * exactly those the real model would award.
 * @example
 * unitModel(DEFAULT_MODEL).behaviour.every((r) => r.points === 1) // → true
 */
export function unitModel(model: Model): Model {
  return {
    ...model,
    behaviour: model.behaviour.map((r) => ({ ...r, points: 1 })),
    fit: model.fit.map((r) => ({ ...r, points: 1 })),
  }
}

/**
 * One feature row, in the order of `featureNames(model)`.
 * @example
 * featureRow({ events, profile }, model, now) // → [2, 0, 5.7, …, 1, 0]
 */
export function featureRow(sample: Omit<Sample, 'outcome'>, model: Model, now: number): number[] {
  const at = sample.at ?? now
  const unit = unitModel(model)
  const perRule = new Map<string, number>()
  for (const h of behaviourHits(prepareEvents(sample.events, at, model.sessionGapMinutes), unit)) {
    perRule.set(h.rule, (perRule.get(h.rule) ?? 0) + h.raw * decayFactor(h.at, at, model.halfLifeDays))
  }
  const counted = new Set(fitHits(sample.profile ?? {}, unit).hits.map((h) => h.rule))
  return [...model.behaviour.map((r) => perRule.get(r.id) ?? 0), ...model.fit.map((r) => (counted.has(r.id) ? 1 : 0))]
}
