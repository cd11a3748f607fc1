/**
 * Turns fitted log-odds weights into a model: points = scale × weight, so a score is the lead's log-odds on
 * a points scale. With S = k · (logit p − logit floor), a score of 0 means P(win) = `floor` and the SQL
 * threshold means P(win) = `target`; the prior odds ride on a baseline fit group every lead matches.
 */
import type { FitRule, Group, Model } from '../scoring/model'
import type { LogisticFit } from './logistic'

/**
 * Where the points scale is pinned.
 * @example
 * const scale: Scale = { sql: 170, target: 0.5, floor: 0.02 } // 0 points = 2 %, 170 points = 50 %
 */
export interface Scale {
  /** the SQL threshold (kept as it is) */
  sql: number
  /** P(win) at the SQL threshold */
  target: number
  /** P(win) at score 0 */
  floor: number
}

/**
 * Prefix of everything calibration writes into a model; a later calibration replaces these.
 * @example
 * model.fit.filter((r) => r.id.startsWith(CALIBRATED_PREFIX)) // the learnt rules
 */
export const CALIBRATED_PREFIX = 'cal-'
/**
 * The fit group (and rule id) carrying the prior odds.
 * @example
 * proposed.fit.find((r) => r.id === BASELINE_GROUP)?.points // e.g. −27.6
 */
export const BASELINE_GROUP = 'cal-baseline'
const POINTS_LIMIT = 200

const logit = (p: number) => Math.log(p / (1 - p))
const round1 = (v: number) => {
  const r = Math.round(v * 10) / 10
  return r === 0 ? 0 : r
}
const clampPoints = (v: number) => round1(Math.max(-POINTS_LIMIT, Math.min(POINTS_LIMIT, v)))

/**
 * The model without a previous calibration's baseline and learnt fit and behaviour rules (`cal-*`), so calibrating
 * twice does not stack them; the next calibration learns them afresh.
 * @example
 * withoutCalibrated(proposed).fit.some((r) => r.id.startsWith('cal-')) // → false
 */
export function withoutCalibrated(model: Model): Model {
  const fit = model.fit.filter((r) => !r.id.startsWith(CALIBRATED_PREFIX))
  const behaviour = model.behaviour.filter((r) => !r.id.startsWith(CALIBRATED_PREFIX))
  const used = new Set([...behaviour.map((r) => r.group), ...fit.map((r) => r.group)])
  const groups = Object.fromEntries(Object.entries(model.groups).filter(([g]) => !g.startsWith(CALIBRATED_PREFIX) || used.has(g)))
  return { ...model, behaviour, fit, groups }
}

/**
 * Points per log-odds unit for a scale.
 * @example
 * pointsPerLogit({ sql: 100, target: 0.5, floor: 0.02 }) // → 25.7
 */
export function pointsPerLogit(scale: Scale): number {
  return scale.sql / (logit(scale.target) - logit(scale.floor))
}

/**
 * The proposed model: `model`'s rules (behaviour first, then fit, as in the feature columns) with points
 * from `fit`, a baseline group, behaviour-group bounds at the 99th percentile of what the group gives the
 * training leads that have any (so one freak history cannot run away, while rare rules keep their weight),
 * fit groups unbounded (the regression fitted them additively), limits wide, MQL where P(win) = target / 2,
 * and grade bands at the quartiles of the training leads.
 * @example
 * const { model, probabilityAt } = buildProposed(candidate, fitLogistic(x, y), x, { sql: 100, target: 0.5, floor: 0.02 })
 * probabilityAt(model.thresholds.sql) // ≈ 0.5
 */
