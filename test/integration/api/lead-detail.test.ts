import { describe, expect, it } from 'vitest'
import { createSite, expectProblem, ident, pv, rows, send, track, uid } from '../helpers'
import { call, json, type LeadDetail, makeLead } from './api-helpers'

const tenths = (xs: { points: number }[]) => xs.reduce((a, b) => a + Math.round(b.points * 10), 0)

describe('GET /api/v1/leads/{id}', () => {
  it('is the Lead plus every reason (adding up to the score), the timeline newest first, and the alerts', async () => {
    const site = await createSite()
    const v = uid('v')
    const t = Date.now() - 5 * 60_000
    await send({ s: site.siteKey, v, e: [pv('/pricing', t), pv('/pricing', t + 1000), pv('/features', t + 2000), ident('dora@globex.test', { title: 'VP Sales', company: 'Globex' }, t + 3000)] })
    await send({ s: site.siteKey, v, e: [track('demo_requested', t + 4000)] }) // a hand-raise: SQL at once, and an alert
    const [lead] = await rows<{ id: string }>('select id from leads where email = ?', 'dora@globex.test')
    const d = await json<LeadDetail>(await call('GET', `/api/v1/leads/${lead.id}`, site.apiKey))
    expect(d).toMatchObject({ id: lead.id, email: 'dora@globex.test', title: 'VP Sales', company: 'Globex', stage: 'sql', outcome: null })
    expect(d.sqlAt).not.toBeNull()
    expect(d.breakdown.filter((b) => !b.rule.startsWith('cap:') && b.rule !== 'rounding').length).toBeGreaterThanOrEqual(3)
    expect(tenths(d.breakdown)).toBe(d.score * 10)
    expect(d.breakdown.map((b) => b.rule)).toEqual(expect.arrayContaining(['pricing-view', 'title-vp']))
    expect(d.timeline.map((e) => e.type)).toEqual(['custom', 'identify', 'page_view', 'page_view', 'page_view'])
    expect(d.timeline.map((e) => e.path).slice(2)).toEqual(['/features', '/pricing', '/pricing'])
    const at = d.timeline.map((e) => Date.parse(e.at))
    expect(at).toEqual([...at].sort((x, y) => y - x))
    expect(d.alerts.length).toBeGreaterThanOrEqual(1)
    for (const a of d.alerts) expect(a).toMatchObject({ channel: expect.any(String), status: expect.any(String), at: expect.any(String) })
    expect(d.transitions.map((x) => x.to)).toContain('sql')
  })

  it('pages the timeline: 100 by default, timelineLimit up to 500, timelineBefore for older events', async () => {
    const site = await createSite()
    const v = uid('v')
    const t0 = Date.now() - 3 * 3600_000
    for (let b = 0; b < 3; b++) {
      const e = Array.from({ length: 44 }, (_, k) => pv(`/t/${b * 44 + k}`, t0 + (b * 44 + k) * 1000))
      expect((await send({ s: site.siteKey, v, e })).status).toBe(202)
    }
    const id = await makeLead(site, 'tim@line.test', { vid: v }) // 132 views + 1 identify
    const first = await json<LeadDetail>(await call('GET', `/api/v1/leads/${id}`, site.apiKey))
    expect(first.timeline).toHaveLength(100)
    expect(first.timeline[0].type).toBe('identify')
    expect(first.timeline[1].path).toBe('/t/131')
    expect(first.timelineCursor).toEqual(expect.any(String))
    const rest = await json<LeadDetail>(await call('GET', `/api/v1/leads/${id}?timelineBefore=${first.timelineCursor}`, site.apiKey))
    expect(rest.timeline).toHaveLength(33)
    expect(rest.timeline.at(-1)!.path).toBe('/t/0')
    expect(rest.timelineCursor).toBeNull()
    const seen = [...first.timeline, ...rest.timeline].map((e) => `${e.type}${e.path ?? ''}`)
    expect(new Set(seen).size).toBe(133)
    const big = await json<LeadDetail>(await call('GET', `/api/v1/leads/${id}?timelineLimit=500`, site.apiKey))
    expect(big.timeline).toHaveLength(133)
    expect(big.timelineCursor).toBeNull()
    await expectProblem(await call('GET', `/api/v1/leads/${id}?timelineLimit=501`, site.apiKey), 400)
    await expectProblem(await call('GET', `/api/v1/leads/${id}?timelineBefore=bogus`, site.apiKey), 400)
  })

  it('is a 404 problem for an unknown id', async () => {
    const site = await createSite()
    const p = await expectProblem(await call('GET', '/api/v1/leads/ld_nope', site.apiKey), 404)
    expect(p.detail).toContain('ld_nope')
  })
})

