import { describe, expect, it } from 'vitest'
import { featureNames, featureRow, unitModel } from '../../../worker/calibration/features'
import { candidateFitRules } from '../../../worker/calibration/fit-candidates'
import type { Model } from '../../../worker/scoring/model'
import { NOW, TEST_MODEL } from './synthetic'

const profiles = [
  ...Array.from({ length: 6 }, (_, i) => ({ email: `a${i}@x.io`, occupation: 'Unemployed', city: `City ${i}` })),
  ...Array.from({ length: 3 }, () => ({ occupation: 'Working Professional' })),
  { occupation: 'Housewife' },
  { occupation: 'Other' },
  ...Array.from({ length: 4 }, () => ({})),
]

describe('candidateFitRules', () => {
  const c = candidateFitRules(profiles, { minCount: 2, taken: new Set(['cal-occupation-not-given']) })

  it('makes one rule per common value, the rarer values together and "not given", minus the reference', () => {
    const occ = c.rules.filter((r) => r.field === 'occupation')
    expect(occ.map((r) => r.match)).toEqual([
      { kind: 'missing' },
      { kind: 'in', values: ['Working Professional'] },
      { kind: 'in', values: ['Housewife', 'Other'] },
    ])
    expect(occ.every((r) => r.group === 'cal-occupation' && r.points === 0)).toBe(true)
    expect(c.groups['cal-occupation'].pick).toBe('first')
  })

  it('skips identity fields, and free-text fields (more than 200 distinct values)', () => {
    expect(c.rules.some((r) => r.field === 'email')).toBe(false)
    // six different cities: only "some city" vs "not given" is learnable
    expect(c.rules.filter((r) => r.field === 'city').map((r) => r.match.kind)).toEqual(['in'])
    const many = Array.from({ length: 500 }, (_, i) => ({ note: `free text ${i % 250}` }))
    expect(candidateFitRules(many, { minCount: 2, taken: new Set() }).rules).toEqual([])
  })

  it('keeps ids unique against the model it extends', () => {
    const ids = c.rules.map((r) => r.id)
    expect(ids).toContain('cal-occupation-not-given-2')
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('featureRow', () => {
  it('counts behaviour hits in units of points (decayed) and fit rules as counted by the engine', () => {
    const model: Model = { ...TEST_MODEL, fit: [...TEST_MODEL.fit, { id: 'any-occ', group: 'role', field: 'occupation', match: { kind: 'pattern', pattern: '.' }, points: 3 }] }
    const events = [
      { id: 'a', type: 'page_view' as const, at: NOW - 30 * 86_400_000, path: '/' },
      { id: 'b', type: 'engaged' as const, at: NOW - 30 * 86_400_000 + 1000, path: '/', seconds: 150 },
      { id: 'c', type: 'page_view' as const, at: NOW, path: '/pricing' },
    ]
    const row = featureRow({ events, profile: { occupation: 'Student' } }, model, NOW)
    const byName = Object.fromEntries(featureNames(model).map((n, j) => [n, row[j]]))
    // one page view a half-life ago (0.5) plus one now (1)
    expect(byName['b:page-view']).toBeCloseTo(1.5, 6)
    // 150 s = two whole minutes, a half-life ago
    expect(byName['b:engaged-time']).toBeCloseTo(1, 6)
    expect(byName['b:form']).toBe(0)
    // pick "first": student matched first, so any-occ does not count
    expect(byName['f:student']).toBe(1)
    expect(byName['f:any-occ']).toBe(0)
  })

  it('reads features at the sample’s own time when given', () => {
    const events = [{ id: 'a', type: 'page_view' as const, at: NOW - 60 * 86_400_000, path: '/' }]
    const at = NOW - 60 * 86_400_000
    expect(featureRow({ events, profile: {}, at }, TEST_MODEL, NOW)[0]).toBe(1)
    expect(featureRow({ events, profile: {} }, TEST_MODEL, NOW)[0]).toBeCloseTo(0.25, 6)
  })

  it('scores one point per rule in the unit model', () => {
    expect(unitModel(TEST_MODEL).behaviour.every((r) => r.points === 1)).toBe(true)
  })
})
