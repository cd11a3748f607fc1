/**
 * GET /api/v1/leads/{id}/score-history in workerd with a real D1: the series the app's chart draws —
 * ending at the score the API shows now, stepping up at the visits that moved it — documented in the
 * OpenAPI document, for the key's own site only; and the app's session and CSRF rules at the HTTP level.
 */
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { apiGet, createSite, expectProblem, ident, pv, rows, send, track, uid } from '../helpers'

interface History {
  leadId: string
  thresholds: { mql: number; sql: number }
  points: { at: string; score: number }[]
  markers: { at: string; score: number; delta: number; rules: string[]; events: { type: string }[] }[]
}

describe('GET /api/v1/leads/{id}/score-history', () => {
  it('is the lead score over time: one marker per visit that moved it, ending at the score now', async () => {
    const site = await createSite()
    const v = uid('v')
    const t = Date.now() - 3 * 86_400_000
    await send({ s: site.siteKey, v, e: [pv('/pricing', t), pv('/features', t + 60_000), ident('hugo@fabrikam.test', { title: 'CTO' }, t + 120_000)] })
    await send({ s: site.siteKey, v, e: [pv('/pricing', Date.now() - 60_000), track('demo_requested', Date.now() - 30_000)] })
    const [lead] = await rows<{ id: string }>('select id from leads where email = ?', 'hugo@fabrikam.test')
    const res = await apiGet(`/api/v1/leads/${lead.id}/score-history`, site.apiKey)
    expect(res.status).toBe(200)
    const h = (await res.json()) as History
    const detail = (await (await apiGet(`/api/v1/leads/${lead.id}`, site.apiKey)).json()) as { score: number }
    expect(h.leadId).toBe(lead.id)
    expect(h.thresholds).toEqual({ mql: 100, sql: 170 })
    expect(h.points.at(-1)!.score).toBe(detail.score)
    expect(h.markers).toHaveLength(2) // two visits, three days apart
    expect(h.markers[1].rules).toContain('sales-request')
    expect(h.markers.every((m) => m.delta >= 1)).toBe(true)
    const times = h.points.map((p) => Date.parse(p.at))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    // between the visits the score decays: the point just before the second visit is below the first's peak
    const peak = h.markers[0].score
    const beforeSecond = h.points.filter((p) => Date.parse(p.at) === Date.parse(h.markers[1].at))[0].score
    expect(beforeSecond).toBeLessThan(peak)
  })

  it('another site’s lead is 404, no key is 401, and the route is in the OpenAPI document', async () => {
    const a = await createSite()
    const b = await createSite()
    const v = uid('v')
    await send({ s: a.siteKey, v, e: [pv('/pricing'), ident('ines@contoso.test')] })
    const [lead] = await rows<{ id: string }>('select id from leads where email = ?', 'ines@contoso.test')
    await expectProblem(await apiGet(`/api/v1/leads/${lead.id}/score-history`, b.apiKey), 404)
    await expectProblem(await SELF.fetch(`https://lb.test/api/v1/leads/${lead.id}/score-history`), 401)
    const doc = (await (await SELF.fetch('https://lb.test/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(doc.paths['/api/v1/leads/{id}/score-history']).toBeDefined()
  })
})

describe('app session at the HTTP level', () => {
  const form = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    SELF.fetch('https://lb.test/app/sign-in', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://lb.test', ...headers },
      body: new URLSearchParams(body).toString(),
    })

  it('signs in with a key: a Secure-less (local) HttpOnly SameSite=Lax cookie that names no secret; a forged cookie is refused', async () => {
    const site = await createSite()
    const res = await form({ key: site.apiKey })
    expect(res.status).toBe(303)
    const cookie = res.headers.get('Set-Cookie')!
    expect(cookie).toMatch(/^lb_session=[\w-]+\.[\w-]+;/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).not.toContain(site.apiKey)
    const value = /^lb_session=([^;]+)/.exec(cookie)![1]
    const page = await SELF.fetch('https://lb.test/app/leads', { headers: { Cookie: `lb_session=${value}` }, redirect: 'manual' })
    expect(page.status).toBe(200)
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    expect(page.headers.get('Content-Security-Policy')).toContain("script-src 'self'")
    // the second-to-last character: the last one of a base64url HMAC carries padding bits a decoder may ignore
    const forged = `${value.slice(0, -2)}${value.at(-2) === 'A' ? 'B' : 'A'}${value.slice(-1)}`
    const refused = await SELF.fetch('https://lb.test/app/leads', { headers: { Cookie: `lb_session=${forged}` }, redirect: 'manual' })
    expect(refused.status).toBe(303)
    expect(refused.headers.get('Location')).toMatch(/^\/app\/sign-in/)
  })

  it('a cross-site form post is refused with 403 before anything runs; a bad key is a 401 page', async () => {
    const site = await createSite()
    const cross = await form({ key: site.apiKey }, { Origin: 'https://evil.test' })
    expect(cross.status).toBe(403)
    expect(cross.headers.get('Set-Cookie')).toBeNull()
    const bad = await form({ key: 'lb_wrong' })
    expect(bad.status).toBe(401)
    expect(await bad.text()).toContain('That API key is not valid')
  })
})
