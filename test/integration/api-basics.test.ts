import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ADMIN, apiGet, createSite, expectProblem, ident, rows, send, uid } from './helpers'

describe('operator and health', () => {
  it('GET /health checks D1', async () => {
    const res = await SELF.fetch('https://lb.test/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, d1: 'ok' })
  })

  it('POST /api/v1/sites needs the admin token', async () => {
    const post = (auth?: string) =>
      SELF.fetch('https://lb.test/api/v1/sites', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
        body: JSON.stringify({ name: 'X', domains: ['x.test'] }),
      })
    await expectProblem(await post(), 401)
    await expectProblem(await post('Bearer wrong'), 401)
    await expectProblem(await post(`Basic ${ADMIN}`), 401)
  })

  it('creates a site: key shown once, stored only as a hash; a ready script tag', async () => {
    const site = await createSite({ name: 'Globex', domains: ['https://Globex.TEST/', 'globex.test'] })
    expect(site.apiKey).toMatch(/^lb_/)
    expect(site.scriptTag).toContain(`data-site="${site.siteKey}"`)
    expect(site.scriptTag).toContain('/s.js')
    expect(site.webhookSecret).toBeUndefined()
    const keys = await rows<{ key_hash: string }>('select key_hash from api_keys where site_id = ?', site.id)
    expect(keys).toHaveLength(1)
    expect(JSON.stringify(await rows('select * from api_keys'))).not.toContain(site.apiKey)
    const [s] = await rows<{ domains: string }>('select domains from sites where id = ?', site.id)
    expect(JSON.parse(s.domains)).toEqual(['globex.test'])
  })

  it('returns a webhook secret when a webhook is configured', async () => {
    const site = await createSite({ alerts: { webhookUrl: 'http://127.0.0.1:9/hook' } })
    expect(site.webhookSecret).toMatch(/^whsec_/)
  })

  it('refuses a malformed site with a problem naming the field', async () => {
    const res = await SELF.fetch('https://lb.test/api/v1/sites', {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '', domains: [] }),
    })
    const p = await expectProblem(res, 400)
    expect(p.detail).toMatch(/name|domains/)
  })

  it('answers unknown routes with problem+json 404', async () => {
    await expectProblem(await SELF.fetch('https://lb.test/nope'), 404)
  })
})

describe('GET /api/v1/leads (first cut)', () => {
  it('401 without a valid key, 200 with the site key; lists identified leads only, filters by email', async () => {
    const site = await createSite()
    await expectProblem(await SELF.fetch('https://lb.test/api/v1/leads'), 401)
    await expectProblem(await apiGet('/api/v1/leads', 'lb_not_a_key'), 401)
    await send({ s: site.siteKey, v: uid('v'), e: [ident('eve@acme.test')] })
    await send({ s: site.siteKey, v: uid('v'), e: [ident('fay@acme.test')] })
    await send({ s: site.siteKey, v: uid('v'), e: [{ i: uid('e'), t: 'pv', ts: Date.now(), p: '/' }] }) // anonymous
    const all = await apiGet('/api/v1/leads', site.apiKey)
    expect(all.status).toBe(200)
    const body = (await all.json()) as { data: { email: string }[]; nextCursor: string | null }
    expect(body.data.map((l) => l.email).sort()).toEqual(['eve@acme.test', 'fay@acme.test'])
    expect(body.nextCursor).toBeNull()
    const one = (await (await apiGet('/api/v1/leads?email=EVE@acme.test', site.apiKey)).json()) as { data: { email: string }[] }
    expect(one.data.map((l) => l.email)).toEqual(['eve@acme.test'])
  })

  it("does not show another site's leads", async () => {
    const a = await createSite()
    const b = await createSite()
    await send({ s: a.siteKey, v: uid('v'), e: [ident('only-a@acme.test')] })
    const res = (await (await apiGet('/api/v1/leads', b.apiKey)).json()) as { data: unknown[] }
    expect(res.data).toEqual([])
  })
})