export function buildProposed(
  model: Model,
  fit: LogisticFit,
  x: readonly number[][],
  scale: Scale,
): { model: Model; probabilityAt: (score: number) => number } {
  const k = pointsPerLogit(scale)
  const nb = model.behaviour.length
  const { coef, intercept } = fit
  // A rule that (almost) never fired in the data has no evidence either way: it keeps its points.
  const weight = (j: number, current: number) => (support(x, j) < MIN_EVIDENCE ? current : clampPoints(k * coef[j]))
  const behaviour = model.behaviour.map((r, j) => ({ ...r, points: weight(j, r.points) }))
  const baselinePoints = clampPoints(k * (intercept - logit(scale.floor)))
  const baseline: FitRule[] = [
    { id: BASELINE_GROUP, label: 'calibrated baseline (prior odds of winning)', group: BASELINE_GROUP, field: 'email', match: { kind: 'pattern', pattern: '.' }, points: baselinePoints },
    { id: `${BASELINE_GROUP}-no-email`, label: 'calibrated baseline (prior odds of winning)', group: BASELINE_GROUP, field: 'email', match: { kind: 'missing' }, points: baselinePoints },
  ]
  const fitRules = [
    ...model.fit.map((r, j) => ({ ...r, points: r.id.startsWith(CALIBRATED_PREFIX) ? clampPoints(k * coef[nb + j]) : weight(nb + j, r.points) })),
    ...baseline,
  ]

  const groups: Record<string, Group> = {}
  for (const [name, g] of Object.entries(model.groups)) groups[name] = { label: g.label, pick: g.pick }
  const before = model.groups
  groups[BASELINE_GROUP] = { label: 'calibrated baseline', pick: 'first' }
  const engagement = x.map(() => 0)
  for (const name of new Set(behaviour.map((r) => r.group))) {
    const contrib = x.map((row) => behaviour.reduce((s, r, j) => (r.group === name ? s + r.points * row[j] : s), 0))
    const hi = percentile(contrib.filter((c) => c > 0), 0.99)
    const lo = percentile(contrib.filter((c) => c < 0), 0.01)
    // Never tighter than the designer's bounds: those still hold the rules the data had no evidence on.
    const max = Math.min(1000, Math.max(Math.ceil(hi ?? 0), before[name]?.max ?? 0))
    const low = Math.max(-1000, Math.min(Math.floor(lo ?? 0), before[name]?.min ?? 0))
    const bounds = { max, min: low < 0 ? low : undefined }
    groups[name] = { ...groups[name], ...bounds }
    contrib.forEach((c, i) => {
      engagement[i] += Math.max(bounds.min ?? Number.NEGATIVE_INFINITY, Math.min(bounds.max, c))
    })
  }
  const fitScores = x.map((row) => fitRules.slice(0, model.fit.length).reduce((s, r, j) => s + r.points * row[nb + j], baselinePoints))

  const logitMql = logit(scale.target / 2) - logit(scale.floor)
  const mql = Math.max(1, Math.min(scale.sql - 1, Math.round(k * logitMql)))
  // What the regression says a score means, with the baseline as it was rounded and bounded.
  const probabilityAt = (score: number) => 1 / (1 + Math.exp(-(intercept + (score - baselinePoints) / k)))
  const proposed: Model = {
    ...model,
    name: `${model.name ?? 'model'} (calibrated)`.slice(0, 120),
    behaviour,
    fit: fitRules,
    groups,
    thresholds: { mql, sql: scale.sql },
    limits: { engagement: { min: -1000, max: 10_000 }, fit: { min: -1000, max: 10_000 }, total: { min: 0, max: 10_000 } },
    grades: { fit: quartileBands(fitScores), engagement: quartileBands(engagement) },
  }
  return { model: proposed, probabilityAt }
}

/**
 * Rules that tell fewer training leads apart than this (fired for fewer, or for all but fewer) keep their points.
 * @example
 * // a demo-request rule that fired for 3 training leads keeps its +50
 */
export const MIN_EVIDENCE = 10

/** Training leads whose value differs from the most common one: a constant column is no evidence. */
function support(x: readonly number[][], j: number): number {
  const counts = new Map<number, number>()
  for (const row of x) counts.set(row[j], (counts.get(row[j]) ?? 0) + 1)
  return x.length - Math.max(...counts.values())
}

/** The p-quantile of values (nearest rank), undefined for none. */
function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]
}

/** Upper quartile, median, lower quartile, rounded and forced strictly descending (the schema's rule). */
function quartileBands(values: number[]): [number, number, number] {
  const q = [0.75, 0.5, 0.25].map((p) => Math.round(percentile(values, p) ?? 0))
  if (q[1] >= q[0]) q[1] = q[0] - 1
  if (q[2] >= q[1]) q[2] = q[1] - 1
  return [q[0], q[1], q[2]]
}
