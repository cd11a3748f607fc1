/**
 * Calibration: fit the model to recorded outcomes. A regularised logistic regression on the features the
 * engine sees (see features.ts) gives log-odds weights; the proposed model is the current one with every
 * rule's points set to (scale × weight), a baseline group carrying the prior odds, and new fit rules for
 * common profile values. Scores are then log-odds on a points scale, placed so that the SQL threshold
 * means `targetProbability` of winning. Pure: no I/O, no clock.
 */
import { scoreHistory } from '../scoring/engine'
import { candidateBehaviourRules } from './behaviour-candidates'
import type { Model } from '../scoring/model'
import { ModelSchema } from '../scoring/model'
import { type Candidates, candidateFitRules } from './fit-candidates'
import { featureNames, featureRow, type Sample } from './features'
import { labelCounts } from './labels'
import { fitLogistic } from './logistic'
import { type Band, bandTable, quantileEdges, rocAuc } from './metrics'
import { buildProposed, type Scale, withoutCalibrated } from './proposed'
import { splitIndices } from './random'
import { fitKeepingSigns, selectCandidates, withoutDuplicates } from './select'
import { MIN_OUTCOMES_PER_CLASS, TooFewOutcomesError } from './errors'

/**
 * Re-exported so callers (routes, db) need one import.
 * @example
 * import { calibrate, TooFewOutcomesError, type Sample } from '../calibration/calibrate'
 */
export type { Sample } from './features'
/**
 * @example
 * if (err instanceof TooFewOutcomesError) console.log(err.needWon, err.needLost)
 */
export { TooFewOutcomesError } from './errors'

/**
 * What to calibrate.
 * @example
 * const input: CalibrateInput = { samples, model: DEFAULT_MODEL, now: Date.now(), targetProbability: 0.6 }
 */
export interface CalibrateInput {
  samples: readonly Sample[]
  model: Model
  /** ms since the epoch: when features are read for samples without their own `at` */
  now: number
  /** seeds the train / hold-out split; default 42 */
  seed?: number
  /** share held out for the report; default 0.3 */
  holdout?: number
  /** P(win) that the SQL threshold should mean; default 0.5 */
  targetProbability?: number
  /** L2 strength on standardised weights; default 1 */
  lambda?: number
  /** never flip the sign of a rule with non-zero points (default true): the data then sets it to 0 */
  keepSigns?: boolean
}

/**
 * One rule's points before and after.
 * @example
 * const c: Change = { rule: 'engaged-time', from: 2, to: 2.9 }
 */
export interface Change {
  rule: string
  /** points before (0 for a rule calibration added) */
  from: number
  to: number
}

/**
 * What calibration found, for the marketer deciding whether to apply it.
 * @example
 * report.holdout.proposed.auc > report.holdout.current.auc // the proposal ranks the hold-out better
 */
export interface CalibrationReport {
  n: number
  won: number
  lost: number
  /** how many of the n labels came from imports and how many from sales (outcomes, disqualifications) */
  labels: { imported: number; sales: number }
  train: { n: number }
  holdout: {
    n: number
    current: { auc: number }
    /** `sqlConversion`: share won among held-out leads the proposed model puts at or above SQL */
    proposed: { auc: number; sqlConversion: number | null; atOrAboveSql: number }
  }
  /** hold-out conversion and lift by quintile of the proposed score */
  bands: Band[]
  /** hold-out conversion and lift below MQL, between MQL and SQL, at or above SQL (proposed model) */
  stages: Band[]
  /** every rule whose points changed, largest change first */
  changes: Change[]
  /** rules the data contradicted (it wanted the opposite sign), set to 0 points */
  contradicted: string[]
  /** P(win) the fitted regression gives a lead exactly at the SQL threshold */
  sqlProbability: number
  mqlProbability: number
}

/**
 * The held-out samples' scores under both models and their outcomes (what the report's AUCs and a ROC
 * chart are drawn from).
 * @example
 * rocCurve(heldOut.proposed, heldOut.won)
 */
export interface HeldOut {
  current: number[]
  proposed: number[]
  won: boolean[]
}

/**
 * Fits the model to the samples' outcomes and reports how well both models rank the held-out ones.
 * Throws TooFewOutcomesError with fewer than 50 won or 50 lost samples.
 * @example
 * const { proposed, report } = calibrate({ samples, model: DEFAULT_MODEL, now: Date.now() })
 * report.holdout.proposed.auc // e.g. 0.86, against report.holdout.current.auc 0.78
 */
