import { describe, expect, it } from 'vitest'
import { buildEmail } from '../../../worker/alerts/email'
import { buildSlackMessage } from '../../../worker/alerts/slack'
import { webhookBody } from '../../../worker/alerts/webhook'
import { sampleContext, T0 } from './fixture'

describe('an alert caused by an unverified identity says so on every channel', () => {
  const ctx = sampleContext({ identityVerified: false })

  it('Slack: a warning section and the notification line', () => {
    const msg = buildSlackMessage(ctx)
    expect(msg.text).toMatch(/unverified/)
    expect(JSON.stringify(msg.blocks)).toContain(':warning: Identity unverified')
  })

  it('email: in the text and the HTML', () => {
    const mail = buildEmail(ctx)
    expect(mail.text).toContain('!! Identity unverified')
    expect(mail.html).toContain('Identity unverified')
  })

  it('webhook: identityVerified false in the body', () => {
    expect(JSON.parse(webhookBody('a1', ctx, T0)).data.identityVerified).toBe(false)
  })

  it('a verified identity, or an old payload without the field, carries no warning', () => {
    for (const c of [sampleContext({ identityVerified: true }), sampleContext()]) {
      expect(JSON.stringify(buildSlackMessage(c))).not.toMatch(/unverified/i)
      const mail = buildEmail(c)
      expect(mail.text + mail.html).not.toMatch(/unverified/i)
    }
  })
})
