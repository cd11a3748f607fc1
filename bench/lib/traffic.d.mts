import type { WireEvent } from '../../snippet/types'

/** Events in one visitor's session. */
export const JOURNEY_EVENTS: number
/**
 * A seeded PRNG (mulberry32).
 */
export function seeded(seed: number): () => number
/**
 * One visitor's session as wire events, oldest first, ending at `end`.
 */
export function journey(rnd: () => number, opts: { end: number; session?: number; email?: string | null }): WireEvent[]
/** A feed of `POST /e` bodies of `batchSize` events each. */
export interface Feed {
  batchSize: number
  readonly visitors: number
  /** client address (CF-Connecting-IP) of the visitor of the last batch */
  readonly lastIp: string | null
  next(): string
}
/**
 * An endless feed of realistic batches from many visitors.
 */
export function createFeed(opts: {
  siteKey: string
  batchSize: number
  prefix: string
  seed: number
  pool?: number
  identifyEvery?: number
  now?: () => number
}): Feed
/** A stable 10.x.y.z client address per visitor id. */
export function clientIp(vid: string): string
