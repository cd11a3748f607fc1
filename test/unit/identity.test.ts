import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { identityHash, verifyIdentityHash } from '../../worker/ingest/identity'
import { allowedEvents, BUDGETS } from '../../worker/ingest/budget'
import { emailKind, DEFAULT_MODEL } from '../../worker/scoring'
import { shards, spread } from '../../worker/ingest/limits'

describe('identity hash', () => {
  it('is the hex HMAC-SHA256 of the trimmed, lower-cased email, as the documented Node line makes it', async () => {
    const secret = 'idsec_test'
    const node = createHmac('sha256', secret).update('ana@acme.io').digest('hex')
    expect(await identityHash(secret, '  Ana@ACME.io ')).toBe(node)
    expect(await verifyIdentityHash(secret, 'ana@acme.io', node)).toBe(true)
    expect(await verifyIdentityHash(secret, 'ana@acme.io', node.toUpperCase())).toBe(true)
  })

  it('refuses a wrong, malformed or missing hash, another email, another secret, or no secret', async () => {
    const good = await identityHash('s1', 'ana@acme.io')
    expect(await verifyIdentityHash('s2', 'ana@acme.io', good)).toBe(false)
    expect(await verifyIdentityHash('s1', 'bob@acme.io', good)).toBe(false)
    expect(await verifyIdentityHash('s1', 'ana@acme.io', good.slice(0, 63))).toBe(false)
    expect(await verifyIdentityHash('s1', 'ana@acme.io', `${good.slice(0, 63)}g`)).toBe(false)
    expect(await verifyIdentityHash('s1', 'ana@acme.io', undefined)).toBe(false)
    expect(await verifyIdentityHash(null, 'ana@acme.io', good)).toBe(false)
  })
})

describe('email kinds', () => {
  it('marks work, free and disposable addresses (subdomains of a disposable service too)', () => {
    expect(emailKind('ana@acme.io', DEFAULT_MODEL)).toBe('work')
    expect(emailKind('ana@gmail.com', DEFAULT_MODEL)).toBe('free')
    expect(emailKind('x@mailinator.com', DEFAULT_MODEL)).toBe('disposable')
    expect(emailKind('x@eu.yopmail.com', DEFAULT_MODEL)).toBe('disposable')
  })
})

describe('event budgets', () => {
  const row = (visitorId: string, leadId: string | null, receivedAt: number) =>
    ({ visitorId, leadId, receivedAt }) as Parameters<typeof allowedEvents>[0][number]
  const now = 10 * 86_400_000

  it('a visitor gets what is left of its day; yesterday does not count', () => {
    const today = Array.from({ length: BUDGETS.visitorPerDay - 10 }, () => row('v', null, now - 1000))
    const old = Array.from({ length: 500 }, () => row('v', null, now - 2 * 86_400_000))
    expect(allowedEvents([...today, ...old], { visitorId: 'v', leadId: null, anonymousJoining: 0 }, 50, now)).toBe(10)
  })

  it('a lead stores at most what scoring reads, counting the anonymous events a joining visitor brings', () => {
    const stored = Array.from({ length: BUDGETS.leadStored - 30 }, () => row('w', 'l', now - 3 * 86_400_000))
    expect(allowedEvents(stored, { visitorId: 'v', leadId: 'l', anonymousJoining: 25 }, 50, now)).toBe(5)
    expect(allowedEvents(stored, { visitorId: 'v', leadId: 'l', anonymousJoining: 40 }, 50, now)).toBe(0)
  })
})

describe('limit shards', () => {
  it('a budget uses whole units, and visitor ids spread over them', () => {
    expect(shards(60, 60)).toBe(1)
    expect(shards(61, 60)).toBe(2)
    const counts = [0, 0, 0, 0]
    for (let i = 0; i < 4000; i++) counts[spread(`v${i}`, 4)]++
    for (const c of counts) expect(c).toBeGreaterThan(800)
  })
})
