import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { identityHash, verifyIdentityHash } from '../../worker/ingest/identity'
import { allowedEvents, BUDGETS, dayCount, windowAfter } from '../../worker/ingest/budget'
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
  const now = Date.UTC(2026, 10, 30, 12)
  const HOUR = 3_600_000

  it('a visitor gets what is left of its day', () => {
    expect(allowedEvents({ visitorToday: BUDGETS.visitorPerDay - 10, leadToday: null }, 50)).toBe(10)
    expect(allowedEvents({ visitorToday: BUDGETS.visitorPerDay + 5, leadToday: null }, 50)).toBe(0)
  })

  it("a lead's day is shared by all its devices, and the smaller of the two budgets wins", () => {
    expect(allowedEvents({ visitorToday: 0, leadToday: BUDGETS.leadPerDay - 7 }, 50)).toBe(7)
    expect(allowedEvents({ visitorToday: BUDGETS.visitorPerDay - 3, leadToday: BUDGETS.leadPerDay - 7 }, 50)).toBe(3)
    expect(allowedEvents({ visitorToday: 0, leadToday: 0 }, 50)).toBe(50)
  })

  it('a window counts for 24 hours from the event that opened it, then the next event opens a new one', () => {
    const w = { budgetDayFrom: now - 23 * HOUR, budgetDayEvents: 990 }
    expect(dayCount(w, now)).toBe(990)
    expect(dayCount(w, now + 2 * HOUR)).toBe(0)
    expect(dayCount({ budgetDayFrom: null, budgetDayEvents: 0 }, now)).toBe(0)
    expect(dayCount(undefined, now)).toBe(0)
    // adding to the open window keeps its start; after it lapsed, a new one starts now with the batch alone
    expect(windowAfter(w, dayCount(w, now), 10, now, [w])).toEqual({ budgetDayFrom: now - 23 * HOUR, budgetDayEvents: 1000 })
    const later = now + 2 * HOUR
    expect(windowAfter(w, dayCount(w, later), 10, later, [w])).toEqual({ budgetDayFrom: later, budgetDayEvents: 10 })
    // nothing counted and nothing added: the row keeps what it had
    expect(windowAfter(w, 0, 0, later, [w])).toEqual(w)
  })

  it("an anonymous visitor joining a lead brings its day's events into the lead's window, from the earlier start", () => {
    const visitor = { budgetDayFrom: now - 5 * HOUR, budgetDayEvents: 25 }
    const lead = { budgetDayFrom: now - 2 * HOUR, budgetDayEvents: BUDGETS.leadPerDay - 30 }
    const leadToday = dayCount(lead, now) + dayCount(visitor, now)
    expect(allowedEvents({ visitorToday: dayCount(visitor, now), leadToday }, 50)).toBe(5)
    expect(windowAfter(lead, leadToday, 5, now, [lead, visitor])).toEqual({ budgetDayFrom: now - 5 * HOUR, budgetDayEvents: BUDGETS.leadPerDay })
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
