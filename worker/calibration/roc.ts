/**
 * A ROC curve (false-positive rate → true-positive rate) from scores and outcomes, one point per
 * distinct score, for the calibration report's chart. Pure.
 */

/**
 * Points from (0,0) to (1,1); ties share a point, so the curve is the one the AUC integrates.
 * @example
 * rocCurve([3, 1, 2], [true, false, true]) // [[0,0],[0,0.5],[0,1],[1,1]]
 */
export function rocCurve(scores: readonly number[], won: readonly boolean[]): [number, number][] {
  const pos = won.filter(Boolean).length
  const neg = won.length - pos
  if (!pos || !neg) return []
  const order = scores.map((s, i) => ({ s, w: won[i] })).sort((a, b) => b.s - a.s)
  const out: [number, number][] = [[0, 0]]
  let tp = 0
  let fp = 0
  for (let i = 0; i < order.length; i++) {
    if (order[i].w) tp++
    else fp++
    if (i === order.length - 1 || order[i + 1].s !== order[i].s) out.push([fp / neg, tp / pos])
  }
  return out
}

/**
 * At most `max` points of a curve, evenly picked, keeping both ends: what a stored report keeps.
 * @example
 * thinCurve(rocCurve(scores, won), 200).length <= 200 // → true
 */
export function thinCurve(points: readonly [number, number][], max: number): [number, number][] {
  if (points.length <= max) return [...points]
  const step = (points.length - 1) / (max - 1)
  return Array.from({ length: max }, (_, k) => points[Math.round(k * step)])
}