describe('PATCH /api/v1/leads/{id}', () => {
  it('keeps an outcome, records a sales stage change once, and bumps the version', async () => {
    const site = await createSite()
    const id = await makeLead(site, 'olga@won.test', { views: 2 })
    const [before] = await rows<{ version: number }>('select version from leads where id = ?', id)
    const won = await json<LeadDetail>(await call('PATCH', `/api/v1/leads/${id}`, site.apiKey, { outcome: 'won' }))
    expect(won.outcome).toBe('won')
    const accepted = await json<LeadDetail>(await call('PATCH', `/api/v1/leads/${id}`, site.apiKey, { stage: 'accepted' }))
    expect(accepted).toMatchObject({ stage: 'accepted', outcome: 'won' })
    expect(accepted.transitions[0]).toMatchObject({ from: 'known', to: 'accepted', source: 'sales' })
    await json(await call('PATCH', `/api/v1/leads/${id}`, site.apiKey, { stage: 'accepted', outcome: 'won' })) // no change: no write
    const [after] = await rows<{ version: number; outcome: string; outcome_at: number; stage: string }>('select * from leads where id = ?', id)
    expect(after).toMatchObject({ version: before.version + 2, outcome: 'won', stage: 'accepted' })
    expect(after.outcome_at).toBeGreaterThan(0)
    const tr = await rows<{ source: string; to_stage: string; epoch: number }>('select * from stage_transitions where lead_id = ? and source = ?', id, 'sales')
    expect(tr).toEqual([expect.objectContaining({ to_stage: 'accepted', epoch: before.version + 2 })])
    // later browsing neither undoes the sales stage nor the outcome
    const [vis] = await rows<{ vid: string }>('select vid from visitors where lead_id = ?', id)
    await send({ s: site.siteKey, v: vis.vid, e: [pv('/pricing'), track('demo_requested')] })
    const later = await json<LeadDetail>(await call('GET', `/api/v1/leads/${id}`, site.apiKey))
    expect(later).toMatchObject({ stage: 'accepted', outcome: 'won' })
    const lost = await json<LeadDetail>(await call('PATCH', `/api/v1/leads/${id}`, site.apiKey, { stage: 'disqualified', outcome: 'lost' }))
    expect(lost).toMatchObject({ stage: 'disqualified', outcome: 'lost' })
    expect(lost.transitions.filter((x) => x.source === 'sales').map((x) => x.to).sort()).toEqual(['accepted', 'disqualified'])
  })

  it('is never lost to concurrent ingest writes on the same lead', async () => {
    const site = await createSite()
    const v = uid('v')
    await send({ s: site.siteKey, v, e: [ident('race@x.test')] })
    const [{ id }] = await rows<{ id: string }>('select id from leads where email = ?', 'race@x.test')
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, k) => send({ s: site.siteKey, v, e: [pv(`/r/${k}`)] })),
      call('PATCH', `/api/v1/leads/${id}`, site.apiKey, { outcome: 'won', stage: 'accepted' }),
    ])
    expect(results.map((r) => r.status)).toEqual([...Array(8).fill(202), 200])
    const [row] = await rows<{ outcome: string; stage: string; version: number }>('select * from leads where id = ?', id)
    expect(row).toMatchObject({ outcome: 'won', stage: 'accepted', version: 1 + 8 + 1 })
    expect(await rows('select * from events where lead_id = ?', id)).toHaveLength(9)
  })

  it('refuses anything but stage accepted/disqualified and outcome won/lost', async () => {
    const site = await createSite()
    const id = await makeLead(site, 'val@x.test')
    for (const body of [{}, { stage: 'sql' }, { stage: 'known' }, { outcome: 'maybe' }, { outcome: null }, { score: 100 }, [], 'nope']) {
      await expectProblem(await call('PATCH', `/api/v1/leads/${id}`, site.apiKey, body), 400)
    }
    await expectProblem(await call('PATCH', `/api/v1/leads/${id}`, site.apiKey, '{"outcome":', { 'Content-Type': 'application/json' }), 400)
    await expectProblem(await call('PATCH', `/api/v1/leads/${id}`, site.apiKey, 'outcome=won', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415)
    await expectProblem(await call('PATCH', '/api/v1/leads/ld_nope', site.apiKey, { outcome: 'won' }), 404)
    const [row] = await rows<{ outcome: string | null; stage: string }>('select * from leads where id = ?', id)
    expect(row).toMatchObject({ outcome: null, stage: 'known' })
  })
})
