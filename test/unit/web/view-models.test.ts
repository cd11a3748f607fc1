/** The app's pure view helpers: top reasons per group, filters, the score series, ROC curves, model problems. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL, ModelSchema, scoreHistory } from '../../../worker/scoring'
import { scoreSeries } from '../../../worker/scoring/series'
import type { ScoringEvent } from '../../../worker/scoring/types'
import { hotFilters, topGroups } from '../../../worker/web/vm/hot-leads'
import { jsonProblem, modelProblems } from '../../../worker/web/vm/model-errors'
import { rocCurve } from '../../../worker/web/vm/roc'

const DAY = 86_400_000
const T0 = Date.parse('2026-11-01T10:00:00Z')

describe('top reasons', () => {
  it('sum each group after its cap, by the group short label, biggest first', () => {
    const got = topGroups(
      [
        { group: 'dwell', points: 50 },
        { group: 'dwell', points: 40 },
        { group: 'dwell', points: -30 }, // cap:dwell
        { group: 'handraise', points: 48.66 },
        { group: 'negative', points: -10 },
        { group: 'engagement', points: -5 }, // not a group of the model
      ],
      DEFAULT_MODEL,
      3,
    )
    expect(got).toEqual([
      { rule: 'Engaged time', points: 60 },
      { rule: 'Asked for sales', points: 48.7 },
    ])
  })

  it('filters come from the query string, unknown values ignored', () => {
    const f = hotFilters({ stage: 'sql', since: '24h', domain: ' @Acme.COM ' }, T0)
    expect(f.filters).toEqual({ stages: ['sql'], since: T0 - DAY, domain: 'acme.com' })
    expect(f.query).toBe('stage=sql&since=24h&domain=acme.com')
    expect(hotFilters({ stage: 'nope', since: '3y' }, T0).filters).toEqual({})
  })
})

describe('score series', () => {
  const events: ScoringEvent[] = [
    { id: 'a', type: 'page_view', at: T0, path: '/pricing' },
    { id: 'b', type: 'page_view', at: T0 + 60_000, path: '/features' },
    { id: 'c', type: 'page_view', at: T0 + 5 * DAY, path: '/pricing' },
    { id: 'd', type: 'custom', at: T0 + 5 * DAY + 60_000, name: 'demo_requested' },
  ]
  const profile = { email: 'ada@acme.io', title: 'CTO' }

  it('steps at each visit to what the engine gives then, decays in between, and ends at the score now', () => {
    const now = T0 + 9 * DAY
    const s = scoreSeries({ events, profile, model: DEFAULT_MODEL, now })
    expect(s.markers.map((m) => m.at)).toEqual([T0 + 60_000, T0 + 5 * DAY + 60_000])
    for (const m of s.markers) expect(m.score).toBe(scoreHistory({ events, profile, model: DEFAULT_MODEL, now: m.at }).score)
    expect(s.points.at(-1)).toMatchObject({ at: now, score: scoreHistory({ events, profile, model: DEFAULT_MODEL, now }).score })
    expect(s.markers[1].rules).toContain('sales-request')
    const between = s.points.filter((p) => p.at > T0 + 60_000 && p.at < T0 + 5 * DAY)
    expect(between.length).toBeGreaterThan(0)
    expect(Math.min(...between.map((p) => p.score))).toBeLessThan(s.markers[0].score)
    expect(s.thresholds).toEqual({ mql: 100, sql: 170 })
  })

  it('a long history is stepped in at most MAX_STEPS runs', () => {
    const many: ScoringEvent[] = Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, type: 'page_view', at: T0 + i * 3_600_000, path: '/pricing' }))
    const s = scoreSeries({ events: many, profile: {}, model: DEFAULT_MODEL, now: T0 + 400 * 3_600_000, maxSteps: 20 })
    expect(s.points.filter((p, i, all) => i > 0 && all[i - 1].at === p.at).length).toBeLessThanOrEqual(20)
    expect(s.points.at(-1)!.score).toBe(scoreHistory({ events: many, profile: {}, model: DEFAULT_MODEL, now: T0 + 400 * 3_600_000 }).score)
  })
})

describe('ROC curve and model problems', () => {
  it('ROC goes from (0,0) to (1,1), ties sharing a point', () => {
    expect(rocCurve([3, 1, 2], [true, false, true])).toEqual([[0, 0], [0, 0.5], [0, 1], [1, 1]])
    expect(rocCurve([1, 1], [true, false])).toEqual([[0, 0], [1, 1]])
    expect(rocCurve([1], [true])).toEqual([])
  })

  it('a problem is placed at its rule, with the rule’s line in the text', () => {
    const m = structuredClone(DEFAULT_MODEL) as unknown as { behaviour: { group: string; id: string }[] }
    m.behaviour[2].group = 'nope'
    const text = JSON.stringify(m, null, 2)
    const r = ModelSchema.safeParse(m)
    expect(r.success).toBe(false)
    const [p] = modelProblems(m, r.error!.issues, text)
    expect(p.where).toBe(`behaviour rule #3 “${m.behaviour[2].id}”`)
    expect(p.message).toBe('group: unknown group "nope"')
    expect(text.split('\n')[p.line! - 1]).toContain(`"id": "${m.behaviour[2].id}"`)
    expect(jsonProblem('{\n  "a": 1,\n}')).toMatchObject({ where: 'JSON', line: 3 })
    expect(jsonProblem('{}')).toBeNull()
  })
})
