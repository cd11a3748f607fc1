/** Times are integer milliseconds since the epoch everywhere inside; the API and alerts show ISO-8601. */

/** Milliseconds in a day (model durations are in days). */
export const DAY_MS = 86_400_000

/**
 * Milliseconds since the epoch as ISO-8601; null stays null (an optional time in a view).
 * @example
 * iso(0) // "1970-01-01T00:00:00.000Z"
 */
export function iso(ms: number): string
export function iso(ms: number | null | undefined): string | null
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString()
}
