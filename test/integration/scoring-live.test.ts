import { describe, expect, it } from 'vitest'
import { apiGet, createSite, ident, pv, rows, send, track, uid } from './helpers'

const HOUR = 3600_000

describe('real-time scoring on ingest', () => {
  it('a realistic journey without a hand-raise ends known or mql, with at least three reasons', async () => {
    const site = await createSite()
    const v = uid('v')
    const t0 = Date.now() - 3 * 24 * HOUR
    const at = (h: number) => t0 + h * HOUR
    await send({
      s: site.siteKey,
      v,
      e: [
        pv('/', at(0)),
        pv('/product', at(0.1)),
        pv('/pricing', at(0.2)),
        { i: uid('e'), t: 'eng', ts: at(0.25), p: '/pricing', n: 95 },
        pv('/blog/lead-scoring', at(24)),
        pv('/pricing', at(24.2)),
        { i: uid('e'), t: 'dl', ts: at(24.3), p: '/resources', u: 'https://www.acme.test/files/guide.pdf' },
        pv('/pricing', at(48)),
      ],
    })
    await send({ s: site.siteKey, v, e: [ident('gil@initech.test', { company: 'Initech', title: 'VP Engineering', companySize: '201-500' })] })
    const [lead] = await rows<{ id: string; stage: string; score: number; breakdown: string }>('select * from leads where email = ?', 'gil@initech.test')
    expect(['known', 'mql']).toContain(lead.stage)
    expect(lead.score).toBeGreaterThan(0)
    const reasons = new Set((JSON.parse(lead.breakdown) as { rule: string; points: number }[]).filter((b) => b.points > 0).map((b) => b.rule))
    expect(reasons.size).toBeGreaterThanOrEqual(3)
    const listed = (await (await apiGet(`/api/v1/leads?email=gil@initech.test`, site.apiKey)).json()) as { data: { score: number; stage: string; grade: string }[] }
    expect(listed.data[0].score).toBeGreaterThan(0)
    expect(listed.data[0].grade).toMatch(/^[A-D][1-4]$/)
  })

  it('a demo request fired from 12 tabs at the same moment makes the lead sql exactly once', async () => {
    const site = await createSite()
    const email = 'hal@umbrella.test'
    const tabs = Array.from({ length: 12 }, () => uid('v'))
    // every tab is a device of the same person
    await Promise.all(tabs.map((v) => send({ s: site.siteKey, v, e: [ident(email)] })))
    expect(await rows('select id from leads where email = ?', email)).toHaveLength(1)
    const res = await Promise.all(tabs.map((v) => send({ s: site.siteKey, v, e: [track('demo_requested')] })))
    expect(res.map((r) => r.status)).toEqual(Array(12).fill(202))
    const [lead] = await rows<{ id: string; stage: string; sql_at: number }>('select * from leads where email = ?', email)
    expect(lead.stage).toBe('sql')
    expect(lead.sql_at).toBeGreaterThan(0)
    const transitions = await rows<{ to_stage: string }>('select to_stage from stage_transitions where lead_id = ?', lead.id)
    expect(transitions.map((t) => t.to_stage)).toEqual(['sql'])
    const queued = await rows<{ channel: string }>('select channel from alerts where lead_id = ?', lead.id)
    expect(queued).toEqual([{ channel: 'log' }]) // no channel configured: one alert, to the log
    const n = await rows<{ n: number }>("select count(*) n from events where lead_id = ? and type = 'custom'", lead.id)
    expect(n[0].n).toBe(12) // every tab's event counted
  })

  it('a plain contact form is not a hand-raise; a contact-sales form is', async () => {
    const site = await createSite()
    const form = (f: string, email: string) => ({ i: uid('e'), t: 'form' as const, ts: Date.now(), p: `/${f}`, f, d: { email } })
    await send({ s: site.siteKey, v: uid('v'), e: [form('newsletter', 'ida@acme.test')] })
    await send({ s: site.siteKey, v: uid('v'), e: [form('contact-sales', 'jo@acme.test')] })
    const st = await rows<{ email: string; stage: string }>('select email, stage from leads where site_id = ? order by email', site.id)
    expect(st).toEqual([
      { email: 'ida@acme.test', stage: 'known' },
      { email: 'jo@acme.test', stage: 'sql' },
    ])
  })
})
