import { describe, expect, it } from 'vitest'
import { fitLogistic, predictProbability, sigmoid } from '../../../worker/calibration/logistic'
import { seededRandom } from '../../../worker/calibration/random'

/** Box–Muller normal draws from the seeded generator. */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
}

describe('fitLogistic', () => {
  it('recovers known coefficients on synthetic data (different scales, a binary feature)', () => {
    const rand = seededRandom(7)
    const truth = { b: -1, w: [1.5, -0.02, 2] } // feature 2 is in "seconds", ~N(0, 50)
    const x: number[][] = []
    const y: boolean[] = []
    for (let i = 0; i < 20000; i++) {
      const row = [normal(rand), 50 * normal(rand), rand() < 0.3 ? 1 : 0]
      const p = sigmoid(truth.b + truth.w[0] * row[0] + truth.w[1] * row[1] + truth.w[2] * row[2])
      x.push(row)
      y.push(rand() < p)
    }
    const fit = fitLogistic(x, y, { lambda: 0.01 })
    expect(fit.converged).toBe(true)
    // Tolerances are about three standard errors of each estimate at n = 20 000.
    expect(Math.abs(fit.intercept - truth.b)).toBeLessThan(0.1)
    expect(Math.abs(fit.coef[0] - truth.w[0])).toBeLessThan(0.1)
    expect(Math.abs(fit.coef[1] - truth.w[1])).toBeLessThan(0.002)
    expect(Math.abs(fit.coef[2] - truth.w[2])).toBeLessThan(0.15)
  })

  it('gives a constant column a zero coefficient and still fits the rest', () => {
    const x = [[0, 5], [1, 5], [2, 5], [3, 5], [0, 5], [3, 5]]
    const y = [false, false, true, true, true, false]
    const fit = fitLogistic(x, y)
    expect(fit.coef[1]).toBe(0)
    expect(Number.isFinite(fit.coef[0])).toBe(true)
  })

  it('stays finite on perfectly separable data, where a stronger penalty shrinks more', () => {
    const x = [[0], [1], [2], [3], [4], [5]]
    const y = [false, false, false, true, true, true]
    const weak = fitLogistic(x, y, { lambda: 0.01 })
    const strong = fitLogistic(x, y, { lambda: 10 })
    expect(Number.isFinite(weak.coef[0])).toBe(true)
    expect(weak.coef[0]).toBeGreaterThan(strong.coef[0])
    expect(strong.coef[0]).toBeGreaterThan(0)
    expect(predictProbability(weak, [5])).toBeGreaterThan(0.9)
    expect(predictProbability(weak, [0])).toBeLessThan(0.1)
  })

  it('matches the base rate through the intercept when no feature carries signal', () => {
    const x = Array.from({ length: 100 }, () => [1])
    const y = Array.from({ length: 100 }, (_, i) => i < 25)
    const fit = fitLogistic(x, y)
    expect(predictProbability(fit, [1])).toBeCloseTo(0.25, 6)
  })
})
