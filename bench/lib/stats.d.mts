/**
 * The p-th percentile (0–100) by nearest rank; null for no samples.
 */
export function percentile(samples: readonly number[], p: number): number | null
/**
 * The median (mean of the two middle samples when their count is even); null for no samples.
 */
export function median(samples: readonly number[]): number | null
/**
 * Rounds to `digits` decimals; null/undefined/non-finite give null.
 */
export function round(x: number | null | undefined, digits?: number): number | null
