/**
 * Event budgets: what one visitor and one lead may add, so a flood can neither push a lead's real
 * history out of what scoring reads, nor make scoring it cost more without bound. Counted from the
 * history the snapshot already read (no extra query). Numbers and their arithmetic: docs/ingest.md.
 */
import type { EventRow } from '../db/client'
import { DAY_MS } from '../scoring/time'
import { HISTORY_LIMIT } from './read'

export const BUDGETS = {
  /** events one visitor id may add in any 24 hours */
  visitorPerDay: 1000,
  /** events one lead (all its devices) may add in any 24 hours */
  leadPerDay: 2000,
  /**
   * events stored for one lead (its visitors' anonymous ones once linked included): scoring reads at
   * most this many, so a lead never holds more than it reads, and nothing real is ever pushed out
   */
  leadStored: HISTORY_LIMIT,
} as const

/**
 * How many of `wanted` new events fit the visitor's and the lead's budgets at `now`.
 * @example
 * allowedEvents(snap.history, { visitorId, leadId, anonymousJoining: 3 }, 50, now) // 50, or fewer near a budget
 */
export function allowedEvents(
  history: readonly EventRow[],
  who: { visitorId: string; leadId: string | null; anonymousJoining: number },
  wanted: number,
  now: number,
): number {
  const since = now - DAY_MS
  let visitorToday = 0
  let leadToday = 0
  let leadStored = who.anonymousJoining
  for (const r of history) {
    if (r.visitorId === who.visitorId && r.receivedAt >= since) visitorToday++
    if (who.leadId !== null && r.leadId === who.leadId) {
      leadStored++
      if (r.receivedAt >= since) leadToday++
    }
  }
  let left = Math.min(wanted, BUDGETS.visitorPerDay - visitorToday)
  if (who.leadId !== null) left = Math.min(left, BUDGETS.leadPerDay - leadToday, BUDGETS.leadStored - leadStored)
  return Math.max(0, left)
}
