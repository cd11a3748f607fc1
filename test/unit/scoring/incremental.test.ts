import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { scoreHistory } from '../../../worker/scoring/engine'
import { ENTRIES_PER_RULE } from '../../../worker/scoring/explain'
import { type IncrementalResult, scoreFresh, scoreIncrement } from '../../../worker/scoring/incremental'
import { type FallbackReason, initialState, parseScoringState, type ScoringState, stateBounds } from '../../../worker/scoring/incremental-state'
import { type Model, ModelSchema } from '../../../worker/scoring/model'
import type { Profile, ScoreResult, ScoringEvent } from '../../../worker/scoring/types'
import { DAY, MIN, T0, TIGHT_MODEL } from './helpers'

const PATHS = ['/', '/pricing', '/plans/team', '/product', '/customers', '/careers', '/support', '/help/x', '/blog/a', '/demo', '/unsubscribe', '/contact']
const NAMES = ['contact', 'newsletter', 'contact-sales', 'demo_requested', 'quote_requested', 'unsubscribe', 'chat', '/files/a.pdf']
const TYPES = ['page_view', 'page_view', 'page_view', 'engaged', 'download', 'form_submit', 'identify', 'custom'] as const

/** Rules of every kind and frequency the default model lacks: anyPath, once, session windows, zero points. */
const WIDE_MODEL: Model = ModelSchema.parse({
  ...DEFAULT_MODEL,
  halfLifeDays: 7,
  groups: { ...DEFAULT_MODEL.groups, extra: { max: 12, min: -4 } },
  behaviour: [
    ...DEFAULT_MODEL.behaviour,
    { kind: 'session', id: 'pricing-visit', group: 'extra', anyPath: '^/pricing', minPageViews: 2, points: 2, frequency: { mode: 'window', max: 2, days: 3 } },
    { kind: 'session', id: 'blog-only', group: 'extra', allPaths: '^/blog', points: -1, frequency: { mode: 'once' } },
    { kind: 'event', id: 'first-demo', group: 'extra', types: ['page_view'], path: '^/demo', points: 4, frequency: { mode: 'once' } },
    { kind: 'event', id: 'zero', group: 'extra', types: ['page_view', 'custom'], points: 0, frequency: { mode: 'window', max: 2, days: 1 } },
    { kind: 'repeat', id: 'any-3', group: 'extra', types: ['page_view', 'download', 'identify'], count: 3, withinDays: 0.25, distinct: 'event', points: 1, frequency: { mode: 'each' } },
    { kind: 'repeat', id: 'visits-2', group: 'extra', types: ['page_view'], count: 2, withinDays: 2, distinct: 'session', points: 1, frequency: { mode: 'each' } },
    { kind: 'engaged', id: 'dwell-all', group: 'extra', perSeconds: 45, points: 1, frequency: { mode: 'window', max: 3, days: 1 } },
  ],
})

const eventArb = fc.record({
  type: fc.constantFrom(...TYPES),
  day: fc.integer({ min: 0, max: 8 }),
  minute: fc.integer({ min: 0, max: 180 }),
  path: fc.constantFrom(...PATHS),
  name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
  seconds: fc.integer({ min: 0, max: 900 }),
  imported: fc.boolean(),
})
/** Events over 9 days, clustered within days so visits hold several events and windows fill up. */
const historyArb = (maxLength: number) =>
  fc.array(eventArb, { maxLength, size: 'max' }).map((list) =>
    list.map((e, i): ScoringEvent => {
      const ev: ScoringEvent = { id: `e${String(i).padStart(3, '0')}`, type: e.type, at: T0 + e.day * DAY + e.minute * MIN, path: e.path }
      if (e.name !== undefined) ev.name = e.name
      if (e.type === 'engaged') ev.seconds = e.seconds
      if (e.imported) ev.imported = true
      return ev
    }),
  )
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })
const profileArb: fc.Arbitrary<Profile> = fc.record({
  email: opt(fc.constantFrom('ada@acme.io', 'bob@gmail.com')),
  title: opt(fc.constantFrom('CEO', 'VP Sales', 'Student', 'Engineer')),
  companySize: opt(fc.constantFrom('1-10', '201-500', '10,000+')),
})
const modelArb: fc.Arbitrary<Model> = fc
  .tuple(fc.constantFrom(DEFAULT_MODEL, TIGHT_MODEL, WIDE_MODEL), fc.constantFrom(1, 7, 30))
  .map(([m, halfLifeDays]) => ({ ...m, halfLifeDays }))

/** What the brief compares: everything scoreHistory returns but the calibration features. */
const comparable = (r: ScoreResult | IncrementalResult): IncrementalResult => {
  const { features: _, ...rest } = r as ScoreResult
  return { ...rest }
}

const counts: Record<FallbackReason | 'ok', number> = { ok: 0, state: 0, model: 0, order: 0, time: 0 }

/**
 * Feeds batches one by one, each scored at its own `now`, through a JSON round trip of the state (as
 * D1 stores it); checks each step against scoreHistory of everything delivered so far.
 */
