import { describe, expect, it } from 'vitest'
import { featureNames, featureRow } from '../../../worker/calibration/features'
import { candidateFitRules } from '../../../worker/calibration/fit-candidates'
import { sigmoid } from '../../../worker/calibration/logistic'
import { seededRandom } from '../../../worker/calibration/random'
import { fitKeepingSigns, MAX_FIT_RULES, selectCandidates, withoutDuplicates } from '../../../worker/calibration/select'
import type { Model } from '../../../worker/scoring/model'
import { NOW, syntheticSamples, TEST_MODEL } from './synthetic'

describe('fitKeepingSigns', () => {
  const rand = seededRandom(9)
  const x: number[][] = []
  const y: boolean[] = []
  for (let i = 0; i < 4000; i++) {
    const row = [rand() < 0.5 ? 1 : 0, rand() < 0.5 ? 1 : 0, rand() * 4]
    x.push(row)
    y.push(rand() < sigmoid(-1 + 1.5 * row[0] - 1.0 * row[1] + 0.5 * row[2]))
  }

  it('fits freely when no sign is imposed', () => {
    const { fit, pinned } = fitKeepingSigns(x, y, [0, 0, 0], 1)
    expect(pinned).toEqual([])
    expect(fit.coef[1]).toBeLessThan(-0.7)
  })

  it('pins a column whose data contradicts its sign at 0 and keeps the others', () => {
    const { fit, pinned } = fitKeepingSigns(x, y, [1, 1, 1], 1)
    expect(pinned).toEqual([1])
    expect(fit.coef[1]).toBe(0)
    expect(fit.coef[0]).toBeGreaterThan(1)
    expect(fit.coef[2]).toBeGreaterThan(0.3)
  })
})

describe('withoutDuplicates and selectCandidates', () => {
  const samples = syntheticSamples(600, 4)
  const profiles = samples.map((s) => s.profile)
  const all = candidateFitRules(profiles, { minCount: 10, taken: new Set() })
  // the model already scores "Working Professional": the candidate for the same value duplicates it
  const model: Model = {
    ...TEST_MODEL,
    groups: { ...TEST_MODEL.groups, work: { pick: 'sum' } },
    fit: [...TEST_MODEL.fit, { id: 'working', group: 'work', field: 'occupation', match: { kind: 'pattern', pattern: 'working' }, points: 10 }],
  }
  const wide: Model = { ...model, groups: { ...model.groups, ...all.groups }, fit: [...model.fit, ...all.rules] }
  const x = samples.map((s) => featureRow(s, wide, NOW))
  const names = featureNames(wide)

  it('drops a candidate that says the same as one of the model’s own rules', () => {
    expect(all.rules.map((r) => r.id)).toContain('cal-occupation-working-professional')
    const distinct = withoutDuplicates(all, x, names, model)
    expect(distinct.rules.map((r) => r.id)).not.toContain('cal-occupation-working-professional')
    expect(distinct.rules.map((r) => r.id)).toContain('cal-occupation-not-given')
  })

  it('keeps the strongest candidates within the rule budget', () => {
    const crowded: Model = { ...model, fit: Array.from({ length: MAX_FIT_RULES - 3 }, (_, i) => ({ ...model.fit[0], id: `r${i}` })) }
    const coef = names.map((n) => (n === 'f:cal-occupation-not-given' ? -2 : n.startsWith('f:cal-') ? 0.1 : 0))
    const kept = selectCandidates(all, x, coef, names, crowded)
    expect(kept.rules.map((r) => r.id)).toEqual(['cal-occupation-not-given'])
    expect(Object.keys(kept.groups)).toEqual(['cal-occupation'])
  })
})
