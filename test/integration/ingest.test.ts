import { describe, expect, it } from 'vitest'
import { createSite, expectProblem, ident, pv, rows, send, track, uid } from './helpers'

describe('POST /e', () => {
  it('stores a batch against a new visitor and answers 202 with CORS for the page', async () => {
    const site = await createSite()
    const v = uid('v')
    const res = await send({ s: site.siteKey, v, e: [pv('/'), pv('/pricing?utm_source=x')] })
    expect(res.status).toBe(202)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.acme.test')
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, dropped: 0 })
    const ev = await rows<{ type: string; path: string }>(
      'select e.type, e.path from events e join visitors v on v.id = e.visitor_id where v.vid = ? order by e.at, e.id',
      v,
    )
    expect(ev.map((e) => e.path).sort()).toEqual(['/', '/pricing?utm_source=x'])
    expect(ev.every((e) => e.type === 'page_view')).toBe(true)
  })

  it('accepts application/json too', async () => {
    const site = await createSite()
    const res = await send({ s: site.siteKey, v: uid('v'), e: [pv('/')] }, { type: 'application/json' })
    expect(res.status).toBe(202)
  })

  it('never counts an event twice when a batch is sent again', async () => {
    const site = await createSite()
    const v = uid('v')
    const body = { s: site.siteKey, v, e: [pv('/a'), pv('/b'), track('webinar_joined')] }
    expect((await send(body)).status).toBe(202)
    const again = await send(body)
    expect(again.status).toBe(202)
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 3, dropped: 0 })
    const n = await rows<{ n: number }>('select count(*) n from events e join visitors v on v.id = e.visitor_id where v.vid = ?', v)
    expect(n[0].n).toBe(3)
  })

  it('folds a repeated id within one batch', async () => {
    const site = await createSite()
    const v = uid('v')
    const e = pv('/same')
    const res = await send({ s: site.siteKey, v, e: [e, e] })
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1, dropped: 0 })
  })

  it('admits the site domain and its subdomains, refuses look-alikes and missing origins', async () => {
    const site = await createSite({ domains: ['acme.test'] })
    const body = () => ({ s: site.siteKey, v: uid('v'), e: [pv('/')] })
    expect((await send(body(), { origin: 'https://acme.test' })).status).toBe(202)
    expect((await send(body(), { origin: 'http://blog.acme.test:8080' })).status).toBe(202)
    const bad = await expectProblem(await send(body(), { origin: 'https://acme.test.evil.com' }), 403)
    expect(bad.detail).toContain('acme.test.evil.com')
    await expectProblem(await send(body(), { origin: 'https://notacme.test' }), 403)
    await expectProblem(await send(body(), { origin: null }), 403)
  })

  it('lets several sites share a domain (local development)', async () => {
    const a = await createSite({ domains: ['localhost'] })
    const b = await createSite({ domains: ['localhost'] })
    for (const s of [a, b]) expect((await send({ s: s.siteKey, v: uid('v'), e: [pv('/')] }, { origin: 'http://localhost:3000' })).status).toBe(202)
  })

  it('answers bots 204 and stores nothing', async () => {
    const site = await createSite()
    const v = uid('v')
    const ua = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
    const res = await send({ s: site.siteKey, v, e: [pv('/')] }, { ua })
    expect(res.status).toBe(204)
    expect(await rows('select * from visitors where vid = ?', v)).toHaveLength(0)
  })

  it('reads a user agent of any length: a 64 KB one is judged by its start, bot or person', async () => {
    const site = await createSite()
    const [bot, person] = [uid('v'), uid('v')]
    const pad = ' x'.repeat(32_000)
    const asBot = await send({ s: site.siteKey, v: bot, e: [pv('/')] }, { ua: `Mozilla/5.0 (compatible; Googlebot/2.1)${pad}` })
    const asPerson = await send({ s: site.siteKey, v: person, e: [pv('/')] }, { ua: `Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36${pad}` })
    expect([asBot.status, asPerson.status]).toEqual([204, 202])
    expect(await rows('select * from visitors where vid in (?, ?)', bot, person)).toHaveLength(1)
  })

  it('drops events older than the snippet can hold and clamps future ones to now', async () => {
    const site = await createSite()
    const v = uid('v')
    const now = Date.now()
    const res = await send({ s: site.siteKey, v, e: [pv('/old', now - 40 * 86400_000), pv('/future', now + 3600_000)] })
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, dropped: 1 })
    const [e] = await rows<{ path: string; at: number }>('select path, at from events e join visitors v on v.id = e.visitor_id where v.vid = ?', v)
    expect(e.path).toBe('/future')
    expect(e.at).toBeLessThanOrEqual(Date.now())
  })

  it('never stores the IP address', async () => {
    const site = await createSite()
    const v = uid('v')
    const { SELF } = await import('cloudflare:test')
    await SELF.fetch('https://lb.test/e', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'https://acme.test', 'CF-Connecting-IP': '203.0.113.9', 'X-Forwarded-For': '203.0.113.9' },
      body: JSON.stringify({ s: site.siteKey, v, e: [pv('/')] }),
    })
    const dump = JSON.stringify([await rows('select * from visitors where vid = ?', v), await rows('select * from events')])
    expect(dump).not.toContain('203.0.113.9')
  })

  it('answers the CORS preflight', async () => {
    const { SELF } = await import('cloudflare:test')
    const res = await SELF.fetch('https://lb.test/e', { method: 'OPTIONS', headers: { Origin: 'https://acme.test', 'Access-Control-Request-Method': 'POST' } })
    expect(res.status).toBe(204)
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST')
  })
})

