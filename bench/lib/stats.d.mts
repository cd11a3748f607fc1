/**
 * The p-th percentile (0–100) by nearest rank; null for no samples.
 * @example
 * percentile([5, 1, 3, 2, 4], 50) // 3
 */
export function percentile(samples: readonly number[], p: number): number | null
/**
 * The median (mean of the two middle samples when their count is even); null for no samples.
 * @example
 * median([4, 1, 3, 2]) // 2.5
 */
export function median(samples: readonly number[]): number | null
/**
 * Rounds to `digits` decimals; null/undefined/non-finite give null.
 * @example
 * round(3.14159, 2) // 3.14
 */
export function round(x: number | null | undefined, digits?: number): number | null
