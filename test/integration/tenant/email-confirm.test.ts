/**
 * A new alert email address gets mail only after its owner confirms it from the signed link mailed to
 * it (GET shows, POST confirms); a forged, expired or stale link confirms nothing. And the per-site
 * daily cap: mail over it is `capped`, counted in the site's email health.
 * Mail goes through the real send_email binding (miniflare's local simulation); the test wraps it to
 * read what was handed over, and passes everything on.
 */
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { EMAIL_PENDING } from '../../../worker/alerts/channels'
import { sendConfirmationMail } from '../../../worker/alerts/confirm-mail'
import { sendAlerts } from '../../../worker/alerts/outbox'
import { database } from '../../../worker/db/client'
import { siteRow } from '../../../worker/db/site-settings'
import { emailConfirmToken } from '../../../worker/http/email-confirm-link'
import { ADMIN, apiGet, createSite, ident, pv, rows, send, track, uid } from '../helpers'

const BASE = 'https://lb.test'

/** The real binding, with a record of each message handed to it. */
function recordingEnv() {
  const mail: { to: string; raw: string }[] = []
  const binding = {
    async send(m: EmailMessage) {
      mail.push({ to: m.to, raw: String((m as unknown as Record<string, unknown>)['EmailMessage::raw']) })
      return env.EMAIL!.send(m)
    },
  } as unknown as SendEmail
  return { env: { ...env, EMAIL: binding }, mail }
}

/** The text part of a raw MIME message (ours: base64 UTF-8 parts). */
function textOf(raw: string): string {
  const part = raw.split(/Content-Type: text\/plain; charset=UTF-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n/)[1] ?? ''
  const b64 = part.split(/\r?\n\r?\n|\r?\n--/)[0].replace(/\s+/g, '')
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))
}

