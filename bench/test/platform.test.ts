import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { WireBatch } from '../../snippet/types'
import { BatchSchema } from '../../worker/ingest/validate'
import { busyMs } from '../lib/isolate-cpu.mjs'
import { assertAllAccepted, createLongFeed, longHistorySql } from '../lib/long-history.mjs'
import { countingConfig } from '../lib/d1-queries.mjs'
import { clientIp, createFeed } from '../lib/traffic.mjs'
import { QUOTAS, simulate } from '../scaling-sim.mjs'

describe('isolate CPU from a profile', () => {
  it('counts JavaScript and GC samples, not idle or (program) ones (waiting shows as (program) in workerd)', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: 0, columnNumber: 0 } },
        { id: 2, callFrame: { functionName: 'score', url: 'index.js', lineNumber: 3, columnNumber: 0 } },
        { id: 3, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: 0, columnNumber: 0 } },
        { id: 4, callFrame: { functionName: '(program)', url: '', lineNumber: 0, columnNumber: 0 } },
      ],
      samples: [1, 2, 2, 3, 1, 4],
      timeDeltas: [5_000, 200, 300, 100, 7_000, 9_000],
    }
    expect(busyMs(profile, Number.POSITIVE_INFINITY)).toBeCloseTo(0.6)
  })

  it('counts a sample after a gap as one interval, not the gap (other isolates ran on the thread)', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(program)', url: '', lineNumber: 0, columnNumber: 0 } },
        { id: 2, callFrame: { functionName: 'score', url: 'index.js', lineNumber: 3, columnNumber: 0 } },
      ],
      // a 12 ms gap (the local D1 ran) before the first sample of `score`, then two regular samples
      samples: [1, 2, 2, 2],
      timeDeltas: [200, 12_000, 200, 150],
    }
    expect(busyMs(profile)).toBeCloseTo(0.55)
    expect(busyMs(profile, Number.POSITIVE_INFINITY)).toBeCloseTo(12.35)
  })
})

describe('client addresses of synthetic visitors', () => {
  it('are stable per visitor, distinct across visitors, and sent with each batch', () => {
    expect(clientIp('a-1')).toBe(clientIp('a-1'))
    const ips = new Set(Array.from({ length: 500 }, (_, i) => clientIp(`v-${i}`)))
    expect(ips.size).toBeGreaterThan(490)
    for (const ip of ips) expect(ip).toMatch(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/)
    const feed = createFeed({ siteKey: 'demo', batchSize: 10, prefix: 'ip', seed: 1 })
    const body = JSON.parse(feed.next()) as WireBatch
    expect(feed.lastIp).toBe(clientIp(body.v))
  })
})

describe('long-history leads', () => {
  it('seeds every lead with its events in one statement and feeds valid, never-repeated batches', () => {
    const sql = longHistorySql({ leads: 3, events: 5000, now: 1_000_000_000_000 })
    expect(sql.match(/INSERT INTO leads/g)).toHaveLength(3)
    expect(sql.match(/INSERT INTO visitors/g)).toHaveLength(3)
    expect(sql).toContain('i < 4999')
    const feed = createLongFeed({ siteKey: 'demo', leads: 3, tag: 't' })
    const seen = new Set<string>()
    const newest = new Map<string, number>()
    // a second feed (the next slice) continues each visitor's timeline, as a tab's next batch would
    const next = createLongFeed({ siteKey: 'demo', leads: 3, tag: 'u' })
    for (let i = 0; i < 18; i++) {
      const b = JSON.parse((i < 9 ? feed : next).next()) as WireBatch
      expect(BatchSchema.safeParse(b).success).toBe(true)
      expect(b.v).toBe(`long-${i % 3}`)
      expect((i < 9 ? feed : next).lastIp).toBe(clientIp(b.v))
      for (const e of b.e) {
        expect(seen.has(`${b.v} ${e.i}`)).toBe(false)
        seen.add(`${b.v} ${e.i}`)
      }
      // every batch later than the visitor's previous one: it extends the stored state (no late events)
      const times = b.e.map((e) => e.ts)
      expect(Math.min(...times)).toBeGreaterThan(newest.get(b.v) ?? 0)
      newest.set(b.v, Math.max(...times))
    }
  })

  it('a long-history figure counts only phases whose every event was stored', () => {
    const phase = { requests: 4, batchSize: 10, accepted: 40, duplicates: 0, dropped: 0, statuses: { 202: 4 }, errors: 0 }
    expect(() => assertAllAccepted('ok', phase)).not.toThrow()
    expect(() => assertAllAccepted('dropped', { ...phase, accepted: 36, dropped: 4 })).toThrow(/36 of 40/)
    expect(() => assertAllAccepted('refused', { ...phase, statuses: { 202: 3, 503: 1 }, accepted: 30 })).toThrow(/503/)
    expect(() => assertAllAccepted('empty', { ...phase, requests: 0, accepted: 0, statuses: {} })).toThrow()
  })
})

describe('scaling simulation', () => {
  const figures = {
    eventsPerSec: 100,
    cpuMsPerRequest: 2,
    cpuMsPerRequestLongHistory: 2.2,
    d1: { rowsWrittenPerEvent: 3, rowsReadPerEvent: 10 },
    storage: { bytesPerEvent: 200, bytesPerVisitor: 500, bytesPerLead: 2_000 },
  }
  const a = { eventsPerVisit: 20, visits: 1, identified: 0, batch: 10, retentionDays: 30, peak: 1 }

  it('derives per-visitor costs and the binding quota from the inputs', () => {
    const r = simulate(figures, a)
    expect(r.perVisitor.events).toBe(20)
    expect(r.perVisitor.requests).toBe(3) // 2 ingest requests + the tag
    expect(r.perVisitor.rowsWritten).toBe(60)
    // Free: 3M rows written a month ÷ 60 per visitor = 50,000 visitors, below requests (1M) and reads (15M)
    expect(r.free.byQuota.rowsWritten).toBe(50_000)
    expect(r.free.binding).toBe('rowsWritten')
    expect(r.free.visitorsPerMonth).toBe(50_000)
    expect(r.paid.byQuota.rowsWritten).toBeCloseTo(QUOTAS.paid.rowsWrittenPerMonth / 60, 1)
    expect(r.oneDb.visitorsPerMonthAtPeak).toBe(Math.round((100 * 86_400 * 30) / 20))
    expect(r.freeCpuFits).toBe(true)
  })

  it('says when an ingest request needs more CPU than the Free plan gives', () => {
    expect(simulate({ ...figures, cpuMsPerRequestLongHistory: 12 }, a).freeCpuFits).toBe(false)
  })
})

describe('the counting build', () => {
  it('points wrangler.toml\'s [alias] targets and entry back at the repo from its temp directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-cc-'))
    const toml = readFileSync(countingConfig(dir), 'utf8')
    const root = process.cwd()
    expect(toml).toMatch(new RegExp(`^main = "${root}/bench/d1count/index.ts"$`, 'm'))
    expect(toml).toContain(`zod = "${root}/worker/vendor/zod.ts"`)
    // keys that look like relative paths are module specifiers: left as they are
    expect(toml).toMatch(/^"\.\.\/locales\/index\.js" = "\//m)
    expect(toml).not.toMatch(/= "\.\.?\//)
  })
})
