import { describe, expect, it } from 'vitest'
import { buildEmail } from '../../../worker/alerts/email'
import { emailActionLinks } from '../../../worker/alerts/send-email'
import { handoffLinkToken, handoffUrl, verifyHandoffLink } from '../../../worker/http/handoff-link'
import { leadLinkToken } from '../../../worker/http/lead-link'
import { sampleContext, T0 } from './fixture'

const SECRET = 'unit-admin-token'
const DAY = 86_400_000

describe('handoff links (signed one-click answers)', () => {
  it('name site, lead, action and recipient, and expire with the lead link (14 days after the alert)', async () => {
    const t = await handoffLinkToken(SECRET, { siteId: 'st_1', leadId: 'ld_1', action: 'disqualify', to: 'sales@acme.com' }, T0)
    const link = { siteId: 'st_1', leadId: 'ld_1', action: 'disqualify', to: 'sales@acme.com', at: T0, exp: T0 + 14 * DAY }
    expect(await verifyHandoffLink(SECRET, t, T0 + 14 * DAY - 1)).toEqual(link)
    expect(await verifyHandoffLink(SECRET, t, T0 + 14 * DAY)).toBeNull()
    expect(await verifyHandoffLink('other', t, T0)).toBeNull()
    // a lead link is a genuine token of the same secret, for another purpose
    expect(await verifyHandoffLink(SECRET, await leadLinkToken(SECRET, 'st_1', 'ld_1', T0), T0)).toBeNull()
  })

  it('sit next to the lead link, on its origin and path prefix', () => {
    expect(handoffUrl('https://lb.example.com/app/leads/ld_1?t=x', 'a.b')).toBe('https://lb.example.com/app/handoff?t=a.b')
    expect(handoffUrl('https://x.test/lb/app/leads/ld_1', 'a.b')).toBe('https://x.test/lb/app/handoff?t=a.b')
    expect(handoffUrl('/app/leads/ld_1', 'a.b')).toBeNull()
    expect(handoffUrl('javascript:alert(1)//app/leads/', 'a.b')).toBeNull()
  })
})

describe('the alert email with one-click answers', () => {
  it('offers Accept / Disqualify / Recycle on an SQL alert, one signed link each, in both parts', async () => {
    const ctx = sampleContext()
    const actions = await emailActionLinks(SECRET, ctx, 'sales@acme.com')
    expect(actions).toBeDefined()
    const mail = buildEmail(ctx, actions)
    for (const [k, label] of [['accept', 'Accept'], ['disqualify', 'Disqualify'], ['recycle', 'Recycle']] as const) {
      const url = actions![k]
      expect(mail.text).toMatch(new RegExp(`${label}:\\s+${url.replace(/[.?]/g, '\\$&')}\\n`))
      expect(mail.html).toContain(`href="${url}">${label}</a>`)
      const link = await verifyHandoffLink(SECRET, new URL(url).searchParams.get('t'), T0)
      expect(link).toMatchObject({ siteId: ctx.site.id, leadId: ctx.lead.id, action: k, to: 'sales@acme.com', at: ctx.at })
    }
    // deterministic: a retried send mails the same links
    expect(await emailActionLinks(SECRET, ctx, 'sales@acme.com')).toEqual(actions)
  })

  it('live 14 days from the alert, not from a lead that qualified on events sent late', async () => {
    const ctx = sampleContext({ at: T0 - 20 * DAY })
    const actions = await emailActionLinks(SECRET, ctx, 'sales@acme.com', T0)
    const token = new URL(actions!.accept).searchParams.get('t')
    expect(await verifyHandoffLink(SECRET, token, T0 + 13 * DAY)).toMatchObject({ at: T0, exp: T0 + 14 * DAY })
    expect(await verifyHandoffLink(SECRET, token, T0 + 14 * DAY)).toBeNull()
  })

  it('offers none on an MQL alert, without a secret, or without an absolute lead link', async () => {
    const mql = sampleContext({ stage: 'mql' })
    expect(await emailActionLinks(SECRET, mql, 'sales@acme.com')).toBeUndefined()
    expect(await emailActionLinks(undefined, sampleContext(), 'sales@acme.com')).toBeUndefined()
    expect(await emailActionLinks(SECRET, sampleContext({ leadUrl: '/app/leads/ld_1' }), 'sales@acme.com')).toBeUndefined()
    const links = { accept: 'https://a.test/1', disqualify: 'https://a.test/2', recycle: 'https://a.test/3' }
    expect(buildEmail(mql, links).text).not.toContain('https://a.test/1')
    expect(buildEmail(sampleContext()).text).not.toContain('Answer it')
    expect(buildEmail(sampleContext(), { ...links, recycle: 'javascript:alert(1)' }).html).not.toContain('Disqualify</a>')
  })
})
