/**
 * Choosing what the proposed model keeps: which candidate fit rules earn a place within the schema's
 * limits, which duplicate a rule the model already has, and a fit that never flips a designed rule's sign.
 */
import type { Model } from '../scoring/model'
import type { Candidates } from './fit-candidates'
import { fitLogistic, type LogisticFit } from './logistic'

/**
 * Schema limits on a model (model.ts): calibration must stay inside them.
 * @example
 * proposed.fit.length <= MAX_FIT_RULES // always
 */
export const MAX_FIT_RULES = 60
/**
 * @example
 * Object.keys(proposed.groups).length <= MAX_GROUPS // always
 */
export const MAX_GROUPS = 40
/** Candidates this correlated with one of the model's own fit rules duplicate it, and are dropped. */
const DUPLICATE_R = 0.95

function column(x: readonly number[][], j: number): { mean: number; sd: number } {
  const n = x.length
  let mean = 0
  for (const r of x) mean += r[j] / n
  let v = 0
  for (const r of x) v += (r[j] - mean) ** 2 / n
  return { mean, sd: Math.sqrt(v) }
}

function correlation(x: readonly number[][], a: number, b: number): number {
  const ca = column(x, a)
  const cb = column(x, b)
  if (ca.sd === 0 || cb.sd === 0) return 0
  let s = 0
  for (const r of x) s += (r[a] - ca.mean) * (r[b] - cb.mean)
  return s / x.length / (ca.sd * cb.sd)
}

/**
 * Candidates minus those that say the same as one of the model's own fit rules on these leads (|r| ≥ 0.95,
 * e.g. "occupation is Working Professional" next to the default's working-professional rule, or "not given"
 * next to "gave an occupation"): two rules for one fact would split its points confusingly.
 * @example
 * const distinct = withoutDuplicates(all, x, featureNames(wide), model)
 */
export function withoutDuplicates(all: Candidates, x: readonly number[][], names: string[], model: Model): Candidates {
  const own = model.fit.map((r) => names.indexOf(`f:${r.id}`))
  const rules = all.rules.filter((rule) => {
    const j = names.indexOf(`f:${rule.id}`)
    return !own.some((k) => Math.abs(correlation(x, j, k)) >= DUPLICATE_R)
  })
  const groups = Object.fromEntries(Object.entries(all.groups).filter(([g]) => rules.some((r) => r.group === g)))
  return { groups, rules }
}

/**
 * Candidate rules by standardised weight |w|·sd, as many as the schema's rule and group limits allow.
 * Dropping a rule is safe: its leads fall back to the field's reference level (0 points), and the refit
 * sees exactly that.
 * @example
 * const kept = selectCandidates(all, x, fitLogistic(x, y).coef, featureNames(wide), model)
 */
export function selectCandidates(all: Candidates, x: readonly number[][], coef: number[], names: string[], model: Model): Candidates {
  const ruleRoom = MAX_FIT_RULES - model.fit.length - 2 // the baseline group takes two rules
  const groupRoom = MAX_GROUPS - Object.keys(model.groups).length - 1
  const ranked = all.rules
    .map((rule) => {
      const j = names.indexOf(`f:${rule.id}`)
      return { rule, importance: Math.abs(coef[j]) * column(x, j).sd }
    })
    .filter((r) => r.importance > 0)
    .sort((a, b) => b.importance - a.importance || (a.rule.id < b.rule.id ? -1 : 1))
  const groups: Candidates['groups'] = {}
  const chosen = new Set<string>()
  for (const { rule } of ranked) {
    if (chosen.size >= ruleRoom) break
    if (!groups[rule.group]) {
      if (Object.keys(groups).length >= groupRoom) continue
      groups[rule.group] = all.groups[rule.group]
    }
    chosen.add(rule.id)
  }
  return { groups, rules: all.rules.filter((r) => chosen.has(r.id)) }
}

/**
 * A logistic fit in which a column with sign +1 may not get a negative weight and one with −1 no positive
 * weight (0: free). Active-set loop: fit, pin the worst violator (largest standardised wrong-signed weight)
 * at 0, refit, until none is left. Returns the fit on all columns (pinned ones at 0) and the pinned indices.
 * @example
 * const { fit, pinned } = fitKeepingSigns(x, y, [1, 0, -1], 1) // column 0 never negative, 2 never positive
 */
export function fitKeepingSigns(x: readonly number[][], y: readonly boolean[], signs: readonly number[], lambda: number): { fit: LogisticFit; pinned: number[] } {
  const pinned: number[] = []
  for (;;) {
    const active = signs.map((_, j) => j).filter((j) => !pinned.includes(j))
    const sub = fitLogistic(x.map((r) => active.map((j) => r[j])), y, { lambda })
    const coef = new Array<number>(signs.length).fill(0)
    active.forEach((j, k) => {
      coef[j] = sub.coef[k]
    })
    let worst = -1
    let worstSize = 0
    for (const j of active) {
      const size = coef[j] * signs[j] < 0 ? Math.abs(coef[j]) * column(x, j).sd : 0
      if (size > worstSize) {
        worst = j
        worstSize = size
      }
    }
    if (worst < 0) return { fit: { ...sub, coef }, pinned: pinned.sort((a, b) => a - b) }
    pinned.push(worst)
  }
}
