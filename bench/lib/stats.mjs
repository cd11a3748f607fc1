// Small statistics helpers shared by the bench phases.

/**
 * The p-th percentile (0–100) by nearest rank; null for no samples.
 * @example
 * percentile([5, 1, 3, 2, 4], 50) // 3
 */
export function percentile(samples, p) {
  if (!samples.length) return null
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/**
 * The median (mean of the two middle samples when their count is even); null for no samples.
 * @example
 * median([3, 1, 2]) // 2
 * median([4, 1, 3, 2]) // 2.5
 */
export function median(samples) {
  if (!samples.length) return null
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Rounds to `digits` decimals (null stays null), so the report shows what the measurement can carry.
 * @example
 * round(3.14159, 2) // 3.14
 */
export function round(x, digits = 0) {
  if (x === null || x === undefined || !Number.isFinite(x)) return null
  const f = 10 ** digits
  return Math.round(x * f) / f
}
