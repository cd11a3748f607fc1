import type { WireEvent } from '../../snippet/types'

/** Events in one visitor's session. */
export const JOURNEY_EVENTS: number
/**
 * A seeded PRNG (mulberry32).
 * @example
 * const rnd = seeded(42)
 */
export function seeded(seed: number): () => number
/**
 * One visitor's session as wire events, oldest first, ending at `end`.
 * @example
 * journey(seeded(1), { end: Date.now(), session: 0, email: 'ana@acme1.io' })
 */
export function journey(rnd: () => number, opts: { end: number; session?: number; email?: string | null }): WireEvent[]
/** A feed of `POST /e` bodies of `batchSize` events each. */
export interface Feed {
  batchSize: number
  readonly visitors: number
  next(): string
}
/**
 * An endless feed of realistic batches from many visitors.
 * @example
 * createFeed({ siteKey: 'demo', batchSize: 10, prefix: 'o10r1', seed: 7 }).next()
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
