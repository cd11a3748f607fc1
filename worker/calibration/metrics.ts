/**
 * Ranking-quality measures for a score against known outcomes: ROC AUC and conversion/lift by band.
 */

/**
 * ROC AUC as the Mann–Whitney statistic: the probability that a random won lead scores above a random
 * lost one, ties counting one half (so a constant score gives exactly 0.5). NaN when either class is
 * empty, since the question then has no answer.
 * @example
 * rocAuc([0.9, 0.1, 0.5], [true, false, false]) // → 1
 */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  if (scores.length !== positive.length) throw new Error('rocAuc: scores and labels differ in length')
  const order = scores.map((_s, i) => i).sort((a, b) => scores[a] - scores[b])
  let pos = 0
  let rankSumPos = 0
  // Average ranks over runs of tied scores: that is what makes ties worth one half.
  for (let start = 0; start < order.length; ) {
    let end = start
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++
    const avgRank = (start + end) / 2 + 1
    for (let k = start; k <= end; k++) {
      if (positive[order[k]]) {
        pos++
        rankSumPos += avgRank
      }
    }
    start = end + 1
  }
  const neg = scores.length - pos
  if (pos === 0 || neg === 0) return Number.NaN
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg)
}

/**
 * One score band of a report: how many leads fell in it, how many were won, and the lift over the base rate.
 * @example
 * const b: Band = { label: '≥ 170', from: 170, to: Infinity, n: 903, won: 713, conversion: 0.79, lift: 2.05 }
 */
export interface Band {
  /** human label, e.g. "40–60" or "≥ 80" */
  label: string
  /** inclusive lower bound of the score */
  from: number
  /** exclusive upper bound (Infinity for the top band) */
  to: number
  n: number
  won: number
  /** won / n (0 for an empty band) */
  conversion: number
  /** conversion / overall conversion (0 for an empty band or no wins at all) */
  lift: number
}

/**
 * Conversion and lift per score band. `edges` are the ascending inner cut points: [40, 70] gives the
 * bands "< 40", "40–70" and "≥ 70".
 * @example
 * bandTable([10, 50, 90, 95], [false, false, true, true], [40, 70])
 * // → [{ label: '< 40', n: 1, won: 0, … }, { label: '40–70', … }, { label: '≥ 70', n: 2, won: 2, conversion: 1, lift: 2 }]
 */
export function bandTable(scores: readonly number[], positive: readonly boolean[], edges: readonly number[]): Band[] {
  const cuts = [...new Set(edges)].sort((a, b) => a - b)
  const bounds = [Number.NEGATIVE_INFINITY, ...cuts, Number.POSITIVE_INFINITY]
  const totalWon = positive.filter(Boolean).length
  const base = scores.length ? totalWon / scores.length : 0
  const bands: Band[] = []
  for (let b = 0; b + 1 < bounds.length; b++) {
    const from = bounds[b]
    const to = bounds[b + 1]
    let n = 0
    let won = 0
    scores.forEach((s, i) => {
      if (s >= from && s < to) {
        n++
        if (positive[i]) won++
      }
    })
    const conversion = n ? won / n : 0
    const label =
      cuts.length === 0
        ? 'all'
        : from === Number.NEGATIVE_INFINITY
          ? `< ${fmt(to)}`
          : to === Number.POSITIVE_INFINITY
            ? `≥ ${fmt(from)}`
            : `${fmt(from)}–${fmt(to)}`
    bands.push({ label, from, to, n, won, conversion, lift: base > 0 ? conversion / base : 0 })
  }
  return bands
}

/**
 * Cut points that split the scores into `k` groups of about equal size (quantiles), deduplicated, for a
 * band table that says something even when scores crowd into a narrow range.
 * @example
 * quantileEdges([1, 2, 3, 4, 5, 6, 7, 8], 4) // → [3, 5, 7]
 */
export function quantileEdges(scores: readonly number[], k: number): number[] {
  if (scores.length === 0 || k < 2) return []
  const sorted = [...scores].sort((a, b) => a - b)
  const edges: number[] = []
  for (let q = 1; q < k; q++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((q * sorted.length) / k))]
    if (v > sorted[0] && !edges.includes(v)) edges.push(v)
  }
  return edges
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1)
}
