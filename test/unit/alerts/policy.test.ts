import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  afterFailure,
  BACKOFF_CAP_MS,
  backoffMs,
  classifyStatus,
  DELIVERY_TIMEOUT_MS,
  EMAIL_TIMEOUT_MS,
  LEASE_MS,
  LOCAL_BACKOFF_CAP_MS,
  SETTLE_BUDGET_MS,
  MAX_ATTEMPTS,
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
} from '../../../worker/alerts/policy'

describe('backoff', () => {
  it('doubles from 1 minute to a 1 hour cap in production', () => {
    const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffMs(i + 1) / 60_000)
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60])
  })

  it('retries within a minute locally (5 s doubling, capped at 40 s)', () => {
    const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffMs(i + 1, null, { local: true }) / 1000)
    expect(waits).toEqual([5, 10, 20, 40, 40, 40, 40])
  })

  it('never undercuts a Retry-After, and bounds it', () => {
    expect(backoffMs(1, 120_000)).toBe(120_000)
    expect(backoffMs(1, 5_000)).toBe(60_000)
    expect(backoffMs(1, 90_000, { local: true })).toBe(90_000)
    expect(backoffMs(1, 10 * RETRY_AFTER_MAX_MS)).toBe(RETRY_AFTER_MAX_MS)
    expect(backoffMs(2, -5)).toBe(120_000)
  })

  it('is monotonic, deterministic and bounded for any attempt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.boolean(), (n, local) => {
        const a = backoffMs(n, null, { local })
        expect(a).toBe(backoffMs(n, null, { local }))
        expect(backoffMs(n + 1, null, { local })).toBeGreaterThanOrEqual(a)
        expect(a).toBeLessThanOrEqual(local ? LOCAL_BACKOFF_CAP_MS : BACKOFF_CAP_MS)
        expect(a).toBeGreaterThan(0)
      }),
    )
  })

  it('gives up after the last try', () => {
    expect(afterFailure(1, null, 1000)).toEqual({ status: 'pending', nextAttemptAt: 61_000 })
    expect(afterFailure(MAX_ATTEMPTS - 1, 7_200_000, 0)).toEqual({ status: 'pending', nextAttemptAt: 7_200_000 })
    expect(afterFailure(MAX_ATTEMPTS, null, 0)).toEqual({ status: 'failed' })
  })
})

describe('Retry-After', () => {
  const now = Date.UTC(2015, 9, 21, 7, 27)
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(60_000)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0)
  })
  it('ignores what it cannot read', () => {
    for (const v of [null, undefined, '', 'soon', '-5', '1.5', '12abc']) expect(parseRetryAfter(v, now)).toBeNull()
  })
})

describe('classifyStatus', () => {
  it('maps answers to outcomes', () => {
    const table: [number, string][] = [
      [200, 'sent'],
      [204, 'sent'],
      [301, 'failed'],
      [302, 'failed'],
      [400, 'failed'],
      [401, 'failed'],
      [403, 'failed'],
      [404, 'broken'],
      [408, 'retry'],
      [410, 'broken'],
      [413, 'failed'],
      [429, 'retry'],
      [500, 'retry'],
      [502, 'retry'],
      [503, 'retry'],
    ]
    for (const [status, want] of table) expect([status, classifyStatus(status)]).toEqual([status, want])
  })
})

describe('the claim lease', () => {
  it('outlasts the slowest send (HTTP or email) plus the write that settles it', () => {
    expect(LEASE_MS).toBeGreaterThan(Math.max(DELIVERY_TIMEOUT_MS, EMAIL_TIMEOUT_MS) + SETTLE_BUDGET_MS)
  })
})
