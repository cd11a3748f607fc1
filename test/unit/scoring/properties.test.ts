import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../../worker/scoring/caps'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { currentScores, parseDecayState, scoreHistory } from '../../../worker/scoring/engine'
import type { Model } from '../../../worker/scoring/model'
import type { Profile, ScoreResult, ScoringEvent } from '../../../worker/scoring/types'
import { DAY, MIN, T0, TIGHT_MODEL, tenths } from './helpers'

const PATHS = ['/', '/pricing', '/plans/team', '/product', '/customers', '/careers', '/support', '/help/x', '/blog/a', '/demo', '/unsubscribe', '/contact']
const NAMES = ['contact', 'newsletter', 'contact-sales', 'demo_requested', 'quote_requested', 'unsubscribe', 'chat', '/files/a.pdf']
const TYPES = ['page_view', 'page_view', 'page_view', 'engaged', 'download', 'form_submit', 'identify', 'custom'] as const
/** Events span 40 days, clustered within days so visits have several events. */
const LAST_EVENT = T0 + 40 * DAY + 300 * MIN

const eventArb = fc.record({
  type: fc.constantFrom(...TYPES),
  day: fc.integer({ min: 0, max: 40 }),
  minute: fc.integer({ min: 0, max: 300 }),
  path: fc.constantFrom(...PATHS),
  name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
  seconds: fc.integer({ min: 0, max: 900 }),
  imported: fc.boolean(),
})
const historyArb = fc.array(eventArb, { maxLength: 60 }).map((list) =>
  list.map((e, i): ScoringEvent => {
    const ev: ScoringEvent = { id: `e${i}`, type: e.type, at: T0 + e.day * DAY + e.minute * MIN, path: e.path }
    if (e.name !== undefined) ev.name = e.name
    if (e.type === 'engaged') ev.seconds = e.seconds
    if (e.imported) ev.imported = true
    return ev
  }),
)
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })
const profileArb: fc.Arbitrary<Profile> = fc.record({
  email: opt(fc.constantFrom('ada@acme.io', 'bob@gmail.com', 'bad')),
  title: opt(fc.constantFrom('CEO', 'VP Sales', 'Director', 'Manager', 'Student', 'Engineer')),
  companySize: opt(fc.constantFrom('1-10', '11-50', '51-200', '201-500', '10,000+')),
  occupation: opt(fc.constantFrom('Working Professional', 'Student', 'Unemployed', '')),
  source: opt(fc.constantFrom('Reference', 'Google')),
})
const modelArb: fc.Arbitrary<Model> = fc
  .tuple(fc.constantFrom(DEFAULT_MODEL, TIGHT_MODEL), fc.constantFrom(1, 7, 30, 365))
  .map(([m, halfLifeDays]) => ({ ...m, halfLifeDays }))
const laterArb = fc.integer({ min: 0, max: 400 * DAY })

const scoresOf = (r: ScoreResult) => ({ engagementScore: r.engagementScore, fitScore: r.fitScore, score: r.score, grade: r.grade })
const inputArb = fc.record({ events: historyArb, profile: profileArb, model: modelArb })

