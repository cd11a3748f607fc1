import { describe, expect, it } from 'vitest'
import { identityHash } from '../../../worker/ingest/identity'
import { receiver } from '../alerts/receiver-client'
import { createSite, ident, rows, track, uid } from '../helpers'
import { api, randomIp, sendFrom, settle } from './support'

type LeadRow = { id: string; name: string | null; company: string | null; title: string | null; identity_verified: number; stage: string }
const lead = async (email: string) => (await rows<LeadRow>('select * from leads where email = ?', email))[0]
const identify = (site: { siteKey: string }, vid: string, email: string, d: Record<string, string>, hash?: string) =>
  sendFrom(randomIp(), { s: site.siteKey, v: vid, e: [{ ...ident(email, d), ...(hash ? { h: hash } : {}) }] })

async function siteWithLead(alerts?: Record<string, string>) {
  const site = await createSite(alerts ? { alerts } : {})
  const email = `${uid('ana')}@acme.test`
  const res = await identify(site, uid('v'), email, { name: 'Ana Real', company: 'Acme', title: 'CTO' })
  expect(res.status).toBe(202)
  return { site: site as typeof site & { identitySecret: string }, email }
}

describe('verified identity', () => {
  it('POST /api/v1/sites returns an identity secret', async () => {
    const site = (await createSite()) as { identitySecret?: string }
    expect(site.identitySecret).toMatch(/^idsec_\w{20,}/)
  })

  it('a forged identify from a new browser cannot change an existing lead’s company or title; it fills blanks only', async () => {
    const { site, email } = await siteWithLead()
    const res = await identify(site, uid('evil'), email, { company: 'Evil Corp', title: 'Intern', phone: '+1 555 0100' })
    expect(res.status).toBe(202)
    const l = await lead(email)
    expect(l).toMatchObject({ company: 'Acme', title: 'CTO', name: 'Ana Real', identity_verified: 0 })
    const detail = await (await api('GET', `/api/v1/leads/${l.id}`, (site as unknown as { apiKey: string }).apiKey)).json<Record<string, unknown>>()
    expect(detail).toMatchObject({ company: 'Acme', title: 'CTO', identityVerified: false, emailKind: 'work' })
    // a blank is filled: the phone was unknown
    expect(JSON.parse((await rows<{ profile: string }>('select profile from leads where id = ?', l.id))[0].profile)).toMatchObject({ phone: '+1 555 0100', company: 'Acme' })
  })

  it('the demo request of a forged identity alerts as "unverified" in Slack and the webhook', { timeout: 30_000 }, async () => {
    const slack = receiver('/unverified-slack')
    const crm = receiver('/unverified-crm')
    const { site, email } = await siteWithLead({ slackWebhookUrl: slack.url, webhookUrl: crm.url })
    const evil = uid('evil')
    const ip = randomIp()
    expect((await sendFrom(ip, { s: site.siteKey, v: evil, e: [ident(email, { title: 'Intern' })] })).status).toBe(202)
    expect((await sendFrom(ip, { s: site.siteKey, v: evil, e: [track('demo_requested')] })).status).toBe(202)
    const l = await lead(email)
    expect(l.stage).toBe('sql')
    expect(l.title).toBe('CTO')
    expect(await settle(l.id)).toEqual([
      { channel: 'slack', status: 'sent' },
      { channel: 'webhook', status: 'sent' },
    ])
    const [msg] = await slack.requests()
    expect(msg.body).toMatch(/unverified/i)
    const slackBody = JSON.parse(msg.body) as { text: string; blocks: unknown[] }
    expect(slackBody.text).toContain('unverified')
    expect(JSON.stringify(slackBody.blocks)).toContain('Identity unverified')
    const [hook] = await crm.requests()
    expect(JSON.parse(hook.body)).toMatchObject({ type: 'lead.sql', data: { identityVerified: false, lead: { email, title: 'CTO' } } })
  })

  it('a valid hash updates the profile and sets identityVerified; its alert carries no warning', { timeout: 30_000 }, async () => {
    const crm = receiver('/verified-crm')
    const { site, email } = await siteWithLead({ webhookUrl: crm.url })
    const vid = uid('v')
    const hash = await identityHash(site.identitySecret, ` ${email.toUpperCase()} `)
    expect((await identify(site, vid, email, { title: 'CEO', company: 'Acme Group' }, hash)).status).toBe(202)
    const l = await lead(email)
    expect(l).toMatchObject({ title: 'CEO', company: 'Acme Group', identity_verified: 1 })
    const detail = await (await api('GET', `/api/v1/leads/${l.id}`, (site as unknown as { apiKey: string }).apiKey)).json<Record<string, unknown>>()
    expect(detail.identityVerified).toBe(true)
    expect((await sendFrom(randomIp(), { s: site.siteKey, v: vid, e: [track('demo_requested')] })).status).toBe(202)
    await settle(l.id)
    const [hook] = await crm.requests()
    expect(JSON.parse(hook.body).data.identityVerified).toBe(true)
  })

  it('a wrong hash is unverified: nothing overwritten, identityVerified stays false', async () => {
    const { site, email } = await siteWithLead()
    const wrong = await identityHash('idsec_not_the_secret', email)
    for (const h of [wrong, 'zz', '0'.repeat(64)]) {
      expect((await identify(site, uid('v'), email, { title: 'Intern' }, h)).status).toBe(202)
    }
    expect(await lead(email)).toMatchObject({ title: 'CTO', identity_verified: 0 })
    // a hash for another email does not carry over either
    const other = await identityHash(site.identitySecret, `someone@acme.test`)
    expect((await identify(site, uid('v'), email, { title: 'Intern' }, other)).status).toBe(202)
    expect((await lead(email)).title).toBe('CTO')
  })

  it('rotation invalidates old hashes and the new secret verifies', async () => {
    const { site, email } = await siteWithLead()
    const old = await identityHash(site.identitySecret, email)
    const res = await api('POST', '/api/v1/site/identity-secret/rotate', (site as unknown as { apiKey: string }).apiKey)
    expect(res.status).toBe(200)
    const { identitySecret } = await res.json<{ identitySecret: string }>()
    expect(identitySecret).not.toBe(site.identitySecret)
    expect((await identify(site, uid('v'), email, { title: 'Old hash' }, old)).status).toBe(202)
    expect(await lead(email)).toMatchObject({ title: 'CTO', identity_verified: 0 })
    expect((await identify(site, uid('v'), email, { title: 'New hash' }, await identityHash(identitySecret, email))).status).toBe(202)
    expect(await lead(email)).toMatchObject({ title: 'New hash', identity_verified: 1 })
  })

  it('requireVerifiedIdentity keeps an unverified claim on an existing lead a separate visitor', async () => {
    const { site, email } = await siteWithLead()
    const key = (site as unknown as { apiKey: string }).apiKey
    const patched = await api('PATCH', '/api/v1/site', key, { requireVerifiedIdentity: true })
    expect(patched.status).toBe(200)
    expect((await patched.json<{ requireVerifiedIdentity: boolean }>()).requireVerifiedIdentity).toBe(true)
    const evil = uid('evil')
    expect((await identify(site, evil, email, { title: 'Intern' })).status).toBe(202)
    expect((await sendFrom(randomIp(), { s: site.siteKey, v: evil, e: [track('demo_requested')] })).status).toBe(202)
    const l = await lead(email)
    expect(l).toMatchObject({ title: 'CTO', stage: 'known' })
    const [v] = await rows<{ lead_id: string | null }>('select lead_id from visitors where vid = ?', evil)
    expect(v.lead_id).toBeNull()
    // a verified claim from the same browser joins
    const hash = await identityHash(site.identitySecret, email)
    expect((await identify(site, evil, email, {}, hash)).status).toBe(202)
    expect((await rows<{ lead_id: string | null }>('select lead_id from visitors where vid = ?', evil))[0].lead_id).toBe(l.id)
    // a new email still creates its lead, unverified
    const fresh = `${uid('new')}@acme.test`
    expect((await identify(site, uid('v'), fresh, { company: 'New Co' })).status).toBe(202)
    expect(await lead(fresh)).toMatchObject({ company: 'New Co', identity_verified: 0 })
  })
})
