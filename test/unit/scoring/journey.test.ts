import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { currentScores, scoreHistory } from '../../../worker/scoring/engine'
import { decideStage, type StagePrev } from '../../../worker/scoring/stage'
import { DAY, history, HOUR, MIN, T0 } from './helpers'

/**
 * A buyer researching a B2B tool over two weeks: blog from search, product and pricing pages, a case study
 * download, back twice, a plain contact form — but no demo or quote request.
 */
function b2bJourney() {
  const h = history()
  h.pv(0, '/blog/lead-scoring-guide')
  h.engaged(3 * MIN, '/blog/lead-scoring-guide', 170)
  h.pv(4 * MIN, '/product')
  h.pv(6 * MIN, '/pricing')
  h.engaged(8 * MIN, '/pricing', 95)
  h.pv(2 * DAY, '/')
  h.pv(2 * DAY + MIN, '/customers/acme')
  h.download(2 * DAY + 3 * MIN, '/files/acme-case-study.pdf', '/customers/acme')
  h.pv(2 * DAY + 5 * MIN, '/integrations/salesforce')
  h.engaged(2 * DAY + 9 * MIN, '/integrations/salesforce', 240)
  h.pv(6 * DAY, '/pricing')
  h.engaged(6 * DAY + 2 * MIN, '/pricing', 80)
  h.pv(6 * DAY + 3 * MIN, '/contact')
  h.form(6 * DAY + 5 * MIN, 'contact', '/contact')
  h.identify(6 * DAY + 5 * MIN)
  return h.events
}
const profile = { email: 'dana@northwind.example', title: 'Head of Marketing Operations', company: 'Northwind', companySize: '51-200' }
const NOW = T0 + 6 * DAY + HOUR
const fresh: StagePrev = { stage: 'known', mqlAt: null, sqlAt: null, lastSeenAt: null }

describe('realistic journeys', () => {
  it('a B2B research journey without a hand-raise ends known or mql, with at least three reasons', () => {
    const r = scoreHistory({ events: b2bJourney(), profile, model: DEFAULT_MODEL, now: NOW })
    const d = decideStage(fresh, r, DEFAULT_MODEL, NOW, { cooldownDays: 30 })
    expect(r.handRaise).toBeNull()
    expect(['known', 'mql']).toContain(d.stage)
    const reasons = new Set(r.breakdown.filter((b) => b.points > 0 && !b.rule.startsWith('cap:')).map((b) => b.rule))
    expect(reasons.size).toBeGreaterThanOrEqual(3)
    for (const rule of ['form', 'pricing-view', 'download', 'title-vp', 'size-50']) expect(reasons).toContain(rule)
  })

  it('the same lead goes cold: a month later the score has decayed, the stage has not', () => {
    const r = scoreHistory({ events: b2bJourney(), profile, model: DEFAULT_MODEL, now: NOW })
    const later = currentScores(r.state, DEFAULT_MODEL, NOW + 60 * DAY)
    expect(later.engagementScore).toBeLessThan(r.engagementScore / 3)
    expect(later.fitScore).toBe(r.fitScore)
    const d1 = decideStage(fresh, r, DEFAULT_MODEL, NOW, { cooldownDays: 30 })
    const prev: StagePrev = { stage: d1.stage, mqlAt: d1.mqlAt, sqlAt: d1.sqlAt, lastSeenAt: r.lastActivityAt }
    expect(decideStage(prev, { ...later, handRaise: null, lastActivityAt: r.lastActivityAt }, DEFAULT_MODEL, NOW + 60 * DAY, { cooldownDays: 30 }).stage).toBe(d1.stage)
  })

  it('a demo request fired from 12 tabs at the same moment: one hand-raise, one SQL transition, then none', () => {
    const h = history()
    h.pv(0, '/pricing')
    const at = 5 * MIN
    for (let tab = 0; tab < 12; tab++) h.track(at, 'demo_requested', { tab })
    const r = scoreHistory({ events: h.events, profile, model: DEFAULT_MODEL, now: T0 + 6 * MIN })
    expect(r.features.handRaises).toBe(12)
    expect(r.features['rule:sales-request']).toBe(1) // points once per 30 days, however many tabs
    const first = decideStage(fresh, r, DEFAULT_MODEL, T0 + 6 * MIN, { cooldownDays: 30 })
    expect(first.transitions).toHaveLength(1)
    expect(first).toMatchObject({ stage: 'sql', transitions: [{ to: 'sql', reengaged: false }] })
    // every concurrent request that read the lead after the first write sees sql and decides nothing more
    const after: StagePrev = { stage: 'sql', mqlAt: first.mqlAt, sqlAt: first.sqlAt, lastSeenAt: r.lastActivityAt }
    expect(decideStage(after, r, DEFAULT_MODEL, T0 + 6 * MIN, { cooldownDays: 30 }).transitions).toEqual([])
  })
})
