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
  it('a visitor gets what is left of its day', () => {
    const counts = { visitorToday: BUDGETS.visitorPerDay - 10, visitorAnonymous: 0, leads: {} }
    expect(allowedEvents(counts, { leadId: null, joining: false }, 50)).toBe(10)
    expect(allowedEvents({ ...counts, visitorToday: BUDGETS.visitorPerDay + 5 }, { leadId: null, joining: false }, 50)).toBe(0)
  })

  it('a lead stores at most what scoring reads, counting the anonymous events a joining visitor brings', () => {
    const counts = { visitorToday: 0, visitorAnonymous: 25, leads: { l: { today: 0, stored: BUDGETS.leadStored - 30 } } }
    expect(allowedEvents(counts, { leadId: 'l', joining: true }, 50)).toBe(5)
    expect(allowedEvents({ ...counts, visitorAnonymous: 40 }, { leadId: 'l', joining: true }, 50)).toBe(0)
    // already linked: its events are counted in the lead's stored ones
    expect(allowedEvents(counts, { leadId: 'l', joining: false }, 50)).toBe(30)
  })

  it("a lead's day is shared by all its devices; a lead this batch creates has nothing counted", () => {
    const counts = { visitorToday: 0, visitorAnonymous: 0, leads: { l: { today: BUDGETS.leadPerDay - 7, stored: 100 } } }
    expect(allowedEvents(counts, { leadId: 'l', joining: false }, 50)).toBe(7)
    expect(allowedEvents(counts, { leadId: 'new', joining: true }, 50)).toBe(50)
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
