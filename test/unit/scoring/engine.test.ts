import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { currentScores, parseDecayState, scoreHistory } from '../../../worker/scoring/engine'
import { ENTRIES_PER_RULE } from '../../../worker/scoring/explain'
import { gradeOf } from '../../../worker/scoring/grade'
import { DAY, history, MIN, model, T0, tenths } from './helpers'

const pvRule = { kind: 'event' as const, id: 'pv', group: 'g', types: ['page_view' as const], points: 10 }

describe('decay', () => {
  const m = model({ halfLifeDays: 10, behaviour: [pvRule] })

  it('halves engagement every half-life; fit does not decay', () => {
    const h = history()
    h.pv(0, '/')
    const profile = { title: 'CEO' }
    const withFit = model({ halfLifeDays: 10, behaviour: [pvRule], groups: { g: {}, f: {} }, fit: [{ id: 'ceo', group: 'f', field: 'title', points: 7, match: { kind: 'pattern', pattern: 'ceo' } }] })
    const at = (days: number) => scoreHistory({ events: h.events, profile, model: withFit, now: T0 + days * DAY })
    expect([at(0), at(10), at(20), at(30)].map((r) => [r.engagementScore, r.fitScore])).toEqual([[10, 7], [5, 7], [3, 7], [1, 7]])
  })

  it('breakdown shows each hit with its points after decay and its raw points', () => {
    const h = history()
    h.pv(0, '/a')
    h.pv(10 * DAY, '/b')
    const r = scoreHistory({ events: h.events, profile: {}, model: m, now: T0 + 20 * DAY })
    // 7.5 is shown as 8: one explicit rounding entry, the hits themselves are not bent
    expect(r.engagementScore).toBe(8)
    expect(r.breakdown.map((b) => [b.rule, b.points, b.rawPoints])).toEqual([['pv', 5, 10], ['pv', 2.5, 10], ['rounding', 0.5, 0.5]])
  })

  it('currentScores reads a stored state later exactly as rescoring would', () => {
    const h = history()
    for (let i = 0; i < 7; i++) h.pv(i * 3 * DAY + i * MIN, `/p${i}`)
    const first = scoreHistory({ events: h.events, profile: {}, model: m, now: T0 + 30 * DAY })
    const state = parseDecayState(JSON.stringify(first.state))
    expect(state).not.toBeNull()
    for (const later of [30, 31.5, 45, 90, 400]) {
      const fresh = scoreHistory({ events: h.events, profile: {}, model: m, now: T0 + later * DAY })
      expect(currentScores(state!, m, T0 + later * DAY)).toEqual({ engagementScore: fresh.engagementScore, fitScore: fresh.fitScore, score: fresh.score, grade: fresh.grade })
    }
  })

  it('parseDecayState refuses what is not a state', () => {
    expect(parseDecayState('{"v":2}')).toBeNull()
    expect(parseDecayState('{"v":1,"at":1,"anchor":null,"groups":{"a":"x"},"fit":0}')).toBeNull()
    expect(parseDecayState('nope')).toBeNull()
    expect(parseDecayState(null)).toBeNull()
  })
})

describe('history handling', () => {
  it('ignores events after now, sorts by (at, id), drops duplicate ids', () => {
    const h = history()
    h.pv(0, '/a')
    h.pv(DAY, '/future')
    const dup = { ...h.events[0], path: '/dup' }
    const m = model({ behaviour: [pvRule] })
    const r = scoreHistory({ events: [h.events[1], dup, h.events[0]], profile: {}, model: m, now: T0 + MIN })
    expect(r.engagementScore).toBe(10)
    expect(r.lastActivityAt).toBe(T0)
    expect(r.features.pageViews).toBe(1)
  })

  it('an empty history scores 0 with grade D4 and no state anchor', () => {
    const r = scoreHistory({ events: [], profile: {}, model: DEFAULT_MODEL, now: T0 })
    expect(r).toMatchObject({ score: 0, engagementScore: 0, fitScore: 0, grade: 'D4', handRaise: null, breakdown: [], lastActivityAt: null })
    expect(r.state).toEqual({ v: 1, at: T0, anchor: null, groups: {}, fit: 0 })
  })

  it('refuses a non-finite now', () => {
    expect(() => scoreHistory({ events: [], profile: {}, model: DEFAULT_MODEL, now: Number.NaN })).toThrow(RangeError)
  })
})