function replay(batches: { events: ScoringEvent[]; now: number; profile: Profile }[], model: Model) {
  let state: ScoringState | null = initialState(model)
  const delivered: ScoringEvent[] = []
  for (const { events, now, profile } of batches) {
    delivered.push(...events)
    const out = scoreIncrement(state, events, profile, model, now)
    counts[out.ok ? 'ok' : out.reason]++
    const { result, state: next } = out.ok ? out : scoreFresh(delivered, profile, model, now)
    expect(comparable(result)).toEqual(comparable(scoreHistory({ events: delivered, profile, model, now })))
    state = parseScoringState(JSON.stringify(next))
  }
}

describe('incremental scoring', () => {
  it('equals scoring the whole history from scratch, for histories cut into batches at random points', () => {
    fc.assert(
      fc.property(
        historyArb(90),
        fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 8 }),
        fc.array(profileArb, { minLength: 9, maxLength: 9 }),
        modelArb,
        fc.array(fc.integer({ min: 0, max: 3 * DAY }), { minLength: 9, maxLength: 9 }),
        (history, cuts, profiles, model, delays) => {
          // delivered in time order, as a live visitor's batches are; each batch shuffled inside
          const sorted = [...history].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
          const points = [...new Set(cuts.map((c) => Math.min(c, sorted.length)))].sort((a, b) => a - b)
          const bounds = [0, ...points, sorted.length]
          const batches = bounds.slice(1).map((end, i) => {
            const events = sorted.slice(bounds[i], end).reverse()
            const newest = events.reduce((m, e) => Math.max(m, e.at), T0)
            return { events, now: newest + delays[i], profile: profiles[i] }
          })
          replay(batches, model)
        },
      ),
      { numRuns: 300 },
    )
    expect(counts.ok).toBeGreaterThan(300)
  }, 120_000)

  it('falls back to a full rescore for late events and future ones, and is exact either way', () => {
    fc.assert(
      fc.property(historyArb(60), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 12 }), modelArb, (history, sizes, model) => {
        // delivered in arbitrary order; `now` sometimes before a batch's newest event (clock skew)
        const batches: { events: ScoringEvent[]; now: number; profile: Profile }[] = []
        let i = 0
        let now = T0
        for (const n of sizes.length ? sizes : [history.length]) {
          const events = history.slice(i, i + n)
          i += n
          now = Math.max(now, ...events.map((e) => e.at - 30 * MIN))
          batches.push({ events, now, profile: { title: 'CEO' } })
          if (i >= history.length) break
        }
        replay(batches, model)
      }),
      { numRuns: 300 },
    )
    expect(counts.order).toBeGreaterThan(0)
    expect(counts.time).toBeGreaterThan(0)
  }, 120_000)

  it('refuses a state made with another model, or none', () => {
    const { state } = scoreFresh([], {}, DEFAULT_MODEL, T0)
    expect(scoreIncrement(state, [], {}, { ...DEFAULT_MODEL, halfLifeDays: 3 }, T0)).toEqual({ ok: false, reason: 'model' })
    expect(scoreIncrement(null, [], {}, DEFAULT_MODEL, T0)).toEqual({ ok: false, reason: 'state' })
    expect(parseScoringState('{"v":2}')).toBeNull()
    // fit, caps, limits and grades are read at scoring time: changing them keeps the state usable
    expect(scoreIncrement(state, [], {}, TIGHT_MODEL, T0).ok).toBe(true)
  })

  it('keeps a state whose size does not grow with the history', () => {
    for (const model of [DEFAULT_MODEL, WIDE_MODEL]) {
      const bounds = stateBounds(model, ENTRIES_PER_RULE)
      let state = initialState(model)
      const sizes: number[] = []
      // 21 days of a heavy visitor: 5,000 events, every kind, pricing again and again
      for (let b = 0; b < 500; b++) {
        const at = T0 + b * 60 * MIN
        const batch: ScoringEvent[] = Array.from({ length: 10 }, (_, k) => ({
          id: `b${b}-${k}`,
          type: TYPES[(b + k) % TYPES.length],
          at: at + k * MIN,
          path: PATHS[(b * 7 + k) % PATHS.length],
          name: NAMES[(b + k * 3) % NAMES.length],
          seconds: 40,
        }))
        const out = scoreIncrement(state, batch, {}, model, at + 10 * MIN)
        if (!out.ok) throw new Error(`fell back: ${out.reason}`)
        state = out.state
        state.rules.forEach((r, i) => {
          expect(r.recent.length).toBeLessThanOrEqual(bounds.rules[i].recent)
          expect(r.lim?.length ?? 0).toBeLessThanOrEqual(bounds.rules[i].lim)
          expect(r.units?.length ?? 0).toBeLessThanOrEqual(bounds.rules[i].units)
        })
        expect(Object.keys(state.decay.groups).length).toBeLessThanOrEqual(bounds.groups)
        sizes.push(JSON.stringify(state).length)
      }
      expect(state.n).toBe(5000)
      // every entry here is under 150 bytes of JSON: the bound in bytes follows from the bound in entries
      const entries = bounds.rules.reduce((a, r) => a + r.recent + r.lim + r.units + 4, 0) + bounds.groups
      expect(Math.max(...sizes)).toBeLessThan(1000 + 150 * entries)
    }
  }, 60_000)
})