describe('scoring properties', () => {
  it('decay is exact: a stored state read at any later time equals scoring the history then', () => {
    fc.assert(
      fc.property(inputArb, laterArb, laterArb, ({ events, profile, model }, a, b) => {
        const t1 = LAST_EVENT + Math.min(a, b)
        const t2 = LAST_EVENT + Math.max(a, b)
        const stored = parseDecayState(JSON.stringify(scoreHistory({ events, profile, model, now: t1 }).state))
        expect(stored).not.toBeNull()
        const fresh = scoreHistory({ events, profile, model, now: t2 })
        expect(currentScores(stored!, model, t2)).toEqual(scoresOf(fresh))
        // and before rounding, to the bit: the stored state only differs from a fresh one in when it was made
        expect({ ...stored!, at: 0 }).toEqual({ ...fresh.state, at: 0 })
        expect(evaluate(stored!, model, t2)).toEqual(evaluate(fresh.state, model, t2))
      }),
    )
  })

  it('decay stays within bounds: every group only shrinks toward zero, and after 60 half-lives engagement is 0', () => {
    fc.assert(
      fc.property(inputArb, laterArb, laterArb, ({ events, profile, model }, a, b) => {
        const { state } = scoreHistory({ events, profile, model, now: LAST_EVENT })
        const early = evaluate(state, model, LAST_EVENT + Math.min(a, b))
        const late = evaluate(state, model, LAST_EVENT + Math.max(a, b))
        for (const g of Object.keys(state.groups)) {
          expect(Math.abs(late.decayed[g])).toBeLessThanOrEqual(Math.abs(early.decayed[g]))
          expect(late.decayed[g] * early.decayed[g]).toBeGreaterThanOrEqual(0)
        }
        expect(late.fit).toBe(early.fit)
        expect(currentScores(state, model, LAST_EVENT + 60 * model.halfLifeDays * DAY).engagementScore).toBe(0)
      }),
    )
  })

  it('caps are never exceeded: scores within limits, every group within its bounds as displayed', () => {
    fc.assert(
      fc.property(inputArb, laterArb, ({ events, profile, model }, later) => {
        const r = scoreHistory({ events, profile, model, now: LAST_EVENT + later })
        const { engagement, fit, total } = model.limits
        expect(r.engagementScore).toBeGreaterThanOrEqual(Math.round(engagement.min))
        expect(r.engagementScore).toBeLessThanOrEqual(Math.round(engagement.max))
        expect(r.fitScore).toBeGreaterThanOrEqual(Math.round(fit.min))
        expect(r.fitScore).toBeLessThanOrEqual(Math.round(fit.max))
        expect(r.score).toBeGreaterThanOrEqual(total.min)
        expect(r.score).toBeLessThanOrEqual(total.max)
        for (const [name, g] of Object.entries(model.groups)) {
          const entries = r.breakdown.filter((b) => b.group === name)
          const shown = entries.reduce((s, b) => s + b.points, 0)
          const slack = 0.05 * entries.length + 1e-9 // each entry is rounded to 0.1 on its own
          if (g.max !== undefined) expect(shown).toBeLessThanOrEqual(g.max + slack)
          if (g.min !== undefined) expect(shown).toBeGreaterThanOrEqual(g.min - slack)
        }
      }),
    )
  })

  it('the breakdown adds up to the score exactly (in tenths), and score = engagement + fit within the total limit', () => {
    fc.assert(
      fc.property(inputArb, laterArb, ({ events, profile, model }, later) => {
        const r = scoreHistory({ events, profile, model, now: LAST_EVENT + later })
        expect(tenths(r.breakdown)).toBe(r.score * 10)
        // the rounding entry only holds display rounding (engagement, fit, and 0.05 per entry), never a lost cap
        const rounding = r.breakdown.filter((b) => b.rule === 'rounding')
        expect(rounding.length).toBeLessThanOrEqual(1)
        for (const b of rounding) expect(Math.abs(b.points)).toBeLessThanOrEqual(1 + 0.05 * r.breakdown.length + 1e-9)
        const { min, max } = model.limits.total
        expect(r.score).toBe(Math.min(max, Math.max(min, r.engagementScore + r.fitScore)))
        for (const b of r.breakdown) if (b.eventId) expect(Math.abs(b.points)).toBeLessThanOrEqual(Math.abs(b.rawPoints) + 0.05)
      }),
    )
  })

  it('scoring is deterministic and independent of the order events arrive in', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 1_000_000 }), ({ events, profile, model }, seed) => {
        const now = LAST_EVENT + DAY
        const reference = scoreHistory({ events, profile, model, now })
        const shuffled = [...events]
        let s = seed
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2 ** 31
          const j = s % (i + 1)
          ;[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]
        }
        expect(scoreHistory({ events: shuffled, profile, model, now })).toEqual(reference)
        expect(scoreHistory({ events: structuredClone(events), profile: { ...profile }, model, now })).toEqual(reference)
      }),
    )
  })

  it('incremental equals from scratch: batches arriving over time (late ones included), read between arrivals', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }), laterArb, ({ events, profile, model }, batchOf, gap) => {
        // batch k arrives at LAST_EVENT + k days: the lead rescores what it has, stores the state, and reads it later
        const arrived: ScoringEvent[] = []
        let last: ScoreResult | null = null
        for (let k = 0; k < 4; k++) {
          arrived.push(...events.filter((_, i) => batchOf[i] === k))
          const now = LAST_EVENT + k * DAY
          last = scoreHistory({ events: arrived, profile, model, now })
          const read = now + (gap % DAY)
          expect(currentScores(last.state, model, read)).toEqual(scoresOf(scoreHistory({ events: arrived, profile, model, now: read })))
        }
        expect(last).toEqual(scoreHistory({ events, profile, model, now: LAST_EVENT + 3 * DAY }))
      }),
    )
  })

  it('a history with a demo request always carries a hand-raise', () => {
    fc.assert(
      fc.property(inputArb, ({ events, profile, model }) => {
        const withDemo = [...events, { id: 'demo', type: 'custom' as const, at: T0, name: 'demo_requested' }]
        expect(scoreHistory({ events: withDemo, profile, model, now: LAST_EVENT }).handRaise).not.toBeNull()
      }),
    )
  })
})