describe('caps', () => {
  const m = model({
    groups: { g: { max: 25, min: -5 }, neg: {}, f: {} },
    behaviour: [pvRule, { kind: 'event', id: 'bad', group: 'neg', types: ['custom'], points: -40 }],
    limits: { engagement: { min: -20, max: 1000 }, fit: { min: 0, max: 10 }, total: { min: -10, max: 1000 } },
  })

  it('a group is bounded, then engagement, then the total; each bound is an explained entry', () => {
    const h = history()
    for (let i = 0; i < 4; i++) h.pv(i * MIN, '/x')
    h.track(5 * MIN, 'x')
    const r = scoreHistory({ events: h.events, profile: {}, model: m, now: T0 + 5 * MIN })
    // g: 40 → 25; neg: -40; engagement -15; total ≥ -10
    expect([r.engagementScore, r.score]).toEqual([-15, -10])
    expect(r.breakdown.filter((b) => b.rule.startsWith('cap:')).map((b) => [b.rule, b.points])).toEqual([['cap:g', -15], ['cap:total', 5]])
    expect(tenths(r.breakdown)).toBe(r.score * 10)
  })
})

describe('grades', () => {
  it('fit letter × engagement digit from the model bands', () => {
    const cases: [number, number, string][] = [[40, 80, 'A1'], [39, 79, 'B2'], [20, 40, 'B2'], [5, 10, 'C3'], [4, 9, 'D4'], [-30, -30, 'D4'], [100, 0, 'A4']]
    for (const [fit, eng, grade] of cases) expect(gradeOf(fit, eng, DEFAULT_MODEL), `${fit}/${eng}`).toBe(grade)
  })
})

describe('breakdown', () => {
  it('lists at most ENTRIES_PER_RULE hits per rule, summing older ones into one entry, and still adds up', () => {
    const h = history()
    for (let i = 0; i < 50; i++) h.pv(i * DAY, `/p${i}`)
    const m = model({ halfLifeDays: 30, behaviour: [{ ...pvRule, points: 1 }] })
    const r = scoreHistory({ events: h.events, profile: {}, model: m, now: T0 + 50 * DAY })
    const older = r.breakdown.filter((b) => b.detail === `${50 - ENTRIES_PER_RULE} earlier hits`)
    expect(older).toHaveLength(1)
    expect(older[0].rawPoints).toBe(30)
    expect(r.breakdown.filter((b) => b.rule === 'pv')).toHaveLength(ENTRIES_PER_RULE + 1)
    expect(tenths(r.breakdown)).toBe(r.score * 10)
  })

  it('is sorted by points, biggest reasons first', () => {
    const h = history()
    h.pv(0, '/')
    h.pv(MIN, '/pricing')
    h.form(2 * MIN, 'contact', '/contact')
    const r = scoreHistory({ events: h.events, profile: { title: 'VP Sales' }, model: DEFAULT_MODEL, now: T0 + 3 * MIN })
    const pts = r.breakdown.filter((b) => !b.rule.startsWith('cap:')).map((b) => b.points)
    expect(pts).toEqual([...pts].sort((a, b) => b - a))
    expect(r.breakdown.slice(0, 2).map((b) => b.rule)).toEqual(['stated-title', 'title-vp'])
  })
})

describe('features', () => {
  it('per-rule hit counts for every rule and raw aggregates', () => {
    const h = history()
    h.pv(0, '/pricing')
    h.engaged(MIN, '/pricing', 95)
    h.download(2 * MIN, '/files/a.pdf')
    h.pv(DAY, '/')
    h.form(DAY + MIN, 'contact', '/contact')
    const r = scoreHistory({ events: h.events, profile: {}, model: DEFAULT_MODEL, now: T0 + 3 * DAY })
    expect(Object.keys(r.features).filter((k) => k.startsWith('rule:'))).toHaveLength(DEFAULT_MODEL.behaviour.length + DEFAULT_MODEL.fit.length)
    expect(r.features).toMatchObject({
      'rule:pricing-view': 1, 'rule:form': 1, 'rule:careers': 0, sessions: 2, pageViews: 2, pageViewsPerSession: 1,
      engagedSeconds: 95, downloads: 1, forms: 1, pricingViews: 1, activeDays: 2, handRaises: 0,
    })
    expect(r.features.daysSinceLastActivity).toBeCloseTo(2 - MIN / DAY, 9)
  })
})
