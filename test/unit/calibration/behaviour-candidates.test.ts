import { describe, expect, it } from 'vitest'
import { candidateBehaviourRules } from '../../../worker/calibration/behaviour-candidates'
import { calibrate } from '../../../worker/calibration/calibrate'
import type { Sample } from '../../../worker/calibration/features'
import { featureNames, featureRow } from '../../../worker/calibration/features'
import { sigmoid } from '../../../worker/calibration/logistic'
import { withoutCalibrated } from '../../../worker/calibration/proposed'
import { seededRandom } from '../../../worker/calibration/random'
import { scoreHistory } from '../../../worker/scoring/engine'
import { type Model, ModelSchema } from '../../../worker/scoring/model'
import type { ScoringEvent } from '../../../worker/scoring/types'
import { NOW, TEST_MODEL } from './synthetic'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** `visits` visits a day apart, each of `pages` page views with `seconds` engaged time shared over them. */
function history(visits: number, pages: number, seconds: number): ScoringEvent[] {
  const out: ScoringEvent[] = []
  for (let v = 0; v < visits; v++) {
    const start = NOW - (visits - v) * DAY
    for (let p = 0; p < pages; p++) {
      const at = start + p * 60_000
      out.push({ id: `${v}:${p}:pv`, type: 'page_view', at, path: `/p${p}` })
      if (seconds > 0) out.push({ id: `${v}:${p}:e`, type: 'engaged', at: at + 1000, path: `/p${p}`, seconds: seconds / visits / pages })
    }
  }
  return out
}

const withSteps = (model: Model): Model => {
  const c = candidateBehaviourRules(new Set())
  return { ...model, groups: { ...model.groups, ...c.groups }, behaviour: [...model.behaviour, ...c.rules] }
}

describe('candidateBehaviourRules', () => {
  it('makes steps every model accepts once their groups are bounded, skipping ids already taken', () => {
    const c = candidateBehaviourRules(new Set())
    expect(c.rules.length).toBeGreaterThan(10)
    expect(new Set(c.rules.map((r) => r.id)).size).toBe(c.rules.length)
    expect(c.rules.every((r) => r.points === 0 && r.frequency.mode === 'once' && r.id.startsWith('cal-'))).toBe(true)
    const bounded = Object.fromEntries(Object.entries(c.groups).map(([g, v]) => [g, { ...v, max: 100 }]))
    const m = { ...TEST_MODEL, groups: { ...TEST_MODEL.groups, ...bounded }, behaviour: [...TEST_MODEL.behaviour, ...c.rules] }
    expect(() => ModelSchema.parse(m)).not.toThrow()
    const without = candidateBehaviourRules(new Set(['cal-time-10m', 'cal-visits']))
    expect(without.rules.some((r) => r.id === 'cal-time-10m' || r.group === 'cal-visits')).toBe(false)
    expect(without.rules.some((r) => r.id === 'cal-time-5m')).toBe(true)
  })

  it('fires each step once, when the history reaches it (engaged time, visits, page views, pages in a visit)', () => {
    const model = withSteps(TEST_MODEL)
    const names = featureNames(model)
    // 3 visits of 4 pages, 11 minutes engaged in all, read at the last visit (no decay to speak of)
    const row = featureRow({ events: history(3, 4, 660), profile: {} }, model, NOW)
    const f = (id: string) => row[names.indexOf(`b:${id}`)]
    for (const id of ['cal-time-1m', 'cal-time-5m', 'cal-time-10m', 'cal-visits-2', 'cal-visits-3', 'cal-pages-10', 'cal-depth-3']) {
      expect(f(id), id).toBeGreaterThan(0.9)
      expect(f(id), id).toBeLessThanOrEqual(1)
    }
    for (const id of ['cal-time-15m', 'cal-time-20m', 'cal-visits-5', 'cal-pages-20', 'cal-depth-6']) expect(f(id), id).toBe(0)
    // one visit of one page, nothing engaged: no step at all
    const none = featureRow({ events: history(1, 1, 0), profile: {} }, model, NOW)
    expect(names.filter((n) => n.startsWith('b:cal-')).every((n) => none[names.indexOf(n)] === 0)).toBe(true)
  })

  it('lets calibration learn a threshold the linear rules cannot express, and replaces its steps when run again', () => {
    // win odds jump at 10 engaged minutes and do not grow with time otherwise
    const rand = seededRandom(7)
    const samples: Sample[] = Array.from({ length: 1500 }, (_, i) => {
      const minutes = Math.floor(rand() * 20)
      const events = history(1, 2, minutes * 60).map((e) => ({ ...e, id: `${i}:${e.id}` }))
      return { events, profile: { email: `l${i}@x.io` }, outcome: rand() < sigmoid(minutes >= 10 ? 1.5 : -1.5) ? 'won' : 'lost' }
    })
    const { proposed, report } = calibrate({ samples, model: TEST_MODEL, now: NOW })
    expect(() => ModelSchema.parse(proposed)).not.toThrow()
    const points = (id: string) => proposed.behaviour.find((r) => r.id === id)?.points ?? 0
    expect(points('cal-time-10m')).toBeGreaterThan(50)
    expect(Math.abs(points('cal-time-10m'))).toBeGreaterThan(Math.abs(points('cal-time-5m')) + Math.abs(points('cal-time-15m')))
    // the step ranks the hold-out near the best possible (the outcome is noisy, so not 1)
    expect(report.holdout.proposed.auc).toBeGreaterThan(0.75)
    // scoring with the proposal puts a lead past the step above one just short of it
    const at = (minutes: number) => scoreHistory({ events: history(1, 2, minutes * 60), profile: { email: 'a@x.io' }, model: proposed, now: NOW }).score
    expect(at(11)).toBeGreaterThan(at(9) + 50)
    // recalibrating starts from the designed rules: the steps are replaced, never stacked
    expect(withoutCalibrated(proposed).behaviour.map((r) => r.id)).toEqual(TEST_MODEL.behaviour.map((r) => r.id))
    const again = calibrate({ samples, model: proposed, now: NOW }).proposed
    expect(again.behaviour.map((r) => r.id)).toEqual(proposed.behaviour.map((r) => r.id))
  })
})
