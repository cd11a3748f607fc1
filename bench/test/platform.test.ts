import { describe, expect, it } from 'vitest'
import type { WireBatch } from '../../snippet/types'
import { BatchSchema } from '../../worker/ingest/validate'
import { busyMs } from '../lib/isolate-cpu.mjs'
import { createLongFeed, longHistorySql } from '../lib/long-history.mjs'
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
    expect(busyMs(profile)).toBeCloseTo(0.6)
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
    for (let i = 0; i < 9; i++) {
      const b = JSON.parse(feed.next()) as WireBatch
      expect(BatchSchema.safeParse(b).success).toBe(true)
      expect(b.v).toBe(`long-${i % 3}`)
      expect(feed.lastIp).toBe(clientIp(b.v))
      for (const e of b.e) {
        expect(seen.has(`${b.v} ${e.i}`)).toBe(false)
        seen.add(`${b.v} ${e.i}`)
      }
    }
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
