import { describe, expect, it } from 'vitest'
import { scoreHistory } from '../../../worker/scoring/engine'
import type { ModelInput } from '../../../worker/scoring/model'
import { DAY, HOUR, history, MIN, model } from './helpers'

type Rule = ModelInput['behaviour'][number]
/** Points a single rule awards over a history, read at its last event (decay negligible: half-life 10 years). */
function pointsOf(rule: Rule, build: (h: ReturnType<typeof history>) => void, extra: Partial<ModelInput> = {}) {
  const h = history()
  build(h)
  const now = Math.max(...h.events.map((e) => e.at))
  const r = scoreHistory({ events: h.events, profile: {}, model: model({ behaviour: [rule], ...extra }), now })
  return { score: r.engagementScore, hits: r.features[`rule:${rule.id}`], breakdown: r.breakdown }
}

describe('event rules and their frequency', () => {
  const pv = (frequency?: Rule['frequency']): Rule => ({ kind: 'event', id: 'pv', group: 'g', types: ['page_view'], points: 1, ...(frequency ? { frequency } : {}) })
  const five = (h: ReturnType<typeof history>) => {
    for (const d of [0, 0.1, 0.2, 1.5, 2.6]) h.pv(d * DAY, '/x')
  }

  it('each: every matching event', () => expect(pointsOf(pv(), five).score).toBe(5))
  it('once: the first only', () => expect(pointsOf(pv({ mode: 'once' }), five).score).toBe(1))
  it('window: at most N per rolling D days', () => {
    // day 0: 2 of 3 (max 2); day 1.5: the hits at 0 and 0.1 are within 2 days → refused; day 2.6: allowed
    expect(pointsOf(pv({ mode: 'window', max: 2, days: 2 }), five).hits).toBe(3)
  })

  it('matches path, name, props and exclude together', () => {
    const rule: Rule = {
      kind: 'event', id: 'plan', group: 'g', types: ['custom'], name: '^plan_selected$', props: { plan: '^(pro|business)$' },
      exclude: 'trial', points: 7,
    }
    const r = pointsOf(rule, (h) => {
      h.track(0, 'plan_selected', { plan: 'Pro' })
      h.track(MIN, 'plan_selected', { plan: 'free' })
      h.track(2 * MIN, 'plan_selected')
      h.track(3 * MIN, 'plan_selected_trial', { plan: 'pro' })
      h.pv(4 * MIN, '/plan_selected')
    })
    expect(r.hits).toBe(1)
    expect(r.score).toBe(7)
  })

  it('onPricing uses the model pricing patterns', () => {
    const r = pointsOf({ kind: 'event', id: 'p', group: 'g', types: ['page_view'], onPricing: true, points: 5 }, (h) => {
      h.pv(0, '/pricing')
      h.pv(MIN, '/blog/pricing-strategy')
    })
    expect(r.score).toBe(5)
  })

  it('negative rules subtract (careers)', () => {
    const r = pointsOf({ kind: 'event', id: 'careers', group: 'g', types: ['page_view'], path: '^/careers', points: -10 }, (h) => h.pv(0, '/careers/eng'))
    expect(r.score).toBe(-10)
    expect(r.breakdown[0]).toMatchObject({ rule: 'careers', points: -10, rawPoints: -10, detail: '/careers/eng' })
  })
})

describe('repeat rules', () => {
  const rule = (distinct: 'event' | 'session'): Rule => ({
    kind: 'repeat', id: 'rep', group: 'g', types: ['page_view'], onPricing: true, count: 3, withinDays: 7, distinct, points: 10,
    frequency: { mode: 'window', max: 1, days: 7 },
  })

  it('fires when the count is reached inside the window, once per window', () => {
    const r = pointsOf(rule('event'), (h) => {
      h.pv(0, '/pricing')
      h.pv(1 * DAY, '/pricing')
      h.pv(2 * DAY, '/pricing') // third in 7 days → +10
      h.pv(3 * DAY, '/pricing') // still ≥ 3, but the rule already fired this week
      h.pv(20 * DAY, '/pricing') // only 1 in the window
    })
    expect(r.hits).toBe(1)
    expect(r.breakdown[0].detail).toBe('3 times in 7 d')
  })

  it('does not fire when the views are spread over more than the window', () => {
    const r = pointsOf(rule('event'), (h) => {
      for (const d of [0, 5, 10, 15]) h.pv(d * DAY, '/pricing')
    })
    expect(r.hits).toBe(0)
  })

  it('distinct visits: three views in one visit are one visit', () => {
    const oneVisit = pointsOf(rule('session'), (h) => {
      for (let i = 0; i < 5; i++) h.pv(i * MIN, '/pricing')
    })
    const threeVisits = pointsOf(rule('session'), (h) => {
      for (let i = 0; i < 3; i++) h.pv(i * 2 * HOUR, '/pricing')
    })
    expect([oneVisit.hits, threeVisits.hits]).toEqual([0, 1])
  })
})

describe('engaged-time rules', () => {
  const rule: Rule = { kind: 'engaged', id: 'dwell', group: 'capped', path: '^/docs', perSeconds: 60, points: 2 }
  const extra = { groups: { g: {}, f: {}, capped: { max: 9 } } }

  it('awards points per whole chunk of cumulative seconds on matching pages', () => {
    const r = pointsOf(rule, (h) => {
      h.engaged(0, '/docs/a', 50) // 50: no chunk yet
      h.engaged(MIN, '/docs/b', 80) // 130: two chunks
      h.engaged(2 * MIN, '/blog', 600) // other page: ignored
      h.engaged(3 * MIN, '/docs/a', -30) // nonsense: ignored
    }, extra)
    expect(r.score).toBe(4)
    expect(r.breakdown[0].detail).toBe('120 s engaged on /docs/b (130 s in all)')
  })

  it('is capped by its group, and the cap is explained', () => {
    const r = pointsOf(rule, (h) => h.engaged(0, '/docs', 3600), extra)
    expect(r.score).toBe(9)
    expect(r.breakdown.map((b) => [b.rule, b.points])).toEqual([['dwell', 120], ['cap:capped', -111]])
  })
})

describe('session rules', () => {
  it('support-only visits (every page matches) are negative; a visit with any other page is not', () => {
    const rule: Rule = { kind: 'session', id: 'support-only', group: 'g', allPaths: '^/(support|help)', points: -5 }
    const r = pointsOf(rule, (h) => {
      h.pv(0, '/support')
      h.pv(MIN, '/help/billing') // visit 1: support only
      h.pv(3 * HOUR, '/support')
      h.pv(3 * HOUR + MIN, '/pricing') // visit 2: mixed
    })
    expect(r.score).toBe(-5)
  })

  it('deep visits need minPageViews page views in one visit; anyPath needs one matching page', () => {
    const deep: Rule = { kind: 'session', id: 'deep', group: 'g', minPageViews: 3, anyPath: '^/product', points: 4 }
    const r = pointsOf(deep, (h) => {
      h.pv(0, '/')
      h.pv(MIN, '/product')
      h.pv(2 * MIN, '/about') // visit 1: 3 pages incl. product → +4
      h.pv(DAY, '/')
      h.pv(DAY + MIN, '/a')
      h.pv(DAY + 2 * MIN, '/b') // visit 2: no product page
    })
    expect(r.score).toBe(4)
    expect(r.breakdown[0]).toMatchObject({ eventId: 'e0000', detail: 'visit of 3 page views' })
  })
})
