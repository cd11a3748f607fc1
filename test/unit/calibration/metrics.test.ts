import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bandTable, quantileEdges, rocAuc } from '../../../worker/calibration/metrics'
import { seededRandom, splitIndices } from '../../../worker/calibration/random'

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for an inverted one, 0.5 when every score ties', () => {
    const y = [false, false, true, true]
    expect(rocAuc([1, 2, 3, 4], y)).toBe(1)
    expect(rocAuc([4, 3, 2, 1], y)).toBe(0)
    expect(rocAuc([7, 7, 7, 7], y)).toBe(0.5)
  })

  it('counts a tie between a won and a lost lead as one half', () => {
    // pairs (won, lost): (3 vs 1) win, (3 vs 3) tie, (5 vs 1) win, (5 vs 3) win → 3.5 / 4
    expect(rocAuc([1, 3, 3, 5], [false, false, true, true])).toBe(0.875)
  })

  it('is NaN without both classes', () => {
    expect(rocAuc([1, 2], [true, true])).toBeNaN()
  })

  it('equals the brute-force pair count on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 }), (pairs) => {
        const s = pairs.map((p) => p[0])
        const y = pairs.map((p) => p[1])
        let num = 0
        let den = 0
        for (let i = 0; i < s.length; i++)
          for (let j = 0; j < s.length; j++)
            if (y[i] && !y[j]) {
              den++
              num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0
            }
        const auc = rocAuc(s, y)
        if (den === 0) expect(auc).toBeNaN()
        else expect(auc).toBeCloseTo(num / den, 12)
      }),
    )
  })
})

describe('bandTable', () => {
  it('reports n, conversion and lift per band', () => {
    const bands = bandTable([10, 50, 60, 90, 95], [false, false, true, true, true], [40, 70])
    expect(bands.map((b) => b.label)).toEqual(['< 40', '40–70', '≥ 70'])
    expect(bands.map((b) => b.n)).toEqual([1, 2, 2])
    expect(bands.map((b) => b.won)).toEqual([0, 1, 2])
    expect(bands[2].conversion).toBe(1)
    expect(bands[2].lift).toBeCloseTo(1 / 0.6, 12)
    expect(bands[1].lift).toBeCloseTo(0.5 / 0.6, 12)
  })
})

describe('quantileEdges', () => {
  it('cuts into groups of equal size and drops duplicate cuts', () => {
    expect(quantileEdges([1, 2, 3, 4, 5, 6, 7, 8], 4)).toEqual([3, 5, 7])
    expect(quantileEdges([0, 0, 0, 0, 0, 0, 5, 9], 4)).toEqual([5])
  })
})

describe('seeded split', () => {
  it('is deterministic, disjoint, complete and 70/30', () => {
    const a = splitIndices(1000, 0.3, 42)
    expect(splitIndices(1000, 0.3, 42)).toEqual(a)
    expect(a.test.length).toBe(300)
    expect(new Set([...a.train, ...a.test]).size).toBe(1000)
    expect(splitIndices(1000, 0.3, 7).test).not.toEqual(a.test)
  })

  it('draws numbers in [0, 1) that look uniform', () => {
    const r = seededRandom(1)
    const xs = Array.from({ length: 10000 }, r)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean).toBeGreaterThan(0.48)
    expect(mean).toBeLessThan(0.52)
  })
})
