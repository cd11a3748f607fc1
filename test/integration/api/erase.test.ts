import { describe, expect, it } from 'vitest'
import { createSite, expectProblem, ident, pv, rows, send, track, uid } from '../helpers'
import { call, json, type Page } from './api-helpers'

/** Every user table of the schema, each dumped whole as text. */
async function dumpAll(): Promise<Record<string, string>> {
  const tables = await rows<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%'")
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['sites', 'api_keys', 'leads', 'visitors', 'events', 'stage_transitions', 'alerts', 'scoring_models']))
  const out: Record<string, string> = {}
  for (const { name } of tables) out[name] = JSON.stringify(await rows(`select * from "${name}"`))
  return out
}

describe('DELETE /api/v1/leads/{id}', () => {
  it('erases every row about the person, in every table, and leaves colleagues intact', async () => {
    const site = await createSite({ name: 'Erase Co' })
    const email = `erin.${uid()}@acme-erase.test`
    const [v1, v2, vb] = [uid('v'), uid('v'), uid('v')]
    // device 1: anonymous pages first, then identifies; device 2: the same person
    await send({ s: site.siteKey, v: v1, e: [pv('/pricing'), pv('/features')] })
    await send({ s: site.siteKey, v: v1, e: [ident(email, { name: 'Erin Erasable', title: 'CTO', company: 'Acme' })] })
    await send({ s: site.siteKey, v: v2, e: [pv('/pricing'), ident(email)] })
    await send({ s: site.siteKey, v: v2, e: [track('demo_requested')] }) // SQL: a transition and alert rows
    // a colleague hand-raises later: their alert names Erin among the account's people
    await send({ s: site.siteKey, v: vb, e: [pv('/pricing'), ident('bert@acme-erase.test', { name: 'Bert' }), track('demo_requested')] })

    const [lead] = await rows<{ id: string }>('select id from leads where email = ?', email)
    const visitors = await rows<{ id: string; vid: string }>('select id, vid from visitors where lead_id = ?', lead.id)
    expect(visitors.map((v) => v.vid).sort()).toEqual([v1, v2].sort())
    const needles = [email, lead.id, ...visitors.flatMap((v) => [v.id, v.vid])]
    const before = await dumpAll()
    for (const table of ['leads', 'visitors', 'events', 'stage_transitions', 'alerts']) expect(before[table], table).toContain(lead.id)
    expect((await rows<{ payload: string }>("select payload from alerts where lead_id <> ? and site_id = ?", lead.id, site.id)).some((a) => a.payload.includes(email)), "the colleague's alert names her").toBe(true)

    const res = await call('DELETE', `/api/v1/leads/${lead.id}`, site.apiKey)
    expect(res.status).toBe(204)
    // unreadable at once
    await expectProblem(await call('GET', `/api/v1/leads/${lead.id}`, site.apiKey), 404)
    await expectProblem(await call('DELETE', `/api/v1/leads/${lead.id}`, site.apiKey), 404)
    expect(await rows('select id from leads where id = ?', lead.id)).toHaveLength(0)
    expect(await rows('select id from visitors where lead_id = ?', lead.id)).toHaveLength(0)

    // six events fit one step: they went in the same batch, with no erase job (more than a step's worth
    // go to a job: test/integration/jobs.test.ts)
    expect(await rows("select id from jobs where site_id = ? and kind = 'erase'", site.id)).toHaveLength(0)
    expect(await rows('select id from events where lead_id = ?', lead.id)).toHaveLength(0)

    const after = await dumpAll()
    for (const [table, text] of Object.entries(after)) for (const n of needles) expect(text.includes(n), `${table} still holds ${n}`).toBe(false)
    expect(after.stage_transitions).not.toContain('Erin')
    expect(after.alerts).not.toContain('Erin Erasable')

    // the colleague keeps their lead, events and alert (with a still-valid payload)
    const page = await json<Page>(await call('GET', '/api/v1/leads', site.apiKey))
    expect(page.data.map((l) => l.email)).toEqual(['bert@acme-erase.test'])
    const [bert] = await rows<{ id: string }>('select id from leads where email = ?', 'bert@acme-erase.test')
    const alertsB = await rows<{ payload: string }>('select payload from alerts where lead_id = ?', bert.id)
    expect(alertsB.length).toBeGreaterThan(0)
    for (const a of alertsB) {
      const p = JSON.parse(a.payload) as { lead: { email: string }; account: { people: { email: string }[] } | null }
      expect(p.lead.email).toBe('bert@acme-erase.test')
      expect(p.account?.people.map((x) => x.email) ?? []).not.toContain(email)
    }
    expect((await rows('select * from events where lead_id = ?', bert.id)).length).toBe(3)
  })
})
