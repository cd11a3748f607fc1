import { describe, expect, it } from 'vitest'
import { calibrate, TooFewOutcomesError } from '../../../worker/calibration/calibrate'
import { ModelSchema } from '../../../worker/scoring/model'
import { scoreHistory } from '../../../worker/scoring/engine'
import { NOW, syntheticSamples, TEST_MODEL } from './synthetic'

describe('calibrate', () => {
  const samples = syntheticSamples(1500, 3)
  const { proposed, report } = calibrate({ samples, model: TEST_MODEL, now: NOW })

  it('proposes a valid model that ranks the hold-out better than the uncalibrated one', () => {
    expect(() => ModelSchema.parse(proposed)).not.toThrow()
    expect(report.n).toBe(1500)
    expect(report.won + report.lost).toBe(1500)
    expect(report.holdout.n).toBe(450)
    expect(report.train.n).toBe(1050)
    expect(report.holdout.proposed.auc).toBeGreaterThan(report.holdout.current.auc)
    expect(report.holdout.proposed.auc).toBeGreaterThan(0.75)
  })

  it('learns the signs of the true effects', () => {
    const points = (id: string) => proposed.fit.find((r) => r.id === id)?.points
    expect(proposed.behaviour.find((r) => r.id === 'engaged-time')?.points).toBeGreaterThan(0)
    expect(points('cal-occupation-working-professional')).toBeGreaterThan(0)
    expect(points('cal-occupation-not-given')).toBeLessThan(0)
    // "Unemployed" is the most common answer: the reference, without a rule of its own
    expect(points('cal-occupation-unemployed')).toBeUndefined()
  })

  it('makes the SQL threshold mean the target probability, and a higher target need more evidence', () => {
    expect(report.sqlProbability).toBeCloseTo(0.5, 1)
    expect(report.mqlProbability).toBeCloseTo(0.25, 1)
    expect(proposed.thresholds.sql).toBe(TEST_MODEL.thresholds.sql)
    const strict = calibrate({ samples, model: TEST_MODEL, now: NOW, targetProbability: 0.8 })
    expect(strict.report.sqlProbability).toBeCloseTo(0.8, 1)
    const lead = samples.find((s) => s.profile.occupation === 'Working Professional')!
    const score = (m: typeof proposed) => scoreHistory({ events: lead.events, profile: lead.profile, model: m, now: NOW }).score
    expect(score(strict.proposed)).toBeLessThan(score(proposed))
  })

  it('keeps the points of rules the data never exercised or cannot tell apart', () => {
    expect(proposed.behaviour.find((r) => r.id === 'demo')?.points).toBe(50)
    // every synthetic lead has exactly one page view: a constant says nothing
    expect(proposed.behaviour.find((r) => r.id === 'page-view')?.points).toBe(1)
  })

  it('sets a rule the data contradicts to 0 instead of flipping its sign, unless told otherwise', () => {
    expect(report.contradicted).toContain('download')
    const points = new Map([...proposed.behaviour, ...proposed.fit].map((r) => [r.id, r.points]))
    for (const id of report.contradicted) expect(points.get(id)).toBe(0)
    const free = calibrate({ samples, model: TEST_MODEL, now: NOW, keepSigns: false })
    expect(free.report.contradicted).toEqual([])
    expect(free.proposed.behaviour.find((r) => r.id === 'download')?.points).toBeLessThan(0)
  })

  it('reports bands that cover the hold-out and changes sorted by size', () => {
    expect(report.bands.reduce((s, b) => s + b.n, 0)).toBe(450)
    expect(report.stages.map((b) => b.label)).toHaveLength(3)
    const top = report.bands[report.bands.length - 1]
    expect(top.lift).toBeGreaterThan(1)
    const sizes = report.changes.map((c) => Math.abs(c.to - c.from))
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes)
  })

  it('is deterministic for a seed, and recalibrating replaces rather than stacks its own rules', () => {
    expect(calibrate({ samples, model: TEST_MODEL, now: NOW }).proposed).toEqual(proposed)
    const again = calibrate({ samples, model: proposed, now: NOW }).proposed
    const ids = again.fit.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.filter((id) => id.startsWith('cal-baseline'))).toHaveLength(2)
    expect(again.fit.length).toBe(proposed.fit.length)
  })

  it('refuses fewer than 50 won or 50 lost outcomes, saying how many more are needed', () => {
    const won = samples.filter((s) => s.outcome === 'won').slice(0, 49)
    const lost = samples.filter((s) => s.outcome === 'lost').slice(0, 200)
    let caught: unknown
    try {
      calibrate({ samples: [...won, ...lost], model: TEST_MODEL, now: NOW })
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(TooFewOutcomesError)
    expect(caught).toMatchObject({ won: 49, lost: 200, needWon: 1, needLost: 0 })
    expect(() => calibrate({ samples: lost, model: TEST_MODEL, now: NOW })).toThrow(/50 more won/)
    expect(new TooFewOutcomesError(50, 50)).toMatchObject({ needWon: 0, needLost: 0 })
  })
})
