/**
 * Candidate behaviour rules for calibration: steps in the amounts the default model only counts linearly
 * (engaged time, visits, page views, pages in one visit). Each fires once, when the lead's history first
 * reaches the step, so a fitted weight reads "leads who got this far convert this much more (or less)"
 * and the engine scores exactly what was fitted. The steps are a fixed, generic grid (not learnt from the
 * leads): what the data decides is only their points, and a step nobody reaches keeps 0.
 */
import type { BehaviourRule, Group } from '../scoring/model'

/**
 * Candidate behaviour rules and their groups, ready to append to a model.
 * @example
 * const wide = { ...model, groups: { ...model.groups, ...c.groups }, behaviour: [...model.behaviour, ...c.rules] }
 */
export interface BehaviourCandidates {
  groups: Record<string, Group>
  rules: BehaviourRule[]
}

/** Engaged minutes in all (the default scores time linearly up to its cap). */
export const TIME_STEPS_MINUTES = [1, 3, 5, 10, 15, 20] as const
/** Visits within 30 days (the default scores visits linearly and one return within a week). */
export const VISIT_STEPS = [2, 3, 5, 8] as const
/** Page views within 30 days. */
export const PAGE_STEPS = [3, 5, 10, 20] as const
/** Pages in one visit (the default scores visits of 4+ pages). */
export const DEPTH_STEPS = [2, 3, 6] as const
const WINDOW_DAYS = 30

/**
 * The step rules, in three groups (`cal-time`, `cal-visits`, `cal-pages`), every rule at 0 points and
 * `frequency: once`; ids or groups already in `taken` are skipped. The groups are unbounded here: the
 * proposed model bounds them from the data (proposed.ts), as it does every behaviour group.
 * @example
 * candidateBehaviourRules(new Set()).rules.find((r) => r.id === 'cal-time-10m')
 * // → { kind: 'engaged', perSeconds: 600, frequency: { mode: 'once' }, group: 'cal-time', … }
 */
export function candidateBehaviourRules(taken: ReadonlySet<string>): BehaviourCandidates {
  const once = { mode: 'once' as const }
  const rules: BehaviourRule[] = [
    ...TIME_STEPS_MINUTES.map(
      (m): BehaviourRule => ({ kind: 'engaged', id: `cal-time-${m}m`, label: `${m} min engaged in all`, group: 'cal-time', perSeconds: 60 * m, points: 0, frequency: once }),
    ),
    ...VISIT_STEPS.map(
      (n): BehaviourRule => ({
        kind: 'repeat', id: `cal-visits-${n}`, label: `${n} visits in ${WINDOW_DAYS} days`, group: 'cal-visits', types: ['page_view'],
        count: n, withinDays: WINDOW_DAYS, distinct: 'session', points: 0, frequency: once,
      }),
    ),
    ...PAGE_STEPS.map(
      (n): BehaviourRule => ({
        kind: 'repeat', id: `cal-pages-${n}`, label: `${n} page views in ${WINDOW_DAYS} days`, group: 'cal-pages', types: ['page_view'],
        count: n, withinDays: WINDOW_DAYS, distinct: 'event', points: 0, frequency: once,
      }),
    ),
    ...DEPTH_STEPS.map(
      (n): BehaviourRule => ({ kind: 'session', id: `cal-depth-${n}`, label: `a visit of ${n}+ pages`, group: 'cal-pages', minPageViews: n, points: 0, frequency: once }),
    ),
  ].filter((r) => !taken.has(r.id) && !taken.has(r.group))
  const labels: Record<string, string> = {
    'cal-time': 'Engaged time, in steps (calibrated)',
    'cal-visits': 'Visits, in steps (calibrated)',
    'cal-pages': 'Page views and visit depth, in steps (calibrated)',
  }
  const groups: Record<string, Group> = {}
  for (const r of rules) groups[r.group] ??= { label: labels[r.group], pick: 'sum' }
  return { groups, rules }
}
