import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sendAlerts } from '../../../worker/alerts'
import { handoffLinkToken } from '../../../worker/http/handoff-link'
import { leadLinkToken } from '../../../worker/http/lead-link'
import { ADMIN, rows } from '../helpers'
import { receiver } from '../alerts/receiver-client'
import { seedAlert } from '../alerts/seed'

const APP = 'https://lb.example.com' // the public URL the seeded alert's links point at
const SALES = 'sales@bigco.test'

const stageOf = async (id: string) => (await rows<{ stage: string }>('select stage from leads where id = ?', id))[0].stage
const transitions = (leadId: string) => rows<{ to_stage: string; actor: string; source: string; reason: string }>("select to_stage, actor, source, reason from stage_transitions where lead_id = ? and source != 'scoring'", leadId)

const open = (url: string, init?: RequestInit) => SELF.fetch(url, { redirect: 'manual', ...init })
/** The form's POST as a browser sends it from the confirm page (same origin). */
const confirm = (url: string, form: Record<string, string> = {}, origin: string | null = APP) =>
  open(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(origin ? { Origin: origin } : {}) },
    body: new URLSearchParams(form).toString(),
  })

/**
 * A send_email binding that relays each message's raw MIME to the local test receiver, so the test
 * reads the mail exactly as it left the Worker.
 */
function relayBinding(url: string): SendEmail {
  return {
    async send(message: EmailMessage) {
      // workerd keeps the raw message under this key (what wrangler's local simulation reads too)
      const raw = (message as unknown as Record<string, ReadableStream | string>)['EmailMessage::raw']
      const res = await fetch(url, { method: 'POST', body: await new Response(raw).text() })
      if (!res.ok) throw new Error(`relay: ${res.status}`)
      return { messageId: 'relayed' }
    },
  } as unknown as SendEmail
}

/** The decoded text and HTML parts of a raw alert mail. */
function mailParts(raw: string): string[] {
  return [...raw.matchAll(/Content-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/g)].map((m) => {
    const bin = atob(m[1].replace(/\r\n/g, ''))
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))
  })
}

/** An SQL alert mailed to SALES through the relay; returns the lead and the three links found in the mail. */
async function mailedAlert() {
  const rx = receiver('/email-handoff')
  const seeded = await seedAlert({ alerts: { email: SALES }, now: Date.now() })
  expect(await sendAlerts({ ...env, EMAIL: relayBinding(rx.url) }, seeded.ids, Date.now())).toMatchObject({ sent: 1 })
  const [mail] = await rx.requests()
  const [text, html] = mailParts(mail.body)
  const links: Record<string, string> = {}
  for (const action of ['Accept', 'Disqualify', 'Recycle']) {
    const url = new RegExp(`${action}:\\s+(https://\\S+)`).exec(text)?.[1]
    expect(url, `${action} link in the text part`).toMatch(/^https:\/\/lb\.example\.com\/app\/handoff\?t=/)
    // the HTML part carries the same link (ampersands escaped: there are none in a token)
    expect(html).toContain(`href="${url}">${action}</a>`)
    links[action.toLowerCase()] = url!
  }
  expect(new Set(Object.values(links)).size).toBe(3)
  return { ...seeded, links }
}

