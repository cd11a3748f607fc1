import type { Feed } from './traffic.mjs'

/** SQL seeding `leads` identified leads with `events` stored events each. */
export function longHistorySql(opts?: { siteId?: string; leads?: number; events?: number; prefix?: string; now?: number }): string
/** 10-event batches to the seeded long-history visitors in turn, every event id new. */
export function createLongFeed(opts: { siteKey: string; leads?: number; prefix?: string; tag?: string; now?: () => number }): Feed
