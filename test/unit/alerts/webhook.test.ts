import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { signWebhook, verifyWebhookSignature, webhookBody, webhookHeaders } from '../../../worker/alerts/webhook'
import { sampleContext, T0 } from './fixture'

const SECRET = 'whsec_test_0123456789abcdef'
const T = Math.floor(T0 / 1000)

describe('webhook signature', () => {
  it('is the contract format: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">', async () => {
    const body = webhookBody('tr_1.webhook', sampleContext(), T0)
    const header = await signWebhook(body, SECRET, T)
    // computed independently with Node's crypto, as a receiver would
    const expected = createHmac('sha256', SECRET).update(`${T}.${body}`).digest('hex')
    expect(header).toBe(`t=${T},v1=${expected}`)
  })

  it('carries the lead as JSON, with the alert id as Idempotency-Key', async () => {
    const body = webhookBody('tr_1.webhook', sampleContext(), T0)
    const parsed = JSON.parse(body)
    expect(parsed).toMatchObject({ type: 'lead.sql', id: 'tr_1.webhook', createdAt: new Date(T0).toISOString() })
    expect(parsed.data.lead.email).toBe('jane@bigco.com')
    expect(parsed.data.reasons[0]).toEqual({ rule: 'demo_requested', points: 40 })
    const headers = await webhookHeaders(body, SECRET, 'tr_1.webhook', T0)
    expect(headers['Idempotency-Key']).toBe('tr_1.webhook')
    expect(headers['content-type']).toBe('application/json')
    expect(await verifyWebhookSignature(headers['Leadbeacon-Signature'], body, SECRET, { now: T0 })).toEqual({ ok: true, t: T })
  })

  it('verifies any body with its own secret, and nothing tampered, re-keyed or stale', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ minLength: 1, maxLength: 40 }), async (body, secret) => {
        const header = await signWebhook(body, secret, T)
        expect((await verifyWebhookSignature(header, body, secret, { now: T0 })).ok).toBe(true)
        expect((await verifyWebhookSignature(header, `${body} `, secret, { now: T0 })).ok).toBe(false)
        expect((await verifyWebhookSignature(header, body, `${secret}x`, { now: T0 })).ok).toBe(false)
      }),
      { numRuns: 50 },
    )
  })

  it('explains each rejection', async () => {
    const body = '{"a":1}'
    const header = await signWebhook(body, SECRET, T)
    const v = (h: string | null, b = body, now = T0) => verifyWebhookSignature(h, b, SECRET, { now, toleranceSec: 300 })
    expect(await v(null)).toEqual({ ok: false, reason: 'missing signature header' })
    expect(await v(header, '{"a":2}')).toEqual({ ok: false, reason: 'signature does not match' })
    expect(await v(header, body, T0 + 301_000)).toEqual({ ok: false, reason: 'timestamp outside the tolerance' })
    expect(await v(header, body, T0 - 301_000)).toEqual({ ok: false, reason: 'timestamp outside the tolerance' })
    expect((await v(header, body, T0 + 299_000)).ok).toBe(true)
    expect(await v(header.replace(/t=\d+/, `t=${T + 1}`))).toEqual({ ok: false, reason: 'signature does not match' })
    expect(await v(header.replace(/,v1=.*/, ''))).toEqual({ ok: false, reason: 'no v1 signature in header' })
    expect(await v(header.replace(/t=\d+,/, ''))).toEqual({ ok: false, reason: 'no timestamp in signature header' })
  })

  it('accepts any matching v1 among several (secret rotation)', async () => {
    const body = '{"a":1}'
    const old = await signWebhook(body, 'old-secret', T)
    const current = await signWebhook(body, SECRET, T)
    const both = `${current},${old.split(',')[1]}`
    expect((await verifyWebhookSignature(both, body, 'old-secret', { now: T0 })).ok).toBe(true)
    expect((await verifyWebhookSignature(both, body, SECRET, { now: T0 })).ok).toBe(true)
  })
})