describe('identity', () => {
  it('links a visitor to the lead of its email, and its earlier anonymous events count for the lead', async () => {
    const site = await createSite()
    const v = uid('v')
    await send({ s: site.siteKey, v, e: [pv('/'), pv('/pricing')] })
    expect(await rows('select * from leads where site_id = ?', site.id)).toHaveLength(0) // anonymous: no lead yet
    await send({ s: site.siteKey, v, e: [ident('  Ana@Acme.IO ', { name: 'Ana', company: 'Acme', title: 'CTO' })] })
    const [lead] = await rows<{ id: string; email: string; company: string; title: string }>('select * from leads where site_id = ?', site.id)
    expect(lead).toMatchObject({ email: 'ana@acme.io', company: 'Acme', title: 'CTO' })
    const ev = await rows<{ path: string | null }>('select path from events where lead_id = ?', lead.id)
    expect(ev.map((e) => e.path)).toEqual(expect.arrayContaining(['/', '/pricing']))
    expect(ev).toHaveLength(3)
  })

  it('joins a second browser identifying with the same email to the same lead', async () => {
    const site = await createSite()
    const [v1, v2] = [uid('v'), uid('v')]
    await send({ s: site.siteKey, v: v1, e: [pv('/docs'), ident('bo@globex.test')] })
    await send({ s: site.siteKey, v: v2, e: [pv('/pricing')] })
    await send({ s: site.siteKey, v: v2, e: [ident('BO@globex.test')] })
    const leads = await rows<{ id: string }>('select id from leads where site_id = ?', site.id)
    expect(leads).toHaveLength(1)
    const visitors = await rows<{ lead_id: string }>('select lead_id from visitors where site_id = ?', site.id)
    expect(visitors).toHaveLength(2)
    expect(visitors.every((x) => x.lead_id === leads[0].id)).toBe(true)
    const paths = (await rows<{ path: string }>('select path from events where lead_id = ? and type = ?', leads[0].id, 'page_view')).map((e) => e.path)
    expect(paths.sort()).toEqual(['/docs', '/pricing'])
  })

  it('identifies from a form with an email, keeping only allow-listed fields', async () => {
    const site = await createSite()
    const v = uid('v')
    const res = await send({
      s: site.siteKey,
      v,
      e: [{ i: uid('e'), t: 'form', ts: Date.now(), p: '/contact', f: 'newsletter', d: { email: 'cy@initech.test', company: 'Initech', companySize: '51-200' } }],
    })
    expect(res.status).toBe(202)
    const [lead] = await rows<{ company: string; profile: string }>('select company, profile from leads where email = ?', 'cy@initech.test')
    expect(lead.company).toBe('Initech')
    expect(JSON.parse(lead.profile)).toMatchObject({ companySize: '51-200' })
  })

  it('keeps many concurrent batches of one visitor: every event lands, one lead, one visitor', async () => {
    const site = await createSite()
    const v = uid('v')
    await send({ s: site.siteKey, v, e: [ident('dee@hooli.test')] })
    const results = await Promise.all(Array.from({ length: 12 }, (_, k) => send({ s: site.siteKey, v, e: [pv(`/tab/${k}`)] })))
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(202))
    const [lead] = await rows<{ id: string; version: number }>('select id, version from leads where email = ?', 'dee@hooli.test')
    expect(await rows('select * from visitors where vid = ?', v)).toHaveLength(1)
    const n = await rows<{ n: number }>('select count(*) n from events where lead_id = ?', lead.id)
    expect(n[0].n).toBe(13)
    expect(lead.version).toBe(13) // every write went through the version check, none was lost
  })
})
