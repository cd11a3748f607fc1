import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ALERT_PAYLOAD_DAYS, purgeExpired } from '../../../worker/db/retention'
import { createSite, expectProblem, ident, pv, rows, send, track, uid } from '../helpers'
import { call, json } from '../api/api-helpers'

const DAY = 86_400_000

async function dumpAll(): Promise<string> {
  const tables = await rows<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name <> 'd1_migrations'")
  let out = ''
  for (const { name } of tables) out += JSON.stringify(await rows(`select * from "${name}"`))
  return out
}

async function settled(siteId: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const busy = await rows("select id from alerts where site_id = ? and status in ('pending', 'sending')", siteId)
    if (!busy.length) return
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('privacy', () => {
  it("erase by email leaves no row about that person and every row of the browser's other lead", async () => {
    const site = await createSite({ name: 'Erase by email' })
    const [own, shared] = [uid('v'), uid('v')]
    const email = `ann.${uid()}@erase.test`
    // Bob identifies on the shared browser first, then Ann does; Ann also has her own browser
    await send({ s: site.siteKey, v: shared, e: [pv('/bob-1'), ident('bob@erase.test', { name: 'Bob' }), pv('/bob-2')] })
    await send({ s: site.siteKey, v: shared, e: [ident(email, { name: 'Ann Example' }), pv('/ann-shared')] })
    await send({ s: site.siteKey, v: own, e: [pv('/ann-own'), ident(email), track('demo_requested')] })
    const [ann] = await rows<{ id: string }>('select id from leads where email = ?', email)
    const [bob] = await rows<{ id: string }>("select id from leads where email = 'bob@erase.test'")
    await settled(site.id)
    const bobEvents = await rows('select * from events where lead_id = ? order by id', bob.id)
    expect(bobEvents.length).toBeGreaterThanOrEqual(3)
    const ownVisitor = await rows<{ id: string }>('select id from visitors where vid = ?', own)

    const res = await json<{ erased: { leads: number; visitors: number } }>(await call('POST', '/api/v1/erasures', site.apiKey, { email: ` ${email.toUpperCase()} ` }))
    expect(res.erased.leads).toBe(1)
    const text = await dumpAll()
    for (const needle of [email, ann.id, own, ownVisitor[0].id, 'Ann Example', '/ann-shared', '/ann-own']) expect(text.includes(needle), needle).toBe(false)
    // Bob keeps his lead, every event, and the browser he shares (no longer linked to Ann)
    expect(await rows('select * from events where lead_id = ? order by id', bob.id)).toEqual(bobEvents)
    expect(await rows('select id from leads where id = ?', bob.id)).toHaveLength(1)
    const [sharedRow] = await rows<{ lead_id: string | null }>('select lead_id from visitors where vid = ?', shared)
    expect(sharedRow).toEqual({ lead_id: null })
    await expectProblem(await call('GET', `/api/v1/leads/${ann.id}`, site.apiKey), 404)
    // again: nothing left to erase, still 200
    expect(await json(await call('POST', '/api/v1/erasures', site.apiKey, { email }))).toEqual({ erased: { leads: 0, visitors: 0 } })
    await expectProblem(await call('POST', '/api/v1/erasures', site.apiKey, { email: 'not an email' }), 400)
    await expectProblem(await call('POST', '/api/v1/erasures', site.apiKey, {}), 400)
  })

  it('erase by visitor id removes that browser and its anonymous events, and names the linked lead', async () => {
    const site = await createSite({ name: 'Erase by visitor' })
    const [anon, known] = [uid('v'), uid('v')]
    await send({ s: site.siteKey, v: anon, e: [pv('/anon-1'), pv('/anon-2')] })
    await send({ s: site.siteKey, v: known, e: [pv('/k'), ident('kim@erase.test')] })
    const r1 = await json<{ erased: { visitors: number }; linkedLeadId: string | null }>(await call('POST', '/api/v1/erasures', site.apiKey, { visitorId: anon }))
    expect(r1).toEqual({ erased: { leads: 0, visitors: 1 }, linkedLeadId: null })
    expect(await rows('select * from visitors where vid = ?', anon)).toHaveLength(0)
    expect((await dumpAll()).includes('/anon-1')).toBe(false)
    const [kim] = await rows<{ id: string }>("select id from leads where email = 'kim@erase.test'")
    const r2 = await json<{ linkedLeadId: string | null }>(await call('POST', '/api/v1/erasures', site.apiKey, { visitorId: known }))
    expect(r2.linkedLeadId).toBe(kim.id)
    expect(await rows('select * from events where lead_id = ?', kim.id)).toHaveLength(2) // the lead's events stay the lead's
  })

  it('export contains the profile, the timeline, transitions and alerts (admin only)', async () => {
    const site = await createSite({ name: 'Export' })
    const v = uid('v')
    await send({ s: site.siteKey, v, e: [pv('/pricing'), ident('exp@export.test', { name: 'Exa Port', company: 'Exp Co' }), track('demo_requested')] })
    const [lead] = await rows<{ id: string }>("select id from leads where email = 'exp@export.test'")
    await settled(site.id)
    const data = await json<{ profile: Record<string, unknown>; timeline: { type: string; path?: string }[]; transitions: { to: string }[]; alerts: { channel: string; payload: { lead: { email: string } } }[]; visitors: { id: string }[] }>(
      await call('GET', `/api/v1/leads/${lead.id}/export`, site.apiKey),
    )
    expect(data.profile).toMatchObject({ id: lead.id, email: 'exp@export.test', name: 'Exa Port', company: 'Exp Co' })
    expect(data.timeline.map((e) => e.type)).toEqual(['page_view', 'identify', 'custom'])
    expect(data.timeline.map((e) => e.path ?? (e as { name?: string }).name)).toEqual(['/pricing', undefined, 'demo_requested'])
    expect(data.transitions.map((t) => t.to)).toContain('sql')
    expect(data.alerts.length).toBeGreaterThan(0)
    expect(data.alerts[0].payload.lead.email).toBe('exp@export.test')
    expect(data.visitors.map((x) => x.id)).toEqual([v])
    const read = await json<{ key: string }>(await call('POST', '/api/v1/keys', site.apiKey, { name: 'r', scope: 'read' }), 201)
    await expectProblem(await call('GET', `/api/v1/leads/${lead.id}/export`, read.key), 403)
    await expectProblem(await call('GET', '/api/v1/leads/ld_nope/export', site.apiKey), 404)
  })

  it('retention removes each kind of personal datum at its own period', async () => {
    const site = await createSite({ name: 'Retention' })
    await json(await call('PATCH', '/api/v1/site', site.apiKey, { retentionDays: 2 }))
    const [anon, known] = [uid('v'), uid('v')]
    const now = Date.now()
    await send({ s: site.siteKey, v: anon, e: [pv('/anon')] })
    await send({ s: site.siteKey, v: known, e: [pv('/pricing'), ident('ret@retention.test', { name: 'Reta' }), track('demo_requested')] })
    const [lead] = await rows<{ id: string }>("select id from leads where email = 'ret@retention.test'")
    await settled(site.id)
    const count = async (q: string) => (await rows<{ n: number }>(q, site.id))[0].n
    expect(await count("select count(*) n from stage_transitions where site_id = ? and reason is not null")).toBeGreaterThan(0)

    // one day on: nothing is due yet
    await purgeExpired(env, now + 1 * DAY)
    expect(await count('select count(*) n from events where site_id = ?')).toBe(4)

    // past retention_days (2): events, anonymous visitors and transitions' reasons go; the alert copy stays
    const r = await purgeExpired(env, now + 3 * DAY)
    expect(r.events).toBeGreaterThanOrEqual(4)
    expect(await count('select count(*) n from events where site_id = ?')).toBe(0)
    expect(await rows('select vid from visitors where site_id = ?', site.id)).toEqual([{ vid: known }]) // linked to a lead: kept
    expect(await count('select count(*) n from stage_transitions where site_id = ? and reason is not null')).toBe(0)
    expect(await count('select count(*) n from stage_transitions where site_id = ?')).toBeGreaterThan(0)
    expect(JSON.stringify(await rows('select payload from alerts where site_id = ?', site.id))).toContain('ret@retention.test')

    // past the alert payload period: the copy of the lead goes, the record of the alert stays
    await purgeExpired(env, now + (ALERT_PAYLOAD_DAYS + 1) * DAY)
    const payloads = await rows<{ payload: string; status: string }>('select payload, status from alerts where site_id = ?', site.id)
    expect(payloads.length).toBeGreaterThan(0)
    for (const p of payloads) expect(JSON.parse(p.payload)).toEqual({ stage: 'sql', purgedAt: now + (ALERT_PAYLOAD_DAYS + 1) * DAY })
    const detail = await json<{ alerts: { stage: string }[] }>(await call('GET', `/api/v1/leads/${lead.id}`, site.apiKey))
    expect(detail.alerts.map((a) => a.stage)).toContain('sql')
    expect((await purgeExpired(env, now + (ALERT_PAYLOAD_DAYS + 2) * DAY)).alertPayloads).toBe(0)
  })
})
