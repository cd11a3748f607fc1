/**
 * The web app allows a signed-in key what the API allows it (the contract's scope table): a read key
 * sees no action buttons and a form posted beyond its scope changes nothing (403 page); a write key
 * may move stages and record outcomes but not erase; an admin key may do everything. A suspended
 * site's keys cannot sign in.
 */
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ADMIN, createSite, ident, pv, rows, send, uid } from '../helpers'

const BASE = 'https://lb.test'

async function keyWith(apiKey: string, scope: 'read' | 'write' | 'admin'): Promise<string> {
  const res = await SELF.fetch(`${BASE}/api/v1/keys`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: `${scope} key`, scope }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { key: string }).key
}

async function signIn(key: string): Promise<string | null> {
  const res = await SELF.fetch(`${BASE}/app/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
    body: new URLSearchParams({ key }).toString(),
  })
  const cookie = res.headers.get('Set-Cookie')
  return res.status === 303 && cookie ? /^lb_session=([^;]+)/.exec(cookie)![1] : null
}

const page = (session: string, path: string) => SELF.fetch(`${BASE}${path}`, { headers: { Cookie: `lb_session=${session}` }, redirect: 'manual' })
const post = (session: string, path: string, body: Record<string, string>) =>
  SELF.fetch(`${BASE}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: `lb_session=${session}`, 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
    body: new URLSearchParams(body).toString(),
  })

async function siteWithLead() {
  const site = await createSite()
  const email = `${uid('p')}@scopes.test`
  await send({ s: site.siteKey, v: uid('v'), e: [pv('/pricing'), ident(email)] })
  const [lead] = await rows<{ id: string }>('select id from leads where email = ?', email)
  return { site, leadId: lead.id, email }
}

describe('the app asks the key scope', () => {
  it('a read key sees no action buttons and every POST beyond its scope is a 403 that changes nothing', async () => {
    const { site, leadId, email } = await siteWithLead()
    const session = (await signIn(await keyWith(site.apiKey, 'read')))!
    expect(session).toBeTruthy()

    const lead = await page(session, `/app/leads/${leadId}`)
    expect(lead.status).toBe(200)
    const html = await lead.text()
    expect(html).toContain(email) // the page itself is shown
    expect(html).not.toMatch(/action="[^"]*\/(stage|outcome|erase)"/)
    const scoring = await (await page(session, '/app/scoring')).text()
    expect(scoring).not.toMatch(/value="(dry-run|save)"/)
    expect(scoring).not.toContain('action="/app/scoring/calibrate"')
    const leads = await (await page(session, '/app/leads')).text()
    expect(leads).not.toContain('href="/app/settings"')
    expect((await page(session, '/app/settings')).status).toBe(403)

    for (const [path, body] of [
      [`/app/leads/${leadId}/stage`, { stage: 'accepted' }],
      [`/app/leads/${leadId}/outcome`, { outcome: 'won' }],
      [`/app/leads/${leadId}/erase`, { confirm: 'yes' }],
      ['/app/scoring', { model: '{}', do: 'dry-run' }],
      ['/app/scoring/calibrate', { apply: 'yes' }],
      ['/app/settings/keys', { name: 'sneaky', scope: 'admin' }],
      ['/app/settings/alerts', { email: 'spam@victim.test' }],
    ] as const) {
      const res = await post(session, path, body)
      expect(res.status, path).toBe(403)
    }
    const [after] = await rows<{ stage: string; outcome: string | null }>('select stage, outcome from leads where id = ?', leadId)
    expect(after).toEqual({ stage: 'known', outcome: null })
    expect(await rows('select 1 from api_keys where site_id = ? and name = ?', site.id, 'sneaky')).toEqual([])
  })

  it('a write key may move stages and record outcomes, not erase; an admin key may erase', async () => {
    const { site, leadId } = await siteWithLead()
    const writer = (await signIn(await keyWith(site.apiKey, 'write')))!
    const html = await (await page(writer, `/app/leads/${leadId}`)).text()
    expect(html).toMatch(/action="[^"]*\/stage"/)
    expect(html).not.toMatch(/action="[^"]*\/erase"/)
    expect((await post(writer, `/app/leads/${leadId}/stage`, { stage: 'accepted' })).status).toBe(303)
    expect((await post(writer, `/app/leads/${leadId}/erase`, { confirm: 'yes' })).status).toBe(403)
    expect((await rows<{ stage: string }>('select stage from leads where id = ?', leadId))[0].stage).toBe('accepted')

    const admin = (await signIn(site.apiKey))!
    expect(await (await page(admin, `/app/leads/${leadId}`)).text()).toMatch(/action="[^"]*\/erase"/)
    expect((await post(admin, `/app/leads/${leadId}/erase`, { confirm: 'yes' })).status).toBe(303)
    expect(await rows('select id from leads where id = ?', leadId)).toEqual([])
  })

  it('a suspended site’s keys cannot sign in, and its open sessions end', async () => {
    const { site } = await siteWithLead()
    const session = (await signIn(site.apiKey))!
    const res = await SELF.fetch(`${BASE}/api/v1/sites/${site.id}/suspend`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}` } })
    expect(res.status).toBe(200)
    expect(await signIn(site.apiKey)).toBeNull()
    const after = await page(session, '/app/leads')
    expect(after.status).toBe(303)
    expect(after.headers.get('Location')).toMatch(/^\/app\/sign-in/)
  })
})
