import type { Feed } from './traffic.mjs'

/** SQL seeding `leads` identified leads with `events` stored events each. */
export function longHistorySql(opts?: { siteId?: string; leads?: number; events?: number; prefix?: string; now?: number }): string
/** 10-event batches to the seeded long-history visitors in turn, every event id new. */
export function createLongFeed(opts: { siteKey: string; leads?: number; prefix?: string; tag?: string; now?: () => number }): Feed

/** What a phase stored, as `runPhase` and `firstBatches` return it. */
export interface PhaseCounts {
  requests: number
  batchSize: number
  accepted: number
  duplicates: number
  dropped: number
  statuses: Record<string | number, number>
  errors: number
}
/** One batch to each long-history lead in turn, one request at a time. */
export function firstBatches(opts: { base: string; feed: Feed; leads: number; origin?: string; userAgent?: string }): Promise<PhaseCounts>
/** Throws unless every request was answered 202 with all its events stored. */
export function assertAllAccepted(label: string, r: PhaseCounts): void
/** SQL answering the seeded long-history leads' stored events: leads, fewest, most. */
export function longHistoryCountSql(opts?: { prefix?: string }): string