const patchSite = (apiKey: string, body: unknown) =>
  SELF.fetch(`${BASE}/api/v1/site`, { method: 'PATCH', headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
const confirmPage = (t: string) => SELF.fetch(`${BASE}/app/confirm-email?t=${encodeURIComponent(t)}`)
const confirmPost = (t: string) =>
  SELF.fetch(`${BASE}/app/confirm-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
    body: new URLSearchParams({ t }).toString(),
  })
const status = async (apiKey: string) => ((await (await apiGet('/api/v1/site', apiKey)).json()) as { alertEmailStatus: string | null }).alertEmailStatus

/** A lead of the site that becomes SQL; returns its alert rows once the Worker settled them. */
async function sqlLead(siteKey: string) {
  const email = `${uid('lead')}@buyer.test`
  await send({ s: siteKey, v: uid('v'), e: [pv('/pricing'), ident(email, { name: 'Lee' }), track('demo_requested')] })
  const [lead] = await rows<{ id: string; stage: string }>('select id, stage from leads where email = ?', email)
  expect(lead.stage).toBe('sql')
  return lead.id
}

async function settled(leadId: string) {
  for (let i = 0; i < 100; i++) {
    const r = await rows<{ id: string; channel: string; status: string; last_error: string | null }>(
      'select id, channel, status, last_error from alerts where lead_id = ? order by channel',
      leadId,
    )
    if (r.length && r.every((a) => a.status !== 'pending' && a.status !== 'sending')) return r
    await new Promise((done) => setTimeout(done, 50))
  }
  throw new Error(`alerts of ${leadId} never settled`)
}

describe('alert email confirmation', () => {
  it('no alert mail before the owner confirms; forged, expired and stale links do nothing; mail after', async () => {
    const site = await createSite()
    const addr = `${uid('sales')}@owner.test`
    const res = await patchSite(site.apiKey, { alerts: { email: addr } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ alerts: { email: addr }, alertEmailStatus: 'pending', emailConfirmation: 'sent' })
    expect(await status(site.apiKey)).toBe('pending')

    // an alert while pending: the email row is refused, nothing is handed to the mail binding
    const before = await sqlLead(site.siteKey)
    const pendingRows = await settled(before)
    expect(pendingRows.map((r) => [r.channel, r.status, r.last_error])).toEqual([
      ['email', 'refused', EMAIL_PENDING],
      ['log', 'sent', null],
    ])
    const rec = recordingEnv()
    expect(await sendAlerts(rec.env, pendingRows.map((r) => r.id), Date.now())).toMatchObject({ sent: 0, skipped: 2 })
    expect(rec.mail).toEqual([])

    // the confirmation mail (the same function PATCH used), and its link
    const db = database(env.DB)
    expect(await sendConfirmationMail(rec.env, db, await siteRow(db, site.id), BASE, { actor: 'test' }, Date.now())).toEqual({ status: 'sent' })
    expect(rec.mail.map((m) => m.to)).toEqual([addr])
    const link = /https:\/\/lb\.test\/app\/confirm-email\?t=(\S+)/.exec(textOf(rec.mail[0].raw))
    expect(link).not.toBeNull()
    const token = decodeURIComponent(link![1])

    // a signature character in the middle: the last one carries two bits that decoding ignores
    const at = token.length - 10
    const forged = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1)
    expect((await confirmPage(forged)).status).toBe(403)
    expect((await confirmPost(forged)).status).toBe(403)
    const expired = await emailConfirmToken(ADMIN, site.id, addr, Date.now() - 8 * 86_400_000)
    expect((await confirmPost(expired)).status).toBe(403)
    const otherAddress = await emailConfirmToken(ADMIN, site.id, 'someone-else@owner.test', Date.now())
    expect((await confirmPost(otherAddress)).status).toBe(403)
    const otherSite = await createSite()
    expect((await confirmPost(await emailConfirmToken(ADMIN, otherSite.id, addr, Date.now()))).status).toBe(403)
    // a GET (what a mail scanner does) only shows the button
    const page = await confirmPage(token)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('action="/app/confirm-email"')
    expect(await status(site.apiKey)).toBe('pending')

    const done = await confirmPost(token)
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Address confirmed')
    expect(await status(site.apiKey)).toBe('confirmed')
    const audit = await rows<{ actor: string }>("select actor from audit_log where site_id = ? and action = 'site.email-confirmed'", site.id)
    expect(audit).toEqual([{ actor: `email:${addr}` }])

    // the next alert is mailed to the confirmed address
    const after = await sqlLead(site.siteKey)
    const [emailRow] = (await rows<{ id: string; status: string }>("select id, status from alerts where lead_id = ? and channel = 'email'", after))
    expect(['pending', 'sending', 'sent']).toContain(emailRow.status)
    await rows("update alerts set status = 'pending', lease_until = null, attempts = 0 where id = ?", emailRow.id)
    const rec2 = recordingEnv()
    expect(await sendAlerts(rec2.env, [emailRow.id], Date.now())).toMatchObject({ sent: 1 })
    expect(rec2.mail.map((m) => m.to)).toEqual([addr])

    // changing the address makes the new one pending again
    const changed = await patchSite(site.apiKey, { alerts: { email: `${uid('new')}@owner.test` } })
    expect(await changed.json()).toMatchObject({ alertEmailStatus: 'pending', emailConfirmation: 'sent' })
  })

  it('at most five confirmation mails a day per site', async () => {
    const site = await createSite()
    const results: unknown[] = []
    for (let i = 0; i < 6; i++) results.push(((await (await patchSite(site.apiKey, { alerts: { email: `${uid('x')}@many.test` } })).json()) as { emailConfirmation: string }).emailConfirmation)
    expect(results).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'limited'])
  })
})

describe('daily email cap', () => {
  it('mail over the cap ends capped, is counted in the site health, and the cap is a setting', async () => {
    const site = await createSite()
    const addr = `${uid('cap')}@owner.test`
    const res = await patchSite(site.apiKey, { alerts: { email: addr }, emailDailyCap: 2 })
    expect(await res.json()).toMatchObject({ emailDailyCap: 2 })
    await rows('update sites set alert_email_confirmed = ? where id = ?', addr, site.id)
    const statuses: string[] = []
    for (let i = 0; i < 3; i++) {
      const [row] = (await settled(await sqlLead(site.siteKey))).filter((r) => r.channel === 'email')
      statuses.push(row.status)
      if (row.status === 'capped') expect(row.last_error).toBe("not sent: the site's daily cap of 2 emails in 24 hours was reached")
    }
    expect(statuses).toEqual(['sent', 'sent', 'capped'])
    const view = (await (await apiGet('/api/v1/site', site.apiKey)).json()) as { channelHealth: Record<string, { capped?: number; cappedAt?: string }> }
    expect(view.channelHealth.email).toMatchObject({ capped: 1, cappedAt: expect.any(String) })
    const bad = await patchSite(site.apiKey, { emailDailyCap: 0 })
    expect(bad.status).toBe(400)
  })
})
