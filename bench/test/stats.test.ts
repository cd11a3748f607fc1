import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { median, percentile, round } from '../lib/stats.mjs'

describe('bench stats', () => {
  it('takes percentiles by nearest rank', () => {
    const xs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    expect(percentile(xs, 50)).toBe(50)
    expect(percentile(xs, 95)).toBe(100)
    expect(percentile(xs, 99)).toBe(100)
    expect(percentile(xs, 10)).toBe(10)
    expect(percentile(xs, 0)).toBe(10)
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
    expect(percentile([], 50)).toBeNull()
  })

  it('returns a sample with at least p% of samples at or below it and fewer than p% strictly below', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 100 }), (xs, p) => {
        const v = percentile(xs, p)!
        expect(xs).toContain(v)
        expect(xs.filter((x) => x <= v).length / xs.length).toBeGreaterThanOrEqual(p / 100)
        expect(xs.filter((x) => x < v).length / xs.length).toBeLessThan(p / 100)
      }),
    )
  })

  it('does not reorder its input', () => {
    const xs = [3, 1, 2]
    percentile(xs, 50)
    expect(xs).toEqual([3, 1, 2])
  })

  it('rounds, keeping missing values missing', () => {
    expect(round(1.23456, 2)).toBe(1.23)
    expect(round(1234.5)).toBe(1235)
    expect(round(null)).toBeNull()
    expect(round(Number.NaN)).toBeNull()
  })
})