describe('one-click answers in SQL alert emails', () => {
  it('are documented in the OpenAPI document, as is where calibration labels come from', async () => {
    const doc = (await (await SELF.fetch('https://lb.test/openapi.json')).json()) as { paths: Record<string, Record<string, { description?: string }>> }
    expect(doc.paths['/app/handoff']?.get?.description).toContain('change nothing')
    expect(doc.paths['/app/handoff']?.post?.description).toContain('"email:<address>"')
    expect(doc.paths['/api/v1/scoring/calibrate']?.post?.description).toContain('report.labels')
  })

  it('the mail carries Accept / Disqualify / Recycle; GETs change nothing; the POST accepts once, as the recipient', async () => {
    const { lead, links } = await mailedAlert()
    for (let i = 0; i < 3; i++) {
      // what a mail scanner or a link preview does
      const page = await open(links.accept)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toMatch(/<form method="post" action="\/app\/handoff\?t=[^"]+">/)
      expect(html).toContain(lead.email)
      expect(html).toContain('&lt;!channel&gt; Jane') // the visitor-typed name, escaped
    }
    expect(await stageOf(lead.id)).toBe('sql')
    expect(await transitions(lead.id)).toEqual([])

    const done = await confirm(links.accept)
    expect(done.status).toBe(200)
    expect(await done.text()).toContain(`Accepted by ${SALES}`)
    expect(await stageOf(lead.id)).toBe('accepted')

    const again = await confirm(links.accept)
    expect(again.status).toBe(200)
    expect(await again.text()).toContain(`already accepted by ${SALES}`)
    // another answer from the same mail after the lead moved: refused politely, nothing written
    const late = await confirm(links.recycle)
    expect(await late.text()).toContain(`already accepted by ${SALES}`)
    expect(await (await open(links.disqualify)).text()).toContain(`already accepted by ${SALES}`)
    expect(await transitions(lead.id)).toEqual([{ to_stage: 'accepted', actor: `email:${SALES}`, source: 'email', reason: null }])
  })

  it('disqualify needs one of the offered reasons; recycle keeps the note given', async () => {
    const a = await mailedAlert()
    const form = await (await open(a.links.disqualify)).text()
    expect(form).toContain('<legend>Why?</legend>')
    expect(form).toContain('value="no budget"')
    const bad = await confirm(a.links.disqualify, { reason: 'rude' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('role="alert"')
    expect(await stageOf(a.lead.id)).toBe('sql')
    expect((await confirm(a.links.disqualify, { reason: 'no budget' })).status).toBe(200)
    expect(await transitions(a.lead.id)).toEqual([{ to_stage: 'disqualified', actor: `email:${SALES}`, source: 'email', reason: 'no budget' }])

    const b = await mailedAlert()
    expect((await confirm(b.links.recycle, { note: '  next quarter\n please ' })).status).toBe(200)
    expect(await transitions(b.lead.id)).toEqual([{ to_stage: 'recycled', actor: `email:${SALES}`, source: 'email', reason: 'next quarter please' }])
  })

  it('refuses tampered, expired, foreign-secret and other-purpose tokens with a plain 403, changing nothing', async () => {
    const { site, lead, links } = await mailedAlert()
    const token = new URL(links.accept).searchParams.get('t')!
    const [body, sig] = token.split('.')
    const flip = (s: string) => `${s.slice(0, -2)}${s.at(-2) === 'A' ? 'B' : 'A'}${s.slice(-1)}`
    const claims = { siteId: site.id, leadId: lead.id, action: 'accept' as const, to: SALES }
    const refused = [
      `${flip(body)}.${sig}`,
      `${body}.${flip(sig)}`,
      await handoffLinkToken(ADMIN, claims, Date.now() - 15 * 86_400_000), // the lead link's 14 days are over
      await handoffLinkToken('another-secret', claims, Date.now()),
      await leadLinkToken(ADMIN, site.id, lead.id, Date.now()), // a genuine token, for another purpose
      '',
    ]
    for (const t of refused) {
      for (const res of [await open(`${APP}/app/handoff?t=${encodeURIComponent(t)}`), await confirm(`${APP}/app/handoff?t=${encodeURIComponent(t)}`)]) {
        expect(res.status).toBe(403)
        const html = await res.text()
        expect(html).toContain('This link is not valid')
        expect(html).not.toContain(lead.email)
      }
    }
    expect((await open(`${APP}/app/handoff`)).status).toBe(403)
    expect(await stageOf(lead.id)).toBe('sql')
    expect(await transitions(lead.id)).toEqual([])
  })

  it("refuses a link naming another site's lead, and a POST sent from another origin", async () => {
    const a = await mailedAlert()
    const b = await mailedAlert()
    const foreign = await handoffLinkToken(ADMIN, { siteId: a.site.id, leadId: b.lead.id, action: 'accept', to: SALES }, Date.now())
    const url = `${APP}/app/handoff?t=${encodeURIComponent(foreign)}`
    expect((await open(url)).status).toBe(404)
    const res = await confirm(url)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain(b.lead.email)

    // a genuine link, but the form is posted by another site's page (or with no origin information at all)
    const evil = await confirm(a.links.accept, {}, 'https://evil.test')
    expect(evil.status).toBe(403)
    expect(await evil.text()).toContain('not sent from this app')
    expect((await confirm(a.links.accept, {}, null)).status).toBe(403)
    const crossSite = await open(a.links.accept, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site' }, body: '' })
    expect(crossSite.status).toBe(403)
    expect(await stageOf(a.lead.id)).toBe('sql')
    expect(await stageOf(b.lead.id)).toBe('sql')
    // the same-origin signal alone is enough (a browser that sends no Origin)
    const same = await open(a.links.accept, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' }, body: '' })
    expect(same.status).toBe(200)
    expect(await stageOf(a.lead.id)).toBe('accepted')
  })

  it('a link from an alert the lead was recycled after does nothing', async () => {
    const { lead, links } = await mailedAlert()
    await scheduler.wait(5)
    expect((await confirm(links.recycle)).status).toBe(200)
    // the lead qualifies again (as a new SQL would), but this mail's Accept belongs to the old one
    await env.DB.prepare("update leads set stage = 'sql' where id = ?").bind(lead.id).run()
    const res = await confirm(links.accept)
    expect(await res.text()).toContain('belongs to an earlier alert')
    expect(await stageOf(lead.id)).toBe('sql')
  })
})
