/**
 * Signed tokens (session cookie, lead links): they verify only unchanged, unexpired, for their own
 * purpose and secret; and the pure view helpers the pages rely on.
 */
import { describe, expect, it } from 'vitest'
import { leadUrlFor } from '../../../worker/alerts/context'
import { LEAD_LINK_DAYS, leadLinkToken, verifyLeadLink } from '../../../worker/http/lead-link'
import { signToken, verifyToken } from '../../../worker/http/signed-token'
import { can } from '../../../worker/web/can'
import { safeNext } from '../../../worker/web/guard'

const SECRET = 'unit-test-admin-token'
const T0 = Date.parse('2026-11-01T10:00:00Z')
const DAY = 86_400_000

describe('lead links', () => {
  it('open their lead for 14 days from the alert, and not a moment longer', async () => {
    const t = await leadLinkToken(SECRET, 'site_1', 'ld_1', T0)
    expect(await verifyLeadLink(SECRET, t, T0 + DAY)).toEqual({ siteId: 'site_1', leadId: 'ld_1', exp: T0 + LEAD_LINK_DAYS * DAY })
    expect(await verifyLeadLink(SECRET, t, T0 + LEAD_LINK_DAYS * DAY - 1)).not.toBeNull()
    expect(await verifyLeadLink(SECRET, t, T0 + LEAD_LINK_DAYS * DAY)).toBeNull()
  })

  it('refuse any change to payload or signature, another secret, and a session token', async () => {
    const t = await leadLinkToken(SECRET, 'site_1', 'ld_1', T0)
    const [body, sig] = t.split('.')
    const otherBody = Buffer.from(JSON.stringify({ s: 'site_1', l: 'ld_2', exp: T0 + 14 * DAY })).toString('base64url')
    expect(await verifyLeadLink(SECRET, `${otherBody}.${sig}`, T0)).toBeNull()
    expect(await verifyLeadLink(SECRET, `${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`, T0)).toBeNull()
    expect(await verifyLeadLink('another-secret', t, T0)).toBeNull()
    expect(await verifyLeadLink('', t, T0)).toBeNull()
    const session = await signToken(SECRET, 'leadbeacon/app-session/v1', { s: 'site_1', l: 'ld_1', exp: T0 + DAY })
    expect(await verifyLeadLink(SECRET, session, T0)).toBeNull()
    expect(await verifyToken(SECRET, 'leadbeacon/app-session/v1', session, T0)).toMatchObject({ l: 'ld_1' })
    for (const junk of [undefined, null, '', '.', 'a.b.c', `${body}.`, `${body}.${sig}.x`, 'x'.repeat(3000)]) expect(await verifyLeadLink(SECRET, junk, T0)).toBeNull()
  })

  it('the alert URL carries the token on the public origin, under /app/', async () => {
    expect(leadUrlFor('https://lb.example.com/', 'ld_1', 'abc.def')).toBe('https://lb.example.com/app/leads/ld_1?t=abc.def')
    expect(leadUrlFor(undefined, 'ld 1')).toBe('http://127.0.0.1:8787/app/leads/ld%201')
  })
})

describe('what a viewer may do', () => {
  it('a lead link may do nothing but look; admin everything; read only view', () => {
    for (const a of ['view', 'sales', 'erase', 'scoring', 'scoring:write', 'settings', 'keys'] as const) {
      expect(can('lead-link', a)).toBe(false)
      expect(can('admin', a)).toBe(true)
    }
    expect(can('read', 'view')).toBe(true)
    expect(can('read', 'sales')).toBe(false)
    expect(can('write', 'sales')).toBe(true)
    expect(can('write', 'erase')).toBe(false)
  })

  it('after sign-in, only a path inside the app', () => {
    expect(safeNext('/app/leads/ld_1?x=1')).toBe('/app/leads/ld_1?x=1')
    for (const bad of ['//evil.example', 'https://evil.example', '/api/v1/leads', '/app\\evil', undefined]) expect(safeNext(bad)).toBe('/app/leads')
  })
})