export function calibrate(input: CalibrateInput): { proposed: Model; report: CalibrationReport; heldOut: HeldOut } {
  const { samples, now } = input
  const designed = withoutCalibrated(input.model)
  const won = samples.filter((s) => s.outcome === 'won').length
  const lost = samples.length - won
  if (won < MIN_OUTCOMES_PER_CLASS || lost < MIN_OUTCOMES_PER_CLASS) throw new TooFewOutcomesError(won, lost)
  const target = input.targetProbability ?? 0.5
  if (!(target > 0.01 && target < 0.99)) throw new RangeError('targetProbability must be between 0.01 and 0.99')
  const lambda = input.lambda ?? 1

  const { train, test } = splitIndices(samples.length, input.holdout ?? 0.3, input.seed ?? 42)
  const trainSamples = train.map((i) => samples[i])
  const y = trainSamples.map((s) => s.outcome === 'won')

  // 1. Step rules on the amounts of behaviour (all kept: a handful, in three groups), and all candidate
  // fit rules, fitted together with the model's own rules.
  const taken = new Set([...designed.behaviour.map((r) => r.id), ...designed.fit.map((r) => r.id), ...Object.keys(designed.groups)])
  const steps = candidateBehaviourRules(taken)
  const model: Model = { ...designed, groups: { ...designed.groups, ...steps.groups }, behaviour: [...designed.behaviour, ...steps.rules] }
  for (const r of steps.rules) taken.add(r.id)
  for (const g of Object.keys(steps.groups)) taken.add(g)
  const minCount = Math.max(10, Math.ceil(0.01 * trainSamples.length))
  const all = candidateFitRules(trainSamples.map((s) => s.profile), { minCount, taken })
  const wide = withCandidates(model, all)
  const wideX = trainSamples.map((s) => featureRow(s, wide, now))
  const distinct = withoutDuplicates(all, wideX, featureNames(wide), model)
  const wideFit = fitLogistic(wideX, y, { lambda })

  // 2. Keep the candidates that matter most within the schema's budget, then refit on what ships,
  // never turning a rule the model's author made positive into a negative one (or the reverse).
  const kept = selectCandidates(distinct, wideX, wideFit.coef, featureNames(wide), model)
  const candidate = withCandidates(model, kept)
  const x = trainSamples.map((s) => featureRow(s, candidate, now))
  const signs = [...candidate.behaviour, ...candidate.fit].map((r) => (input.keepSigns === false || r.id.startsWith('cal-') ? 0 : Math.sign(r.points)))
  const { fit, pinned } = fitKeepingSigns(x, y, signs, lambda)
  const names = featureNames(candidate)

  const scale: Scale = { sql: model.thresholds.sql, target, floor: Math.min(0.02, target / 4) }
  const built = buildProposed(candidate, fit, x, scale)
  const proposed = ModelSchema.parse(built.model)

  // 3. Rank the hold-out with both models, through the real engine.
  const testSamples = test.map((i) => samples[i])
  const yTest = testSamples.map((s) => s.outcome === 'won')
  const score = (m: Model) => testSamples.map((s) => scoreHistory({ events: s.events, profile: s.profile, model: m, now: s.at ?? now }).score)
  const current = score(input.model)
  const next = score(proposed)
  const atOrAbove = next.map((s, i) => ({ s, won: yTest[i] })).filter((r) => r.s >= proposed.thresholds.sql)

  return {
    proposed,
    heldOut: { current, proposed: next, won: yTest },
    report: {
      n: samples.length,
      won,
      lost,
      labels: labelCounts(samples),
      train: { n: train.length },
      holdout: {
        n: test.length,
        current: { auc: rocAuc(current, yTest) },
        proposed: {
          auc: rocAuc(next, yTest),
          atOrAboveSql: atOrAbove.length,
          sqlConversion: atOrAbove.length ? atOrAbove.filter((r) => r.won).length / atOrAbove.length : null,
        },
      },
      bands: bandTable(next, yTest, quantileEdges(next, 5)),
      stages: bandTable(next, yTest, [proposed.thresholds.mql, proposed.thresholds.sql]),
      changes: changesBetween(input.model, proposed),
      contradicted: pinned.map((j) => names[j].slice(2)),
      sqlProbability: built.probabilityAt(proposed.thresholds.sql),
      mqlProbability: built.probabilityAt(proposed.thresholds.mql),
    },
  }
}

function withCandidates(model: Model, c: Candidates): Model {
  return { ...model, groups: { ...model.groups, ...c.groups }, fit: [...model.fit, ...c.rules] }
}

/** Rules added count from 0, rules dropped (an earlier calibration's) go to 0. */
function changesBetween(before: Model, after: Model): Change[] {
  const old = new Map<string, number>()
  for (const r of [...before.behaviour, ...before.fit]) old.set(r.id, r.points)
  const next = new Map<string, number>()
  for (const r of [...after.behaviour, ...after.fit]) next.set(r.id, r.points)
  return [...new Set([...old.keys(), ...next.keys()])]
    .map((rule) => ({ rule, from: old.get(rule) ?? 0, to: next.get(rule) ?? 0 }))
    .filter((c) => c.from !== c.to)
    .sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from) || (a.rule < b.rule ? -1 : 1))
}
