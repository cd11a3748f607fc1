import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL, scoreHistory } from '../../worker/scoring'
import { toScoringEvent } from '../../worker/db/event-rows'
import type { EventRow } from '../../worker/db/client'
import { apiGet, createSite, expectProblem, ident, pv, rows, send, uid } from './helpers'

const put = (apiKey: string, model: unknown, q = '') =>
  SELF.fetch(`https://lb.test/api/v1/scoring${q}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(model),
  })

async function siteWithLeads() {
  const site = await createSite()
  for (const [email, pages] of [
    ['a@initech.test', 6],
    ['b@initech.test', 2],
    ['c@globex.test', 0],
  ] as const) {
    const v = uid('v')
    await send({ s: site.siteKey, v, e: [...Array.from({ length: pages }, (_, k) => pv(`/pricing`, Date.now() - k * 1000)), ident(email)] })
  }
  return site
}

describe('GET/PUT /api/v1/scoring', () => {
  it('serves the default model as version 0', async () => {
    const site = await createSite()
    const res = await apiGet('/api/v1/scoring', site.apiKey)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { version: number; isDefault: boolean; model: unknown }
    expect(body).toMatchObject({ version: 0, isDefault: true })
    expect(body.model).toEqual(JSON.parse(JSON.stringify(DEFAULT_MODEL)))
  })

  it('refuses an invalid model with a problem naming the field', async () => {
    const site = await createSite()
    const bad = { ...DEFAULT_MODEL, thresholds: { mql: 100, sql: 50 }, surprise: 1 }
    const p = await expectProblem(await put(site.apiKey, bad), 400)
    expect(p.detail.length).toBeGreaterThan(5)
  })

  it('dry run reports which leads would change stage, and saves nothing', async () => {
    const site = await siteWithLeads()
    const before = await rows<{ email: string; stage: string }>('select email, stage from leads where site_id = ? order by email', site.id)
    const easy = { ...DEFAULT_MODEL, thresholds: { mql: 1, sql: 10_000 } }
    const res = await put(site.apiKey, easy, '?dryRun=true')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { dryRun: boolean; stageChanges: number; leads: { email: string; to: string }[] }
    expect(body.dryRun).toBe(true)
    const wouldChange = before.filter((l) => l.stage === 'known').length
    expect(body.stageChanges).toBeGreaterThan(0)
    expect(body.stageChanges).toBeLessThanOrEqual(wouldChange)
    expect(body.leads.every((l) => l.to === 'mql')).toBe(true)
    expect(await rows<{ email: string; stage: string }>('select email, stage from leads where site_id = ? order by email', site.id)).toEqual(before)
    expect(((await (await apiGet('/api/v1/scoring', site.apiKey)).json()) as { version: number }).version).toBe(0)
  })

  it('a new model is versioned, every lead is rescored as from scratch, stage changes are recorded without alerts', async () => {
    const site = await siteWithLeads()
    const doubled = {
      ...DEFAULT_MODEL,
      thresholds: { mql: 1, sql: 10_000 },
      behaviour: DEFAULT_MODEL.behaviour.map((r) => ({ ...r, points: r.points * 2 })),
    }
    const res = await put(site.apiKey, doubled)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { version: number; rescored: number; pending: boolean; stageChanges: number }
    expect(body).toMatchObject({ version: 1, rescored: 3, pending: false })
    expect(body.stageChanges).toBeGreaterThan(0)
    const got = (await (await apiGet('/api/v1/scoring', site.apiKey)).json()) as { version: number; isDefault: boolean }
    expect(got).toMatchObject({ version: 1, isDefault: false })

    const leads = await rows<{ id: string; email: string; profile: string; score: number; model_version: number; scored_at: number }>('select * from leads where site_id = ?', site.id)
    const parsedModel = (await import('../../worker/scoring')).ModelSchema.parse(doubled)
    for (const l of leads) {
      expect(l.model_version).toBe(1)
      const evs = (await rows<Record<string, unknown>>('select * from events where lead_id = ?', l.id)).map((r) =>
        toScoringEvent({ ...r, visitorId: r.visitor_id, leadId: r.lead_id, receivedAt: r.received_at, props: r.props ? JSON.parse(r.props as string) : null } as unknown as EventRow),
      )
      const fresh = scoreHistory({ events: evs, profile: { ...JSON.parse(l.profile), email: l.email }, model: parsedModel, now: l.scored_at })
      expect(l.score).toBe(fresh.score)
    }
    const tr = await rows<{ source: string; to_stage: string }>("select source, to_stage from stage_transitions where site_id = ? and source = 'rescore'", site.id)
    expect(tr.length).toBe(body.stageChanges)
    expect(await rows('select * from alerts where site_id = ?', site.id)).toHaveLength(0)
  })
})
