import { describe, expect, it } from 'vitest'
import type { WireBatch } from '../../snippet/types'
import { BatchSchema } from '../../worker/ingest/validate'
import { createFeed, JOURNEY_EVENTS, journey, seeded } from '../lib/traffic.mjs'

const END = Date.parse('2026-11-01T12:00:00Z')
const take = (feed: { next(): string }, n: number): WireBatch[] => Array.from({ length: n }, () => JSON.parse(feed.next()))

describe('bench traffic', () => {
  it('sends only batches the Worker accepts, each of exactly batchSize events', () => {
    for (const batchSize of [1, 10]) {
      const feed = createFeed({ siteKey: 'demo', batchSize, prefix: `t${batchSize}`, seed: 3, now: () => END })
      for (const b of take(feed, 400)) {
        const r = BatchSchema.safeParse(b)
        expect(r.success, JSON.stringify(r.error?.issues)).toBe(true)
        expect(b.e).toHaveLength(batchSize)
        expect(b.s).toBe('demo')
      }
    }
  })

  it('spreads one visitor’s batches `pool` requests apart, so concurrent requests hit different visitors', () => {
    const pool = 16
    const batches = take(createFeed({ siteKey: 'demo', batchSize: 1, prefix: 'p', seed: 1, pool, now: () => END }), 200)
    for (let i = 0; i + pool <= batches.length; i++) {
      expect(new Set(batches.slice(i, i + pool).map((b) => b.v)).size).toBe(pool)
    }
  })

  it('delivers each visitor’s whole session in order, every event once', () => {
    const batches = take(createFeed({ siteKey: 'demo', batchSize: 10, prefix: 'o', seed: 2, pool: 4, now: () => END }), 40)
    const byVisitor = new Map<string, WireBatch['e']>()
    for (const b of batches) byVisitor.set(b.v, [...(byVisitor.get(b.v) ?? []), ...b.e])
    expect(byVisitor.size).toBe((40 * 10) / JOURNEY_EVENTS)
    for (const events of byVisitor.values()) {
      expect(events).toHaveLength(JOURNEY_EVENTS)
      expect(new Set(events.map((e) => e.i)).size).toBe(JOURNEY_EVENTS)
      expect(events.map((e) => e.ts)).toEqual([...events.map((e) => e.ts)].sort((a, b) => a - b))
    }
  })

  it('identifies one visitor in eight, by a form with an email, and never raises a hand', () => {
    const batches = take(createFeed({ siteKey: 'demo', batchSize: 10, prefix: 'i', seed: 4, now: () => END }), 64 * 2 * 4)
    const visitors = new Set(batches.map((b) => b.v))
    const events = batches.flatMap((b) => b.e)
    const forms = events.filter((e) => e.t === 'form')
    expect(forms.length).toBe(visitors.size / 8)
    for (const f of forms) expect(f.t === 'form' && f.d.email).toMatch(/@acme\d+\.io$/)
    expect(events.some((e) => e.t === 'tr')).toBe(false)
    expect(events.some((e) => e.t === 'dl')).toBe(true)
  })

  it('is deterministic for a seed and ends each session at `end`', () => {
    const a = journey(seeded(9), { end: END, email: 'ana@acme1.io' })
    expect(journey(seeded(9), { end: END, email: 'ana@acme1.io' })).toEqual(a)
    expect(journey(seeded(10), { end: END })).not.toEqual(a)
    expect(Math.max(...a.map((e) => e.ts))).toBeLessThanOrEqual(END)
    expect(Math.min(...a.map((e) => e.ts))).toBeGreaterThan(END - 3_600_000)
  })

  it('refuses a batch size that does not divide a session', () => {
    expect(() => createFeed({ siteKey: 'demo', batchSize: 3, prefix: 'x', seed: 1 })).toThrow(RangeError)
  })
})
