import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { breakdownAt } from '../../../worker/db/breakdown-now'
import { currentScores, DEFAULT_MODEL, type ScoringEvent, scoreHistory } from '../../../worker/scoring'

const DAY = 86_400_000
const T0 = Date.parse('2026-05-01T09:00:00Z')

const eventArb = (i: number): fc.Arbitrary<ScoringEvent> =>
  fc.record({
    kind: fc.constantFrom('pv', 'pv', 'pv', 'eng', 'dl', 'demo', 'form'),
    path: fc.constantFrom('/', '/pricing', '/features', '/careers', '/docs', '/blog/x', '/case-studies/a'),
    ago: fc.integer({ min: 0, max: 60 * DAY }),
    seconds: fc.integer({ min: 1, max: 900 }),
  }).map(({ kind, path, ago, seconds }) => {
    const base = { id: `e${i}`, at: T0 - ago }
    if (kind === 'eng') return { ...base, type: 'engaged', path, seconds }
    if (kind === 'dl') return { ...base, type: 'download', path, name: '/files/guide.pdf' }
    if (kind === 'demo') return { ...base, type: 'custom', name: 'demo_requested' }
    if (kind === 'form') return { ...base, type: 'form_submit', path: '/contact', name: 'contact' }
    return { ...base, type: 'page_view', path }
  })

const historyArb = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => eventArb(i))))
const profileArb = fc.record({ email: fc.constantFrom('a@acme.test', 'b@gmail.com'), title: fc.constantFrom('CTO', 'Intern', 'Engineer', '') })

describe('breakdownAt: the stored breakdown brought forward to now', () => {
  it('adds up to the decayed score and matches a fresh scoring of the history per event (fast-check)', () => {
    fc.assert(
      fc.property(historyArb, profileArb, fc.integer({ min: 1, max: 200 }), (events, profile, laterDays) => {
        const atT0 = scoreHistory({ events, profile, model: DEFAULT_MODEL, now: T0 })
        const t1 = T0 + laterDays * DAY + 12_345
        const now = breakdownAt(atT0.breakdown, atT0.state, DEFAULT_MODEL, t1)
        const score = currentScores(atT0.state, DEFAULT_MODEL, t1).score
        expect(now.reduce((a, b) => a + Math.round(b.points * 10), 0)).toBe(score * 10)
        // the rounding entry only holds rounding: caps that went missing could not hide in it
        const rounding = now.find((b) => b.rule === 'rounding')?.points ?? 0
        expect(Math.abs(rounding)).toBeLessThanOrEqual(0.5 + 0.05 * now.length + 1e-9)
        const fresh = scoreHistory({ events, profile, model: DEFAULT_MODEL, now: t1 })
        expect(fresh.score).toBe(score)
        const freshByEvent = new Map(fresh.breakdown.filter((b) => b.eventId).map((b) => [`${b.rule}|${b.eventId}`, b.points]))
        for (const b of now.filter((x) => x.eventId)) {
          expect(Math.abs(b.points - freshByEvent.get(`${b.rule}|${b.eventId}`)!), `${b.rule} ${b.eventId}`).toBeLessThanOrEqual(0.1 + 1e-9)
        }
        // fit does not decay
        for (const b of now.filter((x) => x.at === undefined && !x.rule.startsWith('cap:') && x.rule !== 'rounding')) {
          expect(b.points).toBe(atT0.breakdown.find((y) => y.rule === b.rule)!.points)
        }
      }),
      { numRuns: 200 },
    )
  }, 60_000)

  it('keeps the stored entries when nothing has decayed yet, and tolerates junk', () => {
    const r = scoreHistory({ events: [{ id: 'a', type: 'page_view', at: T0, path: '/pricing' }], profile: {}, model: DEFAULT_MODEL, now: T0 })
    expect(breakdownAt(r.breakdown, r.state, DEFAULT_MODEL, T0)).toEqual(r.breakdown)
    expect(breakdownAt(r.breakdown, null, DEFAULT_MODEL, T0 + DAY)).toEqual(r.breakdown)
    expect(breakdownAt([null, 3, { rule: 1 }, { rule: 'x', points: 'y' }], null, DEFAULT_MODEL, T0)).toEqual([])
  })
})
